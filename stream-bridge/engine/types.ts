import type {Product, PulseEvent, Reject, Store} from "../events.ts";
import type {CoreEvent} from "./coreEvent.ts";

/**
 * The engine contract (stream-bridge/engine/index.ts implements it). The engine is pure:
 * events and the clock go in, changes come out; no sockets, timers or Date.now inside.
 * Money is integer cents, time is epoch milliseconds.
 */

export type Dimension = "all" | "store" | "region" | "category" | "product" | "payment";

export const DIMENSIONS: readonly Dimension[] = ["all", "store", "region", "category", "product", "payment"];

/** The key of the single group of the "all" dimension; region/category use it too when no dimension file was given. */
export const ALL_KEY = "all";
export const UNKNOWN_KEY = "unknown";

export interface EngineOptions {
  /** Window size; windows are aligned to the Unix epoch. */
  windowMs: number;
  /** Hopping windows: a window of size windowMs starts every hopMs (hopMs ≤ windowMs). Default: tumbling (= windowMs). */
  hopMs?: number;
  /** Watermark = max event time seen − latenessMs. */
  latenessMs: number;
  dimensions: Dimension[];
  stores?: Map<string, Store>;
  products?: Map<string, Product>;
  /** Final windows (distinct window starts) kept after finality for live charts (default 60). */
  historyWindows?: number;
  /** Late records kept in snapshot() (default 1000); flush() still returns every late record once. */
  lateHistory?: number;
  /**
   * Batch mode: windows go to this sink as columns when they become final (and the open ones at
   * finish), instead of as WindowRow objects from flush()/finish(); flush() then returns no window
   * rows and nothing is kept in history. Millions of rows cost no object each.
   */
  windowSink?: WindowSink;
  /**
   * Expected number of distinct transactions, a sizing hint only (batch mode guesses it from the
   * input's size): the transaction table starts that big instead of growing to it step by step.
   */
  expectedTransactions?: number;
}

/**
 * One window's groups, in the engine's own arrays (valid only during the call): slot s has
 * dimension DIMENSIONS[dim[s]], key names[dim[s]][key[s]] and its measures at m[s * NM + j]
 * (revenue, units, lines, transactions, customers, refund_amount, refund_count; see groupTable.ts; units in
 * millionths, UNIT_SCALE).
 * `slots` lists the slots in output order (dimension order, then key in first-seen order).
 */
export interface WindowGroups {
  start: number;
  end: number;
  final: boolean;
  slots: Int32Array;
  count: number;
  dim: Uint8Array;
  key: Int32Array;
  m: Float64Array;
  names: readonly (readonly string[])[];
}

export interface WindowSink {
  window(groups: WindowGroups): void;
}

/** Measures of one group; money in integer cents. */
export interface Measures {
  revenue: number;
  units: number;
  lines: number;
  /** Distinct transaction ids among the sale lines. */
  transactions: number;
  /** Distinct non-empty customer ids among the sale lines. */
  customers: number;
  refundAmount: number;
  refundCount: number;
  /** revenue − refundAmount. */
  netRevenue: number;
}

/** One (window, dimension, key) aggregate; identity `${dimension}|${key}|${windowStart}` (see windowRowId). */
export interface WindowRow extends Measures {
  windowStart: number;
  windowEnd: number;
  dimension: Dimension;
  key: string;
  /** True once the watermark passed windowEnd: this row never changes again and is emitted exactly once as final. */
  final: boolean;
}

/** Running totals since start per (dimension, key), late events included; identity `${dimension}|${key}`. */
export interface TotalsRow extends Measures {
  dimension: Dimension;
  key: string;
}

export interface Kpis {
  grossRevenue: number;
  refunds: number;
  netRevenue: number;
  transactions: number;
  units: number;
  customers: number;
  /** grossRevenue / transactions in cents (not rounded), 0 when there is no transaction. */
  averageOrderValue: number;
  /** Events pushed plus rejects reported. */
  rowsRead: number;
  rejected: number;
  late: number;
  /** Refunds whose original transaction line was never seen (they still count in refund totals, see docs/engine.md). */
  unmatchedRefunds: number;
  inventoryEvents: number;
  /** maxEventTime − latenessMs; null before the first event. */
  watermark: number | null;
  maxEventTime: number | null;
  /** Events per second of wall clock between the last two flushes (from the `now` arguments). */
  eventsPerSecond: number;
  /** valid / read, in [0, 1]; 1 when nothing was read. */
  dataQuality: number;
}

/** An event left out of its windows because one of them was already final when it arrived. */
export interface LateRecord {
  source: string;
  line: number;
  eventTime: number;
  /** Start of the (earliest) window of the event that was already final. */
  windowStart: number;
  /** The watermark when the event arrived. */
  watermark: number;
}

export interface EngineChanges {
  /** Window rows upserted since the last flush: partial (final: false) or final (exactly once per row). */
  windows: WindowRow[];
  /** Totals rows changed since the last flush. */
  totals: TotalsRow[];
  kpis: Kpis;
  /** Late records since the last flush (every one, exactly once). */
  late: LateRecord[];
  /** Window row ids (windowRowId) dropped from the bounded history since the last flush. */
  evicted: string[];
}

export interface EngineSnapshot {
  /** Open windows plus the bounded history of final ones. */
  windows: WindowRow[];
  totals: TotalsRow[];
  kpis: Kpis;
  /** The most recent late records (bounded). */
  late: LateRecord[];
  watermark: number | null;
}

/** JSON-serializable engine state for checkpoints; opaque outside the engine (typed arrays are base64 inside). */
export interface EngineState {
  /** 2 since the first-line maps and customer bit columns (engine.ts STATE_VERSION). */
  version: number;
  [field: string]: unknown;
}

export interface Engine {
  /** Hot path: no change list is allocated per event. */
  push(event: PulseEvent): void;
  /** push() for an event already hashed and interned (batch columns): one reused object, nothing allocated. */
  pushCore(event: CoreEvent): void;
  /** Key id of a store, product or payment method name for CoreEvent (interned on first sight). */
  keyId(dimension: "store" | "product" | "payment", name: string): number;
  /** Counts a rejected row in the KPIs (rows read, rejected, data quality). */
  reject(reject: Reject): void;
  /** Drains what changed since the last flush; `now` (wall clock) is used only for events/s. */
  flush(now: number): EngineChanges;
  /** End of input: returns the pending changes plus every still-open window (final: false). */
  finish(now: number): EngineChanges;
  snapshot(): EngineSnapshot;
  save(): EngineState;
}

export function windowRowId(row: {dimension: string; key: string; windowStart: number}): string {
  return `${row.dimension}|${row.key}|${row.windowStart}`;
}

export function totalsRowId(row: {dimension: string; key: string}): string {
  return `${row.dimension}|${row.key}`;
}
