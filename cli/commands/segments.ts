import {mkdir, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {badOption, PulseError} from "../../lib/errors.ts";
import {toArrow} from "../../loaders/io/arrow.ts";
import {readEvents, type ReadSummary} from "../../loaders/segments/readEvents.ts";
import {RfmAccumulator} from "../../loaders/segments/rfm.ts";
import {segmentColumns} from "../../loaders/segments/segmentColumns.ts";
import {segmentsFromRfm} from "../../loaders/segments/segments.ts";
import type {Command, ParsedOptions} from "../args.ts";
import {mappingOption, readMappingOption} from "../inputFiles.ts";

export const command: Command = {
  name: "segments",
  summary: "RFM scores, named segments and k-means clusters of customers, written as Arrow",
  details: `
Writes DIR/customers.arrow, DIR/clusters.arrow and DIR/silhouette.arrow. Guest checkouts (no
customer_id) are left out and counted. See docs/analytics-rules-segments.md for the scoring rules.

example:
  pulse segments --transactions data/transactions.csv --refunds data/refunds.csv --out /tmp/segments`,
  options: {
    transactions: {type: "string", arg: "FILE", required: true, help: "transactions.csv"},
    refunds: {type: "string", arg: "FILE", help: "refunds.csv (net spend = sales − refunds)"},
    "as-of": {type: "string", arg: "DATE", help: "reference time: YYYY-MM-DD (end of that day, UTC) or an ISO timestamp; default the latest event"},
    seed: {type: "integer", default: 42, min: 0, max: 2 ** 31 - 1, help: "seed for k-means++ restarts and the silhouette sample"},
    k: {type: "string", arg: "auto|2..8", default: "auto", help: "clusters, or auto to pick by silhouette"},
    sample: {type: "integer", default: 3000, min: 100, max: 10000, help: "customers used for silhouettes (and choosing k)"},
    mapping: mappingOption,
    out: {type: "string", arg: "DIR", required: true, help: "directory for the three Arrow files"}
  },
  run
};

async function run(options: ParsedOptions): Promise<number> {
  const started = performance.now();
  const k = parseK(options.k as string);
  const asOf = options["as-of"] === undefined ? undefined : parseAsOf(options["as-of"] as string);
  const seed = options.seed as number;
  const sampleSize = options.sample as number;
  const mapping = await readMappingOption(options);

  // Sales first, then refunds: a refund without a customer id is matched through its original transaction.
  const accumulator = new RfmAccumulator(asOf);
  const readSales = await readEvents(options.transactions as string, "transactions", (event) => (event.kind === "sale" ? accumulator.sale(event) : accumulator.refund(event)), mapping);
  report("transaction", readSales);
  if (readSales.rowsRead === readSales.rejects) {
    throw new PulseError("E_BAD_INPUT", `no valid sale in ${options.transactions}${readSales.hint ? ` (hint: ${readSales.hint})` : readSales.rejects ? ` (${readSales.reasons})` : ""}`);
  }
  const inputRows: Record<string, number> = {transactions: readSales.rowsRead};
  if (options.refunds) {
    const readRefunds = await readEvents(options.refunds as string, "refunds", (refund) => accumulator.refund(refund), mapping);
    report("refund", readRefunds);
    inputRows.refunds = readRefunds.rowsRead;
  }
  const loaded = performance.now();

  const result = segmentsFromRfm(accumulator.result(), {seed, k, sampleSize, log: (message) => process.stderr.write(`segments: ${message}\n`)});
  const fitted = performance.now();
  const {rfm} = result;
  const metadata = {
    source: "batch",
    asOf: rfm.asOf,
    inputRows,
    parameters: {seed, k: options.k, sampleSize, restarts: 10, asOf: options["as-of"] ?? null},
    customers: String(result.customers.length),
    guest_lines: String(rfm.guestLines),
    guest_transactions: String(rfm.guestTransactions),
    guest_refunds: String(rfm.guestRefunds),
    orphan_refunds: String(rfm.orphanRefunds),
    after_as_of: String(rfm.afterAsOf),
    k: String(result.k),
    sampled: String(result.sampled),
    silhouette: String(result.curve.find((p) => p.k === result.k)?.silhouette ?? "")
  };
  const columns = segmentColumns(result);
  const dir = options.out as string;
  await mkdir(dir, {recursive: true});
  await writeFile(join(dir, "customers.arrow"), toArrow(columns.customers, metadata));
  await writeFile(join(dir, "clusters.arrow"), toArrow(columns.clusters, metadata));
  await writeFile(join(dir, "silhouette.arrow"), toArrow(columns.silhouette, metadata));

  const seconds = (t: number) => (t / 1000).toFixed(2);
  process.stderr.write(
    `segments: ${result.customers.length} customers as of ${new Date(rfm.asOf).toISOString()}; left out ${rfm.guestLines} guest lines ` +
      `(${rfm.guestTransactions} transactions), ${rfm.guestRefunds} guest refunds, ${rfm.orphanRefunds} refunds of customers without purchases, ${rfm.afterAsOf} events after as-of\n` +
      (result.clusters.length
        ? `segments: k=${result.k} from ${result.distinct} distinct customers (silhouette on ${result.sampled}): ` + result.clusters.map((c) => `${c.cluster} ${c.label} (${c.size})`).join("; ")
        : "segments: no customer to segment (no customer_id column, or every sale a guest's): the tables are written empty") +
      `\nsegments: read ${seconds(loaded - started)} s, model ${seconds(fitted - loaded)} s, total ${seconds(performance.now() - started)} s\n`
  );
  return 0;
}

function report(what: string, read: ReadSummary): void {
  if (read.rejects) process.stderr.write(`segments: ${read.rejects} of ${read.rowsRead} ${what} rows rejected (${read.reasons})\n`);
  if (read.hint) process.stderr.write(`segments: hint: ${read.hint}\n`);
}

function parseK(text: string): "auto" | number {
  if (text === "auto") return "auto";
  const k = Number(text);
  if (!/^\d+$/.test(text) || k < 2 || k > 8) throw badOption("k", text, "auto or an integer from 2 to 8");
  return k;
}

/** A bare date means the end of that UTC day, so purchases made on it count with recency 0. */
function parseAsOf(text: string): number {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) {
    const start = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    if (new Date(start).toISOString().slice(0, 10) === text) return start + 86_400_000 - 1;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const time = Date.parse(text);
    if (Number.isFinite(time)) return time;
  }
  throw badOption("as-of", text, "a date YYYY-MM-DD or an ISO timestamp with a zone, e.g. 2024-03-31T23:59:59Z");
}
