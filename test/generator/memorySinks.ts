import {FILES, generate, type GenerateOptions, type GenerateResult, type Outputs} from "../../generator/generate.ts";
import type {Sink} from "../../generator/writer.ts";

export type Files = Record<keyof typeof FILES, Buffer>;

/** Runs the generator into memory; files come back as bytes, exactly as the CLI would write them. */
export async function generateInMemory(options: Partial<GenerateOptions> = {}): Promise<GenerateResult & {files: Files}> {
  const chunks: Record<string, Buffer[]> = {};
  const outputs = {} as Outputs;
  for (const key of Object.keys(FILES) as (keyof typeof FILES)[]) {
    const parts: Buffer[] = (chunks[key] = []);
    const sink: Sink = {
      write: (chunk) => (parts.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk)), true),
      drain: async () => {}
    };
    outputs[key] = sink;
  }
  const result = await generate({seed: 42, start: Date.UTC(2026, 9, 1), days: 30, transactions: 4000, dirty: false, ...options}, outputs);
  const files = Object.fromEntries(Object.entries(chunks).map(([key, parts]) => [key, Buffer.concat(parts)])) as Files;
  return {...result, files};
}

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
  /** Raw bytes of the record without its terminator, for UTF-8 checks. */
  raw: Buffer;
  /** A quote in the wrong place made the record unparseable under RFC 4180. */
  broken: boolean;
}

/**
 * An independent RFC 4180 reader for the tests (not the bridge's scanner): works on bytes read
 * as latin1 so invalid UTF-8 survives, skips a leading BOM, accepts LF and CRLF, counts lines
 * inside quoted fields. Fields are decoded as UTF-8 (lossy); `raw` keeps the bytes.
 */
export function readCsv(bytes: Buffer): CsvRecord[] {
  const text = bytes.toString("latin1");
  const records: CsvRecord[] = [];
  let i = text.startsWith("\xef\xbb\xbf") ? 3 : 0;
  let line = 1;
  while (i < text.length) {
    const start = i;
    const startLine = line;
    const fields: string[] = [];
    let broken = false;
    for (;;) {
      let field = "";
      if (text[i] === '"') {
        ++i;
        for (;;) {
          if (i >= text.length) {
            broken = true;
            break;
          }
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] === "\n") ++line;
          field += text[i++];
        }
        while (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
          broken = true;
          field += text[i++];
        }
      } else {
        while (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") field += text[i++];
      }
      fields.push(Buffer.from(field, "latin1").toString("utf8"));
      if (text[i] === ",") {
        ++i;
        continue;
      }
      break;
    }
    const end = i;
    if (text[i] === "\r") ++i;
    if (text[i] === "\n") ++i;
    ++line;
    records.push({line: startLine, fields, raw: bytes.subarray(start, end), broken});
  }
  return records;
}

/** The column lists of docs/CONTRACTS.md's CSV table, by file name. */
export function contractColumns(markdown: string): Map<string, string[]> {
  const columns = new Map<string, string[]>();
  for (const match of markdown.matchAll(/^\| `([a-z_]+\.csv)` \| ([^|]+) \|$/gm)) {
    columns.set(match[1], match[2].split(",").map((c) => c.trim()));
  }
  return columns;
}
