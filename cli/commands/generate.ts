import {createWriteStream, type WriteStream} from "node:fs";
import {mkdir, rename, rm, writeFile} from "node:fs/promises";
import {once} from "node:events";
import {join} from "node:path";
import {badOption, PulseError} from "../../lib/errors.ts";
import {FILES, generate, type Outputs} from "../../generator/generate.ts";
import {parseDate} from "../../generator/timestamp.ts";
import type {Sink} from "../../generator/writer.ts";
import type {Command} from "../args.ts";

const LINES_PER_DAY = 1600;

export const command: Command = {
  name: "generate",
  summary: "Write a deterministic sample data set: stores, products, transactions, refunds and inventory CSVs.",
  details: `
Same seed and options, same bytes. The default is ${LINES_PER_DAY} transaction lines per day (about 3 MB for 30 days).
--dirty adds malformed rows of every kind and writes dirty_manifest.json ({file, line, kind} per
injected malformed row) and dirty_valid.json (valid but awkward rows: BOM, CRLF, quoted fields).
Progress goes to stderr, a JSON summary to stdout. See data/README.md for every file and column.

example: pulse generate --seed 42 --days 30 --out data/`,
  options: {
    seed: {type: "integer", help: "random seed", default: 42, min: 0, max: Number.MAX_SAFE_INTEGER, arg: "N"},
    days: {type: "integer", help: "days of trading to simulate", default: 30, min: 1, max: 3660, arg: "N"},
    start: {type: "string", help: "first day (UTC)", default: "2026-10-01", arg: "YYYY-MM-DD"},
    transactions: {type: "integer", help: `transaction lines to write (default ${LINES_PER_DAY} per day)`, min: 1, max: 2_000_000_000, arg: "N"},
    out: {type: "string", help: "output directory (created if missing)", default: "data", arg: "DIR"},
    dirty: {type: "boolean", help: "inject malformed rows and write dirty_manifest.json", default: false}
  },
  async run(options) {
    const start = parseDate(String(options.start));
    if (Number.isNaN(start)) throw badOption("start", options.start, "a date YYYY-MM-DD");
    const days = Number(options.days);
    // Timestamps are four-digit years (docs/CONTRACTS.md); Date would write +010000-… after that.
    if (start + days * 86_400_000 > Date.UTC(10000, 0, 1)) throw badOption("days", options.days, `a period from ${options.start} ending in 9999 at the latest`);
    const transactions = options.transactions === undefined ? days * LINES_PER_DAY : Number(options.transactions);
    const out = String(options.out);
    if (out.trim() === "") throw badOption("out", out, "a directory");
    try {
      await mkdir(out, {recursive: true});
    } catch (error) {
      throw new PulseError("E_IO", `cannot create --out directory ${JSON.stringify(out)}: ${(error as Error).message}`);
    }

    const files = Object.entries(FILES).map(([key, name]) => ({key, path: join(out, name), stream: createWriteStream(join(out, `${name}.partial`), {highWaterMark: 1 << 20})}));
    const outputs = Object.fromEntries(files.map((f) => [f.key, sink(f.stream)])) as Outputs;
    const began = performance.now();
    const progress = reporter(transactions, began);
    const {summary, manifest, valid} = await generate({seed: Number(options.seed), start, days, transactions, dirty: Boolean(options.dirty)}, outputs, progress);
    await Promise.all(files.map((f) => close(f.stream)));
    for (const f of files) await rename(`${f.path}.partial`, f.path);
    const manifests = {manifest: join(out, "dirty_manifest.json"), valid: join(out, "dirty_valid.json")};
    if (options.dirty) {
      await writeFile(manifests.manifest, JSON.stringify(manifest, null, 0).replaceAll("},{", "},\n{") + "\n");
      await writeFile(manifests.valid, JSON.stringify(valid, null, 0).replaceAll("},{", "},\n{") + "\n");
    } else {
      // A clean run must not leave an older run's manifest describing files it replaced.
      await rm(manifests.manifest, {force: true});
      await rm(manifests.valid, {force: true});
    }
    const seconds = (performance.now() - began) / 1000;
    process.stderr.write(`generate: ${summary.rows.transactions} lines, ${summary.rows.refunds} refunds, ${summary.rows.inventory} inventory events in ${seconds.toFixed(1)}s → ${out}\n`);
    process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
    return 0;
  }
};

function sink(stream: WriteStream): Sink {
  let failure: Error | undefined;
  stream.on("error", (error) => (failure = error));
  return {
    write(chunk) {
      if (failure) throw new PulseError("E_IO", `cannot write ${stream.path}: ${failure.message}`);
      return stream.write(chunk);
    },
    async drain() {
      if (failure) throw new PulseError("E_IO", `cannot write ${stream.path}: ${failure.message}`);
      if (stream.writableNeedDrain) await once(stream, "drain");
    }
  };
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, "finish");
}

/** A bar redrawn in place on a terminal; otherwise one plain line every five seconds. */
function reporter(total: number, began: number): (lines: number) => void {
  const tty = process.stderr.isTTY;
  let last = began;
  return (lines) => {
    const now = performance.now();
    if (lines < total && now - last < (tty ? 200 : 5000)) return;
    last = now;
    const fraction = lines / total;
    const rate = Math.round(lines / Math.max((now - began) / 1000, 1e-3));
    const text = `${(fraction * 100).toFixed(1).padStart(5)}% ${lines.toLocaleString("en-US")}/${total.toLocaleString("en-US")} lines, ${rate.toLocaleString("en-US")} lines/s`;
    if (!tty) process.stderr.write(`generate: ${text}\n`);
    else {
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${text}${lines >= total ? "\n" : ""}`);
    }
  };
}
