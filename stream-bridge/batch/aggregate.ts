import {stat} from "node:fs/promises";
import {basename} from "node:path";
import {performance} from "node:perf_hooks";
import type {Reject, SourceKind} from "../events.ts";
import {CoreEvent} from "../engine/coreEvent.ts";
import {createEngine} from "../engine/engine.ts";
import {CUSTOMERS, LINES, NM, REFUND_AMOUNT, REFUND_COUNT, REVENUE, TRANSACTIONS, UNIT_SCALE, UNITS} from "../engine/groupTable.ts";
import {DIMENSIONS, type Dimension, type Kpis, type LateRecord, type TotalsRow, type WindowGroups, type WindowRow, type WindowSink} from "../engine/types.ts";
import {readDimensions} from "../ingest/dimensions.ts";
import {loadMapping, type Mapping} from "../ingest/mapping.ts";
import {openColumnSources, type ColumnInput, type ColumnSources} from "./columnSources.ts";
import type {EventColumns} from "./eventColumns.ts";
import {mergeColumns} from "./mergeColumns.ts";

export interface BatchInputs {
  transactions: string;
  refunds?: string;
  inventory?: string;
  stores?: string;
  products?: string;
  /** A mapping.json path or an already parsed mapping. */
  mapping?: string | Mapping;
}

/** One engine's window grain: several of them can share one read of the inputs (aggregateAll). */
export interface BatchSpec {
  windowMs: number;
  hopMs?: number;
  latenessMs: number;
  dimensions: Dimension[];
  /**
   * Keep only the rows of the last `keepFinal` distinct final window starts (plus every open
   * window), dropping older ones as they come: for callers that cut the result to a bounded history
   * anyway (loaders/aggregates/snapshot.ts lastWindows), so 30 days of 1-minute product windows are
   * never held at once. Default: keep everything.
   */
  keepFinal?: number;
}

/** What the inputs are read with: shared by every spec of one aggregateAll. */
export interface ReadSettings {
  /** Records remembered per file for duplicate_line detection (see ingest/source.ts). */
  dedupeWindow?: number;
  /** Parse on a worker thread (default: when the event files add up to 8 MB or more). */
  worker?: boolean;
  /** Called every ~second of work with rows read so far (for progress on stderr). */
  onProgress?: (rowsRead: number, elapsedMs: number) => void;
  /** Where the column chunks come from (default openColumnSources): the engine benchmark feeds chunks parsed beforehand. */
  sources?: typeof openColumnSources;
}

export interface BatchOptions extends BatchSpec, ReadSettings {}

/** Window rows as columns (money in cents): typed arrays in batch mode, plain arrays are fine too. */
export interface WindowColumns {
  length: number;
  windowStart: ArrayLike<number>;
  windowEnd: ArrayLike<number>;
  dimension: ArrayLike<Dimension>;
  key: ArrayLike<string>;
  revenue: ArrayLike<number>;
  units: ArrayLike<number>;
  lines: ArrayLike<number>;
  transactions: ArrayLike<number>;
  customers: ArrayLike<number>;
  refundAmount: ArrayLike<number>;
  refundCount: ArrayLike<number>;
  netRevenue: ArrayLike<number>;
  final: ArrayLike<boolean | number>;
}

/**
 * Growable typed columns: a 10M-line run can produce millions of window rows, far too many as
 * objects. `length` rows are valid; trim() cuts the arrays to it. Dimension and key are stored as
 * codes (see codes()): no string pointer per row for the garbage collector to trace; `dimension`
 * and `key` are enumerable getters that build the string arrays on demand, so code that copies the
 * columns by Object.keys (loaders/aggregates/snapshot.ts lastWindows) sees exactly WindowColumns.
 */
export class WindowBuffer implements WindowColumns, WindowSink {
  length = 0;
  windowStart = new Float64Array(1024);
  windowEnd = new Float64Array(1024);
  declare readonly dimension: Dimension[];
  declare readonly key: string[];
  #dimCode = new Uint8Array(1024);
  #keyCode = new Int32Array(1024);
  /** Distinct (dimension, key) names, by key code. */
  readonly #keyNames: string[] = [];
  readonly #keyCodes: Map<string, number>[] = DIMENSIONS.map(() => new Map());
  /** Per dimension: engine key id → key code + 1 (0: not seen yet). */
  readonly #engineCodes: Int32Array[] = DIMENSIONS.map(() => new Int32Array(16));
  revenue = new Float64Array(1024);
  units = new Float64Array(1024);
  lines = new Int32Array(1024);
  transactions = new Int32Array(1024);
  customers = new Int32Array(1024);
  refundAmount = new Float64Array(1024);
  refundCount = new Int32Array(1024);
  netRevenue = new Float64Array(1024);
  final = new Uint8Array(1024);

  /** The string arrays last built, valid while `length` has not changed (rows are appended only). */
  #strings: {length: number; dimension: Dimension[]; key: string[]} | null = null;

  /** Distinct final window starts among the rows held (tracked only with a keepFinal bound). */
  readonly #finalStarts = new Set<number>();

  /** @param keepFinal see BatchSpec.keepFinal: rows of older final window starts are dropped as they come. */
  constructor(readonly keepFinal = Infinity) {
    const strings = () => {
      if (this.#strings?.length !== this.length) {
        const n = this.length;
        this.#strings = {length: n, dimension: Array.from(this.#dimCode.subarray(0, n), (d) => DIMENSIONS[d]), key: Array.from(this.#keyCode.subarray(0, n), (k) => this.#keyNames[k])};
      }
      return this.#strings;
    };
    Object.defineProperty(this, "dimension", {enumerable: true, get: () => strings().dimension});
    Object.defineProperty(this, "key", {enumerable: true, get: () => strings().key});
  }

  /** Row i's dimension is DIMENSIONS[dimCode[i]] and key keyNames[keyCode[i]]. */
  codes(): {dimCode: Uint8Array; keyCode: Int32Array; keyNames: readonly string[]} {
    return {dimCode: this.#dimCode.subarray(0, this.length), keyCode: this.#keyCode.subarray(0, this.length), keyNames: this.#keyNames};
  }

  private code(d: number, name: string): number {
    const codes = this.#keyCodes[d];
    let code = codes.get(name);
    if (code === undefined) {
      code = this.#keyNames.length;
      codes.set(name, code);
      this.#keyNames.push(name);
    }
    return code;
  }

  push(row: WindowRow): void {
    const i = this.length++;
    if (i === this.windowStart.length) this.resize(Math.ceil(i * 1.5));
    this.windowStart[i] = row.windowStart;
    this.windowEnd[i] = row.windowEnd;
    const d = DIMENSIONS.indexOf(row.dimension);
    this.#dimCode[i] = d;
    this.#keyCode[i] = this.code(d, row.key);
    this.revenue[i] = row.revenue;
    this.units[i] = row.units;
    this.lines[i] = row.lines;
    this.transactions[i] = row.transactions;
    this.customers[i] = row.customers;
    this.refundAmount[i] = row.refundAmount;
    this.refundCount[i] = row.refundCount;
    this.netRevenue[i] = row.netRevenue;
    this.final[i] = row.final ? 1 : 0;
    if (row.final) this.finalStart(row.windowStart);
  }

  /**
   * Notes a final window start; once there are well over keepFinal of them, drops the rows of all
   * but the keepFinal latest. A start with keepFinal later ones can never be among the last
   * keepFinal, whatever comes next, so the last-N cut of the whole result is unchanged. Batched
   * (at 2 × keepFinal + 16 starts) so each row is moved O(1) times on average.
   */
  private finalStart(start: number): void {
    if (this.keepFinal === Infinity) return;
    const starts = this.#finalStarts;
    starts.add(start);
    if (starts.size <= 2 * this.keepFinal + 16) return;
    const sorted = [...starts].sort((a, b) => a - b);
    const keep = this.keepFinal > 0 ? sorted[sorted.length - this.keepFinal] : Infinity;
    for (const s of sorted) if (s < keep) starts.delete(s);
    const n = this.length;
    const ws = this.windowStart;
    const fin = this.final;
    let j = 0;
    for (let i = 0; i < n; ++i) {
      if (fin[i] && ws[i] < keep) continue;
      if (i !== j) this.move(i, j);
      ++j;
    }
    this.length = j;
    this.#strings = null;
  }

  /** Copies row i over row j (j < i): the compaction of finalStart. */
  private move(i: number, j: number): void {
    this.windowStart[j] = this.windowStart[i];
    this.windowEnd[j] = this.windowEnd[i];
    this.#dimCode[j] = this.#dimCode[i];
    this.#keyCode[j] = this.#keyCode[i];
    this.revenue[j] = this.revenue[i];
    this.units[j] = this.units[i];
    this.lines[j] = this.lines[i];
    this.transactions[j] = this.transactions[i];
    this.customers[j] = this.customers[i];
    this.refundAmount[j] = this.refundAmount[i];
    this.refundCount[j] = this.refundCount[i];
    this.netRevenue[j] = this.netRevenue[i];
    this.final[j] = this.final[i];
  }

  /** Appends a window's groups straight from the engine's arrays (the engine's windowSink). */
  window(g: WindowGroups): void {
    const count = g.count;
    const from = this.length;
    const n = from + count;
    // ×2: every growth copies all 13 columns (×1.5 copied twice the final size in all); the unused
    // tail of the last growth is never touched, so it is address space rather than resident memory.
    if (n > this.windowStart.length) this.resize(Math.max(n, this.windowStart.length * 2));
    const {m, slots, dim, key} = g;
    // Key codes first (new names are rare), so the copy loop below calls nothing and its columns stay in registers.
    const keyCode = this.#keyCode;
    const engineCodes = this.#engineCodes;
    for (let k = 0, i = from; k < count; ++k, ++i) {
      const s = slots[k];
      const d = dim[s];
      const id = key[s];
      let codes = engineCodes[d];
      if (id >= codes.length) {
        const bigger = new Int32Array(Math.max(id + 1, codes.length * 2));
        bigger.set(codes);
        codes = this.#engineCodes[d] = bigger;
      }
      let code = codes[id] - 1;
      if (code < 0) codes[id] = (code = this.code(d, g.names[d][id])) + 1;
      keyCode[i] = code;
    }
    this.windowStart.fill(g.start, from, n);
    this.windowEnd.fill(g.end, from, n);
    this.final.fill(g.final ? 1 : 0, from, n);
    const dimCode = this.#dimCode;
    const revenue = this.revenue;
    const units = this.units;
    const lines = this.lines;
    const transactions = this.transactions;
    const customers = this.customers;
    const refundAmount = this.refundAmount;
    const refundCount = this.refundCount;
    const netRevenue = this.netRevenue;
    for (let k = 0, i = from; k < count; ++k, ++i) {
      const s = slots[k];
      const at = s * NM;
      dimCode[i] = dim[s];
      const r = m[at + REVENUE];
      const refunded = m[at + REFUND_AMOUNT];
      revenue[i] = r;
      units[i] = m[at + UNITS] / UNIT_SCALE;
      lines[i] = m[at + LINES];
      transactions[i] = m[at + TRANSACTIONS];
      customers[i] = m[at + CUSTOMERS];
      refundAmount[i] = refunded;
      refundCount[i] = m[at + REFUND_COUNT];
      netRevenue[i] = r - refunded;
    }
    this.length = n;
    if (g.final && count) this.finalStart(g.start);
  }

  /** Makes room for n rows at once (growing step by step reallocates and copies every column each time). */
  reserve(n: number): void {
    if (n > this.windowStart.length) this.resize(n);
  }

  /** Cuts the arrays to `length`: views on the same buffers (a copy would hold every column twice at the peak). */
  trim(): this {
    const n = this.length;
    this.windowStart = this.windowStart.subarray(0, n);
    this.windowEnd = this.windowEnd.subarray(0, n);
    this.#dimCode = this.#dimCode.subarray(0, n);
    this.#keyCode = this.#keyCode.subarray(0, n);
    this.revenue = this.revenue.subarray(0, n);
    this.units = this.units.subarray(0, n);
    this.lines = this.lines.subarray(0, n);
    this.transactions = this.transactions.subarray(0, n);
    this.customers = this.customers.subarray(0, n);
    this.refundAmount = this.refundAmount.subarray(0, n);
    this.refundCount = this.refundCount.subarray(0, n);
    this.netRevenue = this.netRevenue.subarray(0, n);
    this.final = this.final.subarray(0, n);
    return this;
  }

  private resize(n: number): void {
    const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a.subarray(0, Math.min(n, this.length)));
      return b;
    };
    this.windowStart = grow(this.windowStart);
    this.windowEnd = grow(this.windowEnd);
    this.#dimCode = grow(this.#dimCode);
    this.#keyCode = grow(this.#keyCode);
    this.revenue = grow(this.revenue);
    this.units = grow(this.units);
    this.lines = grow(this.lines);
    this.transactions = grow(this.transactions);
    this.customers = grow(this.customers);
    this.refundAmount = grow(this.refundAmount);
    this.refundCount = grow(this.refundCount);
    this.netRevenue = grow(this.netRevenue);
    this.final = grow(this.final);
  }
}

export interface BatchResult {
  /**
   * Final windows, then the still-open ones (final: false). Windows become final in order of their
   * end (the watermark only grows) and the open ones come last, so rows run by window start; within
   * a window by dimension, then key in first-seen order.
   */
  windows: WindowColumns;
  totals: TotalsRow[];
  kpis: Kpis;
  late: LateRecord[];
  /** Rejected rows of every input, dimension files included. */
  rejects: Reject[];
  /** Non-blank data rows read per input name (transactions, refunds, inventory, stores, products). */
  inputRows: Record<string, number>;
  watermark: number | null;
  /** Wall time of aggregate(): reading, parsing, merging, aggregating (not writing files). */
  elapsedMs: number;
  /** Of that, the engine thread's own work: merging and aggregating, without waiting for parsed chunks or reading dimension files (set by aggregate). */
  engineMs?: number;
}

const FLUSH_EVERY = 65_536;
/**
 * A guess of the bytes of CSV per distinct transaction (~3 lines of ~64 bytes), to size the
 * engine's transaction table from the file size (sample data: 67 MB, 361k transactions). Only a
 * starting size: more transactions grow the table, fewer leave it partly empty.
 */
const BYTES_PER_TRANSACTION = 192;
/**
 * Likewise a guess of CSV bytes per window row at the default grain (sample data: 1.35M rows for
 * 67 MB, 1-minute windows, six dimensions), to reserve the window columns once: a guess too high
 * costs address space only (pages never written are never resident), too low grows them.
 */
const BYTES_PER_WINDOW_ROW = 48;
const MINUTE_MS = 60_000;
/** At most this many window rows are reserved up front (~0.9 GB of address space); more grow the columns. */
const MAX_RESERVED_ROWS = 1 << 24;
/**
 * Records per chunk from the parse thread. A postMessage costs the parse thread ~1.2 ms whatever the
 * chunk's size (13 transferred buffers): 8192-record chunks spent ~170 ms of it on 1M lines, 32768 ~30 ms.
 * At most 4 chunks per input are in flight (~2 MB each).
 */
const CHUNK_ROWS = 32_768;
/**
 * The first chunk of each input is this small (then 2×, 4×, … up to CHUNK_ROWS): the engine starts
 * sooner. The parse thread's first records run in cold (interpreted) code, ~20 µs each: the merge
 * needs a chunk of every input before its first record, and 2,048 rows of three inputs kept the
 * engine thread waiting ~100 ms after the worker started (256: ~20 ms).
 */
const FIRST_CHUNK_ROWS = 256;
/** Inputs at least this big are parsed on a worker thread (starting one costs ~50 ms of thread start-up and ~15 ms to load its bundle, ~0.6 s under tsx). */
const WORKER_BYTES = 8 << 20;

/**
 * Batch mode: the live engine over whole files. Sources are merged by event time exactly as
 * the live replay merges them (ingest/merge.ts), so late events are the same ones.
 */
export async function aggregate(inputs: BatchInputs, options: BatchOptions): Promise<BatchResult> {
  return (await aggregateAll(inputs, [options], options))[0];
}

/**
 * aggregate() for several window grains at once: the inputs are read, parsed and merged once and
 * every record goes to one engine per spec (each with its own window, lateness and dimensions).
 * Result i is what aggregate(inputs, {...specs[i], ...read}) gives, but for elapsedMs (and so
 * kpis.eventsPerSecond), which are those of the shared pass.
 */
export async function aggregateAll(inputs: BatchInputs, specs: BatchSpec[], read: ReadSettings = {}): Promise<BatchResult[]> {
  const started = performance.now();
  const mapping = typeof inputs.mapping === "string" ? await loadMapping(inputs.mapping) : inputs.mapping;
  const dims = await readDimensions({stores: inputs.stores, products: inputs.products}, {mapping});
  const rejects: Reject[] = [...dims.rejects];
  const inputRows: Record<string, number> = {};
  if (inputs.stores) inputRows.stores = (dims.stores?.size ?? 0) + dims.rejects.filter((r) => r.source === basename(inputs.stores!)).length;
  if (inputs.products) inputRows.products = (dims.products?.size ?? 0) + dims.rejects.filter((r) => r.source === basename(inputs.products!)).length;

  const kinds: SourceKind[] = [];
  const columnInputs: ColumnInput[] = [];
  let bytes = 0;
  let transactionBytes = 0;
  for (const kind of ["transactions", "refunds", "inventory"] as const) {
    const path = inputs[kind];
    if (!path) continue;
    kinds.push(kind);
    inputRows[kind] = 0;
    columnInputs.push({path, kind, options: {mapping, stores: dims.stores, products: dims.products, dedupeWindow: read.dedupeWindow}});
    const size = (await stat(path).catch(() => null))?.size ?? 0;
    bytes += size;
    if (kind === "transactions") transactionBytes = size;
  }
  const names = columnInputs.map((input) => basename(input.path));

  const runs = specs.map((spec) => {
    const windows = new WindowBuffer(spec.keepFinal);
    if (spec.keepFinal === undefined) {
      // The guess is for 1-minute tumbling windows: a grain g holds about 1/g as many rows (× window/hop overlap).
      const grain = MINUTE_MS / spec.windowMs;
      const overlap = spec.windowMs / (spec.hopMs ?? spec.windowMs);
      windows.reserve(Math.min(MAX_RESERVED_ROWS, Math.round((transactionBytes / BYTES_PER_WINDOW_ROW) * Math.min(1, grain) * overlap)));
    }
    const engine = createEngine({
      windowMs: spec.windowMs,
      hopMs: spec.hopMs,
      latenessMs: spec.latenessMs,
      dimensions: spec.dimensions,
      stores: dims.stores,
      products: dims.products,
      historyWindows: 0,
      lateHistory: 0,
      windowSink: windows,
      expectedTransactions: Math.round(transactionBytes / BYTES_PER_TRANSACTION)
    });
    // Per input: its dictionary index → this engine's key id, grown as chunks bring new names.
    const keyMaps = columnInputs.map(() => ({store: [] as number[], product: [] as number[], payment: [] as number[]}));
    return {windows, engine, keyMaps, late: [] as LateRecord[]};
  });
  const counts = kinds.map(() => 0);
  let sinceFlush = 0;
  let rowsRead = 0;
  let lastProgress = started;

  // Per input: its dictionary index → the region (category) column of the store's (product's) first
  // row there; a sale carries it to the engine, which takes it at the key's first sale.
  const attributes = columnInputs.map(() => ({region: [] as (string | null)[], category: [] as (string | null)[]}));
  const arrived = (chunk: EventColumns) => {
    // Every record of a chunk is visited: count them here, not one by one.
    counts[chunk.source] += chunk.length;
    const attributesOf = attributes[chunk.source];
    for (const region of chunk.newStoreRegions) attributesOf.region.push(region);
    for (const category of chunk.newProductCategories) attributesOf.category.push(category);
    for (const {engine, keyMaps} of runs) {
      const maps = keyMaps[chunk.source];
      for (const name of chunk.newStores) maps.store.push(engine.keyId("store", name));
      for (const name of chunk.newProducts) maps.product.push(engine.keyId("product", name));
      for (const name of chunk.newPayments) maps.payment.push(engine.keyId("payment", name));
    }
  };
  // pushCore only reads the event: one CoreEvent serves every engine, only the key ids differ.
  const ev = new CoreEvent();
  // One engine (pulse aggregate): no loop over runs per record.
  const single = runs.length === 1 ? runs[0] : null;
  // The current chunk's arrays, loaded once per chunk rather than per record (chunks arrive as
  // structured clones: property loads on them are not the cheap monomorphic kind).
  let chunk: EventColumns | null = null;
  let kindOf: Uint8Array = new Uint8Array(0);
  let timeOf: Float64Array = new Float64Array(0);
  let lineOf: Float64Array = new Float64Array(0);
  let txHiOf: Int32Array = new Int32Array(0);
  let txLoOf: Int32Array = new Int32Array(0);
  let hasCustomerOf: Uint8Array = new Uint8Array(0);
  let custHiOf: Int32Array = new Int32Array(0);
  let custLoOf: Int32Array = new Int32Array(0);
  let storeOf: Int32Array = new Int32Array(0);
  let productOf: Int32Array = new Int32Array(0);
  let paymentOf: Int32Array = new Int32Array(0);
  let quantityOf: Float64Array = new Float64Array(0);
  let amountOf: Float64Array = new Float64Array(0);
  let source = "";
  let storeIds: number[] = [];
  let productIds: number[] = [];
  let paymentIds: number[] = [];
  let regionOf: (string | null)[] = [];
  let categoryOf: (string | null)[] = [];
  const load = (c: EventColumns) => {
    chunk = c;
    kindOf = c.kind;
    timeOf = c.time;
    lineOf = c.line;
    txHiOf = c.txHi;
    txLoOf = c.txLo;
    hasCustomerOf = c.hasCustomer;
    custHiOf = c.custHi;
    custLoOf = c.custLo;
    storeOf = c.store;
    productOf = c.product;
    paymentOf = c.payment;
    quantityOf = c.quantity;
    amountOf = c.amount;
    source = names[c.source];
    regionOf = attributes[c.source].region;
    categoryOf = attributes[c.source].category;
    if (single !== null) {
      const maps = single.keyMaps[c.source];
      storeIds = maps.store;
      productIds = maps.product;
      paymentIds = maps.payment;
    }
  };
  // A run of records of one chunk (mergeColumns): the loop keeps the chunk's arrays in registers.
  const visit = (c: EventColumns, from: number, to: number) => {
    if (c !== chunk) load(c);
    for (let i = from; i < to; ++i) {
      const kind = kindOf[i];
      if (kind === 0) {
        const record = c.rejects[storeOf[i]];
        for (const run of runs) run.engine.reject(record);
        rejects.push(record);
      } else {
        ev.kind = kind;
        ev.source = source;
        ev.line = lineOf[i];
        ev.time = timeOf[i];
        ev.txHi = txHiOf[i];
        ev.txLo = txLoOf[i];
        ev.hasCustomer = hasCustomerOf[i] === 1;
        ev.custHi = custHiOf[i];
        ev.custLo = custLoOf[i];
        ev.quantity = quantityOf[i];
        ev.amount = amountOf[i];
        const store = storeOf[i];
        const product = productOf[i];
        const payment = paymentOf[i];
        ev.region = regionOf[store] ?? null;
        ev.category = categoryOf[product] ?? null;
        if (single !== null) {
          ev.store = storeIds[store];
          ev.product = productIds[product];
          ev.payment = paymentIds[payment];
          single.engine.pushCore(ev);
        } else
          for (let r = 0; r < runs.length; ++r) {
            const maps = runs[r].keyMaps[c.source];
            ev.store = maps.store[store];
            ev.product = maps.product[product];
            ev.payment = maps.payment[payment];
            runs[r].engine.pushCore(ev);
          }
      }
      if (++sinceFlush >= FLUSH_EVERY) flushAll();
    }
  };
  const flushAll = () => {
    rowsRead += sinceFlush;
    sinceFlush = 0;
    const now = performance.now();
    for (const run of runs) for (const record of run.engine.flush(now).late) run.late.push(record);
    if (read.onProgress && now - lastProgress >= 1000) {
      lastProgress = now;
      read.onProgress(rowsRead, now - started);
    }
  };
  // With a worker, it parses every input. Parsed here, refunds and inventory ran in cold code (the
  // sample data: ~0.3 s of this thread for 85k rows) with the parser compiled a second time; on the
  // worker they cost it ~0.15 s. Alternated 10× on the sample data: 2.58 s against 2.76 s (medians).
  const onWorker = read.worker ?? bytes >= WORKER_BYTES;
  const sources = (read.sources ?? openColumnSources)(columnInputs, onWorker, CHUNK_ROWS, FIRST_CHUNK_ROWS);
  const mergeStarted = performance.now();
  let waited: number;
  try {
    waited = await mergeColumns(sources, columnInputs.length, arrived, visit);
  } finally {
    await sources.close();
  }
  const ends = runs.map((run) => run.engine.finish(performance.now()));
  const engineMs = performance.now() - mergeStarted - waited;
  kinds.forEach((kind, k) => (inputRows[kind] = counts[k]));
  const elapsedMs = performance.now() - started;
  return runs.map((run, r) => {
    const end = ends[r];
    for (const record of end.late) run.late.push(record);
    const kpis = {...end.kpis, eventsPerSecond: elapsedMs > 0 ? ((end.kpis.rowsRead - end.kpis.rejected) * 1000) / elapsedMs : 0};
    const totals = run.engine.snapshot().totals;
    return {
      windows: run.windows.trim(),
      totals: totals.sort((a, b) => DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) || compare(a.key, b.key)),
      kpis,
      late: run.late,
      rejects: r === 0 ? rejects : [...rejects],
      inputRows: r === 0 ? inputRows : {...inputRows},
      watermark: end.kpis.watermark,
      elapsedMs,
      engineMs
    };
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
