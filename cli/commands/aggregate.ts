import {mkdir, stat, writeFile} from "node:fs/promises";
import {performance} from "node:perf_hooks";
import {basename, join} from "node:path";
import {formatDuration} from "../../lib/duration.ts";
import {badOption, PulseError} from "../../lib/errors.ts";
import {formatCents} from "../../lib/money.ts";
import {aggregate} from "../../stream-bridge/batch/aggregate.ts";
import {batchTables} from "../../stream-bridge/batch/batchTables.ts";
import {DIMENSIONS, type Dimension} from "../../stream-bridge/engine/types.ts";
import type {Command, ParsedOptions} from "../args.ts";
import {inputFiles, inputOptions, mappingPath, readMappingOption, reportColumns} from "../inputFiles.ts";
import {outputFolder} from "../outputFolder.ts";
import {rejectSummary} from "../../stream-bridge/ingest/rejectSummary.ts";
import {lateHint} from "../../stream-bridge/batch/lateHint.ts";
import {DEFAULT_DEDUPE_WINDOW} from "../../stream-bridge/ingest/source.ts";

export const DEFAULT_DIMENSIONS = "all,store,region,category,product,payment";

export const command: Command = {
  name: "aggregate",
  summary: "run the windowing engine in batch over CSV files and write Arrow tables",
  details: `
Writes windows.arrow, totals.arrow, kpis.arrow, late.arrow and rejects.arrow to --out (columns:
docs/engine.md). Files are merged by event time exactly as the live replay merges them; an event
whose window is already final (watermark = max event time − lateness ≥ window end) is late: it goes
to late.arrow and the totals, not to the windows.

examples:
  pulse aggregate --data data/ --out /tmp/agg
  pulse aggregate --transactions data/transactions.csv --refunds data/refunds.csv \\
    --stores data/store_locations.csv --products data/product_catalog.csv --out /tmp/agg
  pulse aggregate --transactions sales.csv --mapping mapping.json --window 1d --lateness 3650d --out /tmp/daily`,
  options: {
    ...inputOptions,
    window: {type: "duration", default: "1m", help: "window size, aligned to the Unix epoch"},
    hop: {type: "duration", arg: "DURATION", help: "hopping windows: a window of size --window every --hop (≤ --window)"},
    lateness: {type: "duration", default: "10m", help: "allowed lateness: watermark = max event time − lateness"},
    dimensions: {type: "string", arg: "LIST", default: DEFAULT_DIMENSIONS, help: `comma-separated, of ${DIMENSIONS.join(", ")}`},
    "dedupe-window": {type: "integer", min: 0, default: DEFAULT_DEDUPE_WINDOW, help: "records remembered per file to detect duplicate lines (0: off; serve and aggregate share the default, so live and batch reject the same lines)"},
    out: {type: "string", arg: "DIR", required: true, help: "output directory (created if missing)"}
  },
  run
};

export function parseDimensions(text: string): Dimension[] {
  const names = text
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (!names.length) throw badOption("dimensions", text, `a comma-separated list of ${DIMENSIONS.join(", ")}`);
  for (const name of names) if (!(DIMENSIONS as readonly string[]).includes(name)) throw badOption("dimensions", text, `names among ${DIMENSIONS.join(", ")}; ${JSON.stringify(name)} is not one`);
  return [...new Set(names)] as Dimension[];
}


async function run(options: ParsedOptions): Promise<number> {
  const windowMs = options.window as number;
  const hopMs = options.hop as number | undefined;
  const latenessMs = options.lateness as number;
  if (windowMs <= 0) throw badOption("window", formatDuration(windowMs), "a positive duration");
  if (hopMs !== undefined && (hopMs <= 0 || hopMs > windowMs)) throw badOption("hop", formatDuration(hopMs), `a positive duration ≤ --window (${formatDuration(windowMs)})`);
  const dimensions = parseDimensions(options.dimensions as string);
  const inputs = await inputFiles(options);
  const out = options.out as string;
  const outInfo = await stat(out).catch(() => null);
  if (outInfo && !outInfo.isDirectory()) throw badOption("out", out, "a directory");
  const mapping = await readMappingOption(options);
  await reportColumns(inputs, mapping, options, (line) => process.stderr.write(`aggregate: ${line}\n`));
  await outputFolder("out", out);
  const progress = (rows: number, ms: number) => process.stderr.write(`aggregate: ${rows.toLocaleString("en-US")} rows in ${(ms / 1000).toFixed(1)}s\n`);
  const result = await aggregate({...inputs, mapping}, {windowMs, hopMs, latenessMs, dimensions, dedupeWindow: options["dedupe-window"] as number, onProgress: progress});
  const parameters = {
    window: formatDuration(windowMs),
    hop: formatDuration(hopMs ?? windowMs),
    lateness: formatDuration(latenessMs),
    windowMs,
    hopMs: hopMs ?? windowMs,
    latenessMs,
    dimensions,
    files: Object.fromEntries(Object.entries(inputs).filter(([, path]) => path !== undefined)),
    mapping: mappingPath(options) ?? null,
    dedupeWindow: options["dedupe-window"]
  };
  const writing = performance.now();
  await mkdir(out, {recursive: true});
  for (const [name, bytes] of Object.entries(batchTables(result, parameters))) await writeFile(join(out, name), bytes);
  const writeMs = performance.now() - writing;

  const k = result.kpis;
  let finals = 0;
  for (let i = 0; i < result.windows.length; ++i) if (result.windows.final[i]) finals++;
  process.stderr.write(
    `aggregate: ${k.rowsRead} rows (${k.rejected} rejected, ${k.late} late, ${k.unmatchedRefunds} unmatched refunds), ` +
      `${result.windows.length} window rows (${finals} final), net ${formatCents(k.netRevenue)}, ` +
      `watermark ${k.watermark === null ? "none" : new Date(k.watermark).toISOString()}, ` +
      `${Math.round(k.eventsPerSecond).toLocaleString("en-US")} events/s → ${out}\n` +
      // Read + parse + aggregate above; here the engine thread alone, and the writing it does not include.
      `aggregate: times: read, parse and aggregate ${(result.elapsedMs / 1000).toFixed(2)} s; engine thread busy ${((result.engineMs ?? 0) / 1000).toFixed(2)} s ` +
      `(= ${Math.round(((k.rowsRead - k.rejected) * 1000) / Math.max(1, result.engineMs ?? 0)).toLocaleString("en-US")} engine events/s); Arrow files written in ${(writeMs / 1000).toFixed(2)} s\n`
  );
  const rows = new Map(Object.entries(inputs).flatMap(([kind, path]) => (path === undefined || result.inputRows[kind] === undefined ? [] : [[basename(path), result.inputRows[kind]]])));
  for (const line of rejectSummary(result.rejects, rows, join(out, "rejects.arrow"))) process.stderr.write(`aggregate: ${line}\n`);
  const late = lateHint(result.late, k.rowsRead - k.rejected - k.inventoryEvents, {windowMs, latenessMs});
  if (late) process.stderr.write(`aggregate: hint: ${late}\n`);
  // Every sale rejected: the files are written (rejects.arrow says why), but a script must not take empty tables for a result.
  const sales = basename(inputs.transactions);
  const salesRows = rows.get(sales) ?? 0;
  if (salesRows > 0 && result.rejects.filter((r) => r.source === sales).length === salesRows) {
    throw new PulseError("E_BAD_INPUT", `no valid sale: all ${salesRows.toLocaleString("en-US")} rows of ${sales} were rejected (see the lines above and ${join(out, "rejects.arrow")})`);
  }
  return 0;
}
