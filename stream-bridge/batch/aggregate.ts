import {basename} from "node:path";
import {performance} from "node:perf_hooks";
import {isReject, type Reject, type SourceKind} from "../events.ts";
import {createEngine} from "../engine/engine.ts";
import {DIMENSIONS, type Dimension, type Kpis, type LateRecord, type TotalsRow, type WindowRow} from "../engine/types.ts";
import {readDimensions} from "../ingest/dimensions.ts";
import {loadMapping, type Mapping} from "../ingest/mapping.ts";
import {mergeSources} from "../ingest/merge.ts";
import {readSource, type SourceBatch} from "../ingest/source.ts";

export interface BatchInputs {
  transactions: string;
  refunds?: string;
  inventory?: string;
  stores?: string;
  products?: string;
  /** A mapping.json path or an already parsed mapping. */
  mapping?: string | Mapping;
}

export interface BatchOptions {
  windowMs: number;
  hopMs?: number;
  latenessMs: number;
  dimensions: Dimension[];
  /** Records remembered per file for duplicate_line detection (see ingest/source.ts). */
  dedupeWindow?: number;
  /** Called every ~second of work with rows read so far (for progress on stderr). */
  onProgress?: (rowsRead: number, elapsedMs: number) => void;
}

/** Window rows as columns: a 10M-line run can produce millions of rows, too many as objects. */
export interface WindowColumns {
  length: number;
  windowStart: number[];
  windowEnd: number[];
  dimension: Dimension[];
  key: string[];
  revenue: number[];
  units: number[];
  lines: number[];
  transactions: number[];
  customers: number[];
  refundAmount: number[];
  refundCount: number[];
  netRevenue: number[];
  final: boolean[];
}

export interface BatchResult {
  /** Final windows, then the still-open ones (final: false), by window start, then dimension, then key (first-seen order). */
  windows: WindowColumns;
  totals: TotalsRow[];
  kpis: Kpis;
  late: LateRecord[];
  /** Rejected rows of every input, dimension files included. */
  rejects: Reject[];
  /** Non-blank data rows read per input name (transactions, refunds, inventory, stores, products). */
  inputRows: Record<string, number>;
  watermark: number | null;
  elapsedMs: number;
}

const FLUSH_EVERY = 65_536;

/**
 * Batch mode: the live engine over whole files. Sources are merged by event time exactly as
 * the live replay merges them (ingest/merge.ts), so late events are the same ones.
 */
export async function aggregate(inputs: BatchInputs, options: BatchOptions): Promise<BatchResult> {
  const started = performance.now();
  const mapping = typeof inputs.mapping === "string" ? await loadMapping(inputs.mapping) : inputs.mapping;
  const dims = await readDimensions({stores: inputs.stores, products: inputs.products}, {mapping});
  const rejects: Reject[] = [...dims.rejects];
  const inputRows: Record<string, number> = {};
  if (inputs.stores) inputRows.stores = (dims.stores?.size ?? 0) + dims.rejects.filter((r) => r.source === basename(inputs.stores!)).length;
  if (inputs.products) inputRows.products = (dims.products?.size ?? 0) + dims.rejects.filter((r) => r.source === basename(inputs.products!)).length;

  const kinds: SourceKind[] = [];
  const sources: AsyncIterable<SourceBatch>[] = [];
  for (const kind of ["transactions", "refunds", "inventory"] as const) {
    const path = inputs[kind];
    if (!path) continue;
    kinds.push(kind);
    inputRows[kind] = 0;
    sources.push(readSource(path, kind, {mapping, stores: dims.stores, products: dims.products, dedupeWindow: options.dedupeWindow}));
  }

  const engine = createEngine({
    windowMs: options.windowMs,
    hopMs: options.hopMs,
    latenessMs: options.latenessMs,
    dimensions: options.dimensions,
    stores: dims.stores,
    products: dims.products,
    historyWindows: 0,
    lateHistory: 0
  });
  const windows = emptyColumns();
  const late: LateRecord[] = [];
  const counts = kinds.map(() => 0);
  let sinceFlush = 0;
  let read = 0;
  let lastProgress = started;
  const drain = (rows: WindowRow[], finalOnly: boolean) => {
    for (const row of rows) if (row.final || !finalOnly) appendRow(windows, row);
  };

  for await (const batch of mergeSources(sources)) {
    const {records} = batch;
    for (let i = 0; i < records.length; ++i) {
      const record = records[i];
      counts[batch.sources[i]]++;
      if (isReject(record)) {
        engine.reject(record);
        rejects.push(record);
      } else engine.push(record);
    }
    read += records.length;
    sinceFlush += records.length;
    if (sinceFlush >= FLUSH_EVERY) {
      sinceFlush = 0;
      const now = performance.now();
      const changes = engine.flush(now);
      drain(changes.windows, true);
      for (const record of changes.late) late.push(record);
      if (options.onProgress && now - lastProgress >= 1000) {
        lastProgress = now;
        options.onProgress(read, now - started);
      }
    }
  }
  const end = engine.finish(performance.now());
  drain(end.windows, false);
  for (const record of end.late) late.push(record);
  kinds.forEach((kind, k) => (inputRows[kind] = counts[k]));
  const elapsedMs = performance.now() - started;
  const kpis = {...end.kpis, eventsPerSecond: elapsedMs > 0 ? ((end.kpis.rowsRead - end.kpis.rejected) * 1000) / elapsedMs : 0};
  const totals = engine.snapshot().totals;
  return {
    windows: sortColumns(windows),
    totals: totals.sort((a, b) => DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) || compare(a.key, b.key)),
    kpis,
    late,
    rejects,
    inputRows,
    watermark: end.kpis.watermark,
    elapsedMs
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function emptyColumns(): WindowColumns {
  return {
    length: 0,
    windowStart: [],
    windowEnd: [],
    dimension: [],
    key: [],
    revenue: [],
    units: [],
    lines: [],
    transactions: [],
    customers: [],
    refundAmount: [],
    refundCount: [],
    netRevenue: [],
    final: []
  };
}

function appendRow(c: WindowColumns, row: WindowRow): void {
  c.length++;
  c.windowStart.push(row.windowStart);
  c.windowEnd.push(row.windowEnd);
  c.dimension.push(row.dimension);
  c.key.push(row.key);
  c.revenue.push(row.revenue);
  c.units.push(row.units);
  c.lines.push(row.lines);
  c.transactions.push(row.transactions);
  c.customers.push(row.customers);
  c.refundAmount.push(row.refundAmount);
  c.refundCount.push(row.refundCount);
  c.netRevenue.push(row.netRevenue);
  c.final.push(row.final);
}

/**
 * Windows become final in order of their end (the watermark only grows), and the still-open ones
 * come last, so rows already run by window start; within a window they come by dimension, then by
 * key in first-seen order. The stable sort below only guards that invariant.
 */
function sortColumns(c: WindowColumns): WindowColumns {
  let sorted = true;
  for (let i = 1; i < c.length && sorted; ++i) sorted = c.windowStart[i - 1] <= c.windowStart[i];
  if (sorted) return c;
  const order = Array.from({length: c.length}, (_, i) => i).sort((i, j) => c.windowStart[i] - c.windowStart[j] || i - j);
  const out = emptyColumns();
  out.length = c.length;
  for (const name of Object.keys(c) as (keyof WindowColumns)[]) {
    if (name === "length") continue;
    const from = c[name] as unknown[];
    (out[name] as unknown[]) = order.map((i) => from[i]);
  }
  return out;
}
