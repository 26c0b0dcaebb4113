import {describe, expect, it} from "vitest";
import {CsvRecord, hashRecord, Scan, scanLine, scanRecord, sniffDelimiter} from "../../../stream-bridge/ingest/csv.ts";

/** Scans every record of `bytes` with the given eof behavior; returns fields (decoded) or errors per record. */
function scanAll(bytes: Buffer, delimiter = 44) {
  const rec = new CsvRecord();
  const out: {status: string; fields?: string[]; line: number; error?: string; ascii?: boolean}[] = [];
  let pos = 0;
  let line = 1;
  for (;;) {
    const status = scanRecord(bytes, pos, bytes.length, true, delimiter, rec);
    if (status === Scan.Blank && rec.next === pos) break;
    if (status === Scan.Blank) {
      line += rec.newlines;
      pos = rec.next;
      continue;
    }
    if (status === Scan.Error) {
      out.push({status: "error", line, error: rec.errorDetail});
      break;
    }
    const fields = [];
    for (let k = 0; k < rec.count; ++k) {
      const text = bytes.toString("utf8", rec.starts[k], rec.ends[k]);
      fields.push(rec.quoted[k] === 2 ? text.replaceAll('""', '"') : text);
    }
    out.push({status: "record", fields, line, ascii: rec.ascii});
    line += rec.newlines;
    pos = rec.next;
  }
  return out;
}

describe("scanRecord", () => {
  it("splits plain records on LF, CRLF and lone CR, counting physical lines", () => {
    expect(scanAll(Buffer.from("a,b\nc,d\r\ne,f\rg,h"))).toEqual([
      {status: "record", fields: ["a", "b"], line: 1, ascii: true},
      {status: "record", fields: ["c", "d"], line: 2, ascii: true},
      {status: "record", fields: ["e", "f"], line: 3, ascii: true},
      {status: "record", fields: ["g", "h"], line: 4, ascii: true}
    ]);
  });

  it("skips empty lines (LF and CRLF) but counts them", () => {
    const records = scanAll(Buffer.from("a\n\r\n\nb\r\n"));
    expect(records.map((r) => [r.fields, r.line])).toEqual([
      [["a"], 1],
      [["b"], 4]
    ]);
  });

  it("keeps empty fields, leading and trailing", () => {
    expect(scanAll(Buffer.from(",x,\n"))[0].fields).toEqual(["", "x", ""]);
  });

  it("reads quoted commas, doubled quotes and newlines inside quotes, and numbers the next record after them", () => {
    const records = scanAll(Buffer.from('id,"a, b","say ""hi""","two\nlines",""\r\nnext,"multi\r\nline\r\nfield",z\nlast'));
    expect(records.map((r) => [r.fields, r.line])).toEqual([
      [["id", "a, b", 'say "hi"', "two\nlines", ""], 1],
      [["next", "multi\r\nline\r\nfield", "z"], 3],
      [["last"], 6]
    ]);
  });

  it("reports an unterminated quote at end of file as an error at the record's first line", () => {
    const records = scanAll(Buffer.from('a,b\n1,"open\n2,3\n'));
    expect(records).toEqual([
      {status: "record", fields: ["a", "b"], line: 1, ascii: true},
      {status: "error", line: 2, error: "unterminated quoted field"}
    ]);
  });

  it("rejects text after a closing quote and quotes inside unquoted fields", () => {
    expect(scanAll(Buffer.from('"ab"c,d\n'))[0]).toMatchObject({status: "error", error: 'unexpected "c" after a closing quote'});
    expect(scanAll(Buffer.from('ab"c,d\n'))[0]).toMatchObject({status: "error", error: "quote inside an unquoted field"});
  });

  it("asks for more bytes when a record (or a CR that may start CRLF) reaches the end of the buffer", () => {
    const rec = new CsvRecord();
    const bytes = Buffer.from('a,"b\nc');
    expect(scanRecord(bytes, 0, bytes.length, false, 44, rec)).toBe(Scan.NeedMore);
    const cr = Buffer.from("a,b\r");
    expect(scanRecord(cr, 0, cr.length, false, 44, rec)).toBe(Scan.NeedMore);
    expect(scanRecord(cr, 0, cr.length, true, 44, rec)).toBe(Scan.Record);
    expect(rec.next).toBe(4);
  });

  it("flags non-ASCII records (so only they pay for UTF-8 validation) without failing on invalid bytes", () => {
    const records = scanAll(Buffer.concat([Buffer.from("caf\xc3\xa9,1\n", "latin1"), Buffer.from([0x41, 0xff, 0x2c, 0x31, 0x0a]), Buffer.from("ok,2\n")]));
    expect(records.map((r) => r.ascii)).toEqual([false, false, true]);
    expect(records[0].fields).toEqual(["café", "1"]);
  });

  it("hashRecord: identical records hash equally and different ones differently, terminator excluded", () => {
    const rec = new CsvRecord();
    const hash = (text: string) => {
      const bytes = Buffer.from(text);
      scanRecord(bytes, 0, bytes.length, true, 44, rec);
      hashRecord(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.length), rec);
      return `${rec.hashHi}:${rec.hashLo}`;
    };
    expect(hash("a,b,c\n")).toBe(hash("a,b,c\r\n"));
    expect(hash("a,b,c")).toBe(hash("a,b,c\n"));
    expect(hash("a,b,c\n")).not.toBe(hash("a,b,d\n"));
    expect(hash('"a",b\n')).not.toBe(hash("a,b\n"));
  });

  it("grows past 64 fields", () => {
    const row = Array.from({length: 200}, (_, i) => `f${i}`);
    expect(scanAll(Buffer.from(row.join(",") + "\n"))[0].fields).toEqual(row);
  });
});

describe("scanLine (quote-free fast path)", () => {
  it("finds the same fields as scanRecord: empty fields, CRLF, non-ASCII, more than 64 fields", () => {
    const lines = ["a,b,c\n", ",,\n", "x\r\n", "é,ü;|\n", ";a;;b;\n", Array.from({length: 150}, (_, i) => (i % 3 ? `f${i}` : "")).join(",") + "\r\n", Array.from({length: 300}, () => "").join(",") + "\n"];
    for (const delimiter of [44, 59]) {
      for (const line of lines) {
        const bytes = Buffer.from(line);
        const fast = new CsvRecord();
        const slow = new CsvRecord();
        const lf = bytes.indexOf(10);
        expect(scanLine(bytes, 0, lf, delimiter, false, fast)).toBe(scanRecord(bytes, 0, bytes.length, true, delimiter, slow));
        const fields = (rec: CsvRecord) => Array.from({length: rec.count}, (_, k) => [rec.starts[k], rec.ends[k], rec.quoted[k]]);
        expect([fast.start, fast.end, fast.next, fast.newlines, fast.count, fast.ascii]).toEqual([slow.start, slow.end, slow.next, slow.newlines, slow.count, slow.ascii]);
        expect(fields(fast)).toEqual(fields(slow));
      }
    }
  });
});

describe("sniffDelimiter", () => {
  it("picks the most frequent of comma, semicolon, tab and pipe outside quotes", () => {
    const sniff = (text: string) => String.fromCharCode(sniffDelimiter(Buffer.from(text), 0, text.length));
    expect(sniff("a,b,c\n1;2")).toBe(",");
    expect(sniff("a;b;c\n")).toBe(";");
    expect(sniff("a\tb\tc\n")).toBe("\t");
    expect(sniff('"a;b;c;d",x,y\n')).toBe(",");
    expect(sniff("single\n")).toBe(",");
  });
});
