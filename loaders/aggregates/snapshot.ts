import {tableFromIPC, tableToIPC} from "apache-arrow";
import {aggregateAll, type BatchResult, type BatchSpec, type WindowColumns} from "../../stream-bridge/batch/aggregate.ts";
import {batchTables} from "../../stream-bridge/batch/batchTables.ts";
import type {Dimension} from "../../stream-bridge/engine/types.ts";
import {dataInputs} from "../../cli/inputFiles.ts";

/** The tables a bridge serves at /snapshot/<name>.arrow and `pulse aggregate` writes. */
export const SNAPSHOT_TABLES = ["windows", "totals", "kpis", "late", "rejects"] as const;
export type SnapshotTable = (typeof SNAPSHOT_TABLES)[number];

/** `pulse serve` defaults, so a batch snapshot shows what a bridge replaying the same files would. */
export const LIVE_DEFAULTS = {windowMs: 60_000, latenessMs: 600_000, history: 60} as const;

export const DEFAULT_BRIDGE_URL = "http://127.0.0.1:8787";

export interface Snapshot {
  source: "live" | "batch";
  /** Arrow IPC bytes by table name. */
  tables: Record<SnapshotTable, Uint8Array>;
}

/**
 * The live state of a bridge, or null when none answers at `base` within `timeoutMs` (a bridge
 * that is down must not hold up a build). Every table comes from the same bridge; any failure
 * after /health answered is an error, not a silent fallback to a half-live snapshot.
 */
export async function liveSnapshot(base: string, {timeoutMs = 1000, token}: {timeoutMs?: number; token?: string} = {}): Promise<Snapshot | null> {
  const headers: Record<string, string> = token ? {authorization: `Bearer ${token}`} : {};
  try {
    const health = await fetch(new URL("/health", base), {signal: AbortSignal.timeout(timeoutMs)});
    if (!health.ok) return null;
  } catch {
    return null;
  }
  const tables = {} as Record<SnapshotTable, Uint8Array>;
  for (const name of SNAPSHOT_TABLES) {
    const response = await fetch(new URL(`/snapshot/${name}.arrow`, base), {headers, signal: AbortSignal.timeout(30_000)});
    if (!response.ok) throw new Error(`bridge ${base}: /snapshot/${name}.arrow answered ${response.status} ${await response.text()}`);
    tables[name] = new Uint8Array(await response.arrayBuffer());
  }
  return {source: "live", tables};
}

/** The options of batchSnapshot. */
export interface SnapshotOptions {
  windowMs?: number;
  latenessMs?: number;
  history?: number;
}

const SNAPSHOT_DIMENSIONS: Dimension[] = ["all", "store", "region", "category", "product", "payment"];

/** The engine run behind batchSnapshot: the buffer keeps only the history it will be cut to anyway. */
function snapshotSpec({windowMs = LIVE_DEFAULTS.windowMs, latenessMs = LIVE_DEFAULTS.latenessMs, history = LIVE_DEFAULTS.history}: SnapshotOptions): BatchSpec {
  return {windowMs, latenessMs, dimensions: SNAPSHOT_DIMENSIONS, keepFinal: history};
}

function snapshotOf(result: BatchResult, spec: BatchSpec): Snapshot {
  const history = spec.keepFinal!;
  result.windows = lastWindows(result.windows, history);
  const files = batchTables(result, {windowMs: spec.windowMs, latenessMs: spec.latenessMs, dimensions: spec.dimensions, history});
  const tables = {} as Record<SnapshotTable, Uint8Array>;
  for (const name of SNAPSHOT_TABLES) tables[name] = files[`${name}.arrow`];
  return {source: "batch", tables};
}

/**
 * What a bridge would hold after replaying `dir` to the end: the batch engine with the bridge's
 * window and lateness, windows cut to the same bounded history (open windows plus the last
 * `history` final window starts), so the overview looks the same offline as live.
 */
export async function batchSnapshot(dir: string, options: SnapshotOptions = {}): Promise<Snapshot> {
  const spec = snapshotSpec(options);
  const [result] = await aggregateAll(dataInputs(dir), [spec]);
  return snapshotOf(result, spec);
}

/** Open windows plus those of the last `history` distinct final window starts (columns may be typed arrays). */
export function lastWindows(columns: WindowColumns, history: number): WindowColumns {
  const finalStarts = new Set<number>();
  for (let i = 0; i < columns.length; ++i) if (columns.final[i]) finalStarts.add(columns.windowStart[i]);
  const keep = new Set(history > 0 ? [...finalStarts].sort((a, b) => a - b).slice(-history) : []);
  const index: number[] = [];
  for (let i = 0; i < columns.length; ++i) if (!columns.final[i] || keep.has(columns.windowStart[i])) index.push(i);
  const out = {length: index.length} as WindowColumns;
  for (const name of Object.keys(columns) as (keyof WindowColumns)[]) {
    if (name === "length") continue;
    const from = columns[name] as ArrayLike<unknown>;
    (out[name] as unknown[]) = index.map((i) => from[i]);
  }
  return out;
}

/** Longer than any data: no event is left out of the time series as late. */
const SERIES_LATENESS_MS = 3650 * 86_400_000;
const HOURLY: BatchSpec = {windowMs: 3_600_000, latenessMs: SERIES_LATENESS_MS, dimensions: ["all", "store", "region", "category", "payment"]};
const DAILY: BatchSpec = {windowMs: 86_400_000, latenessMs: SERIES_LATENESS_MS, dimensions: ["all", "store", "region", "category", "product", "payment"]};

/**
 * Hourly and daily windows per dimension from the same engine, for the time-series pages, with a
 * lateness longer than the data so no event is left out as late. Products only daily: hourly ×
 * 200 products would be most of the file for no chart.
 */
export async function timeSeries(dir: string): Promise<{hourly: Uint8Array; daily: Uint8Array}> {
  const {hourly, daily} = await batchAggregates(dir);
  return {hourly, daily};
}

/**
 * timeSeries and (with `snapshot`) batchSnapshot from one read of the data: the CSVs are parsed
 * once and every record goes to the 1-minute, hourly and daily engines together
 * (stream-bridge/batch/aggregate.ts aggregateAll). Same tables as the separate calls.
 */
export async function batchAggregates(dir: string, {snapshot}: {snapshot?: SnapshotOptions} = {}): Promise<{snapshot?: Snapshot; hourly: Uint8Array; daily: Uint8Array}> {
  const specs = [HOURLY, DAILY];
  if (snapshot) specs.push(snapshotSpec(snapshot));
  const results = await aggregateAll(dataInputs(dir), specs);
  const windows = (result: BatchResult, spec: BatchSpec) => batchTables(result, {windowMs: spec.windowMs, latenessMs: spec.latenessMs, dimensions: spec.dimensions})["windows.arrow"];
  return {
    hourly: windows(results[0], HOURLY),
    daily: windows(results[1], DAILY),
    ...(snapshot ? {snapshot: snapshotOf(results[2], specs[2])} : {})
  };
}

/**
 * Re-encodes Arrow bytes (file or stream format) as an IPC stream, metadata kept: Framework hands
 * `.arrow` files to DuckDB-WASM's insertArrowFromIPCStream, which reads only the stream format
 * (see loaders/landing/dailyRevenue.ts); FileAttachment.arrow() reads both.
 */
export function toIpcStream(bytes: Uint8Array): Uint8Array {
  return tableToIPC(tableFromIPC(bytes), "stream");
}
