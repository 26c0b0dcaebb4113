import {PulseError} from "../../lib/errors.ts";
import type {InventoryEvent, PulseEvent, RefundEvent, Reject, SaleEvent} from "../events.ts";
import {h64, hashPair, hashString, HashSet64} from "./hash64.ts";
import {KeyTable} from "./keys.ts";
import {
  ALL_KEY,
  DIMENSIONS,
  UNKNOWN_KEY,
  windowRowId,
  type Dimension,
  type Engine,
  type EngineChanges,
  type EngineOptions,
  type EngineSnapshot,
  type EngineState,
  type Kpis,
  type LateRecord,
  type TotalsRow,
  type WindowRow
} from "./types.ts";

/*
 * Event-time windowing. Dimensions are numbered in DIMENSIONS order; every (dimension, key)
 * group is tagged `dim * 2^26 + keyId` to hash (group, transaction) and (group, customer)
 * pairs into one typed-array set per window and one for the totals. The transaction table
 * maps a transaction id's hash to the store and payment of its first line: refunds look up
 * their attribution there, and the totals of dimensions that are a function of the
 * transaction (all, store, region, payment) count a transaction once without a pair set.
 */

const ALL = 0;
const STORE = 1;
const REGION = 2;
const CATEGORY = 3;
const PRODUCT = 4;
const PAYMENT = 5;
const NDIM = 6;
const TAG = 1 << 26;

class Group {
  revenue = 0;
  units = 0;
  lines = 0;
  transactions = 0;
  customers = 0;
  refundAmount = 0;
  refundCount = 0;
  dirty = false;
  constructor(
    readonly dim: number,
    readonly key: number
  ) {}
}

class Win {
  /** groups[dim][keyId] */
  groups: Group[][] = [[], [], [], [], [], []];
  dirty: Group[] = [];
  constructor(
    readonly start: number,
    readonly end: number,
    public txPairs: HashSet64 | null,
    public customerPairs: HashSet64 | null
  ) {}
}

/** Inline product slots per transaction: 4 × 16-bit keys in two int32 columns. */
const NO_PRODUCT = 0xffff;
/** Marks the inline list closed: later products of the transaction go to the pair set. */
const CLOSED = 0xfffe;

interface HistoryEntry {
  start: number;
  rows: WindowRow[];
}

function group(groups: Group[][], dim: number, key: number): Group {
  const list = groups[dim];
  let g = list[key];
  if (g === undefined) {
    while (list.length < key) list.push(undefined as unknown as Group);
    g = list[key] = new Group(dim, key);
  }
  return g;
}

export function validateOptions(options: EngineOptions): void {
  const {windowMs, hopMs = windowMs, latenessMs, dimensions} = options;
  if (!Number.isSafeInteger(windowMs) || windowMs <= 0) throw new PulseError("E_BAD_OPTION", `invalid windowMs: ${windowMs} (expected a positive integer)`);
  if (!Number.isSafeInteger(hopMs) || hopMs <= 0 || hopMs > windowMs) throw new PulseError("E_BAD_OPTION", `invalid hopMs: ${hopMs} (expected a positive integer ≤ windowMs ${windowMs})`);
  if (!Number.isSafeInteger(latenessMs) || latenessMs < 0) throw new PulseError("E_BAD_OPTION", `invalid latenessMs: ${latenessMs} (expected an integer ≥ 0)`);
  if (!dimensions.length) throw new PulseError("E_BAD_OPTION", "invalid dimensions: none given");
  for (const d of dimensions) if (!DIMENSIONS.includes(d)) throw new PulseError("E_BAD_OPTION", `invalid dimension: ${JSON.stringify(d)} (expected ${DIMENSIONS.join(", ")})`);
}

export function createEngine(options: EngineOptions): Engine {
  return new WindowEngine(options);
}

export function restoreEngine(state: EngineState, options: EngineOptions): Engine {
  const engine = new WindowEngine(options);
  engine.load(state);
  return engine;
}

class WindowEngine implements Engine {
  private readonly windowMs: number;
  private readonly hopMs: number;
  private readonly latenessMs: number;
  private readonly dims: number[];
  private readonly enabled = new Uint8Array(NDIM);
  private readonly historyWindows: number;
  private readonly lateHistory: number;
  private readonly options: EngineOptions;

  private keys: KeyTable[] = DIMENSIONS.map(() => new KeyTable());
  /** Region key of each store key, category key of each product key. */
  private regionOf: number[] = [];
  private categoryOf: number[] = [];
  /**
   * transaction hash → [store key, payment key] of its first line, and its first four distinct
   * product keys (16 bits each, in two columns): most receipts never need the (product, tx) pair set.
   */
  private tx = new HashSet64(1024, 4);
  private productNew = false;
  private categoryNew = false;
  /** Cleared sets of final windows, reused by new ones. */
  private spareSets: HashSet64[] = [];
  private totals: Group[][] = [[], [], [], [], [], []];
  private totalsDirty: Group[] = [];
  private totalTxPairs = new HashSet64(1024);
  private totalCustomerPairs = new HashSet64(1024);

  private open = new Map<number, Win>();
  private minOpenEnd = Infinity;
  private pendingFinal: Win[] = [];
  private history: HistoryEntry[] = [];
  private pendingEvicted: string[] = [];
  private lastWin: Win | null = null;

  private maxTime = -Infinity;
  private watermark = -Infinity;
  private pendingLate: LateRecord[] = [];
  private recentLate: LateRecord[] = [];

  private events = 0;
  private rejected = 0;
  private lateCount = 0;
  private unmatched = 0;
  private inventory = 0;
  private grossRevenue = 0;
  private refundTotal = 0;
  private units = 0;
  private eventsAtFlush = 0;
  private lastFlush: number | null = null;
  private rate = 0;

  // Hot-path caches: consecutive lines of one receipt share transaction, customer and most keys.
  private readonly keyOf = new Int32Array(NDIM);
  private cacheTxHi = 0;
  private cacheTxLo = 0;
  private cacheTxWin: Win | null = null;
  private readonly cacheTxKey = new Int32Array(NDIM).fill(-1);
  private cacheCustHi = 0;
  private cacheCustLo = 0;
  private cacheCustWin: Win | null = null;
  private readonly cacheCustKey = new Int32Array(NDIM).fill(-1);
  private readonly cacheTotalCustKey = new Int32Array(NDIM).fill(-1);
  private cacheTotalCustHi = 0;
  private cacheTotalCustLo = 0;

  constructor(options: EngineOptions) {
    validateOptions(options);
    this.options = options;
    this.windowMs = options.windowMs;
    this.hopMs = options.hopMs ?? options.windowMs;
    this.latenessMs = options.latenessMs;
    this.dims = [...new Set(options.dimensions)].map((d) => DIMENSIONS.indexOf(d)).sort((a, b) => a - b);
    for (const d of this.dims) this.enabled[d] = 1;
    this.historyWindows = options.historyWindows ?? 60;
    this.lateHistory = options.lateHistory ?? 1000;
    this.keys[ALL].id(ALL_KEY);
  }

  // ---- keys

  private storeKey(id: string): number {
    const table = this.keys[STORE];
    let key = table.ids.get(id);
    if (key === undefined) {
      key = table.id(id);
      const store = this.options.stores?.get(id);
      this.regionOf[key] = this.keys[REGION].id(store ? store.region : UNKNOWN_KEY);
    }
    return key;
  }

  private productKey(id: string): number {
    const table = this.keys[PRODUCT];
    let key = table.ids.get(id);
    if (key === undefined) {
      key = table.id(id);
      const product = this.options.products?.get(id);
      this.categoryOf[key] = this.keys[CATEGORY].id(product ? product.category : UNKNOWN_KEY);
    }
    return key;
  }

  // ---- events

  push(event: PulseEvent): void {
    this.events++;
    const time = event.time;
    if (time > this.maxTime) {
      this.maxTime = time;
      this.watermark = time - this.latenessMs;
      if (this.watermark >= this.minOpenEnd) this.finalizeUpTo(this.watermark);
    }
    if (event.kind === "sale") this.sale(event);
    else if (event.kind === "refund") this.refund(event);
    else this.stock(event);
  }

  reject(_reject: Reject): void {
    this.rejected++;
  }

  /** Start of the earliest window containing t (its end decides lateness). */
  private firstWindowStart(t: number): number {
    const hop = this.hopMs;
    return (Math.floor((t - this.windowMs) / hop) + 1) * hop;
  }

  /** True (and recorded) when the event's earliest window is already final. */
  private late(event: PulseEvent): boolean {
    const first = this.firstWindowStart(event.time);
    if (this.watermark < first + this.windowMs) return false;
    const record: LateRecord = {source: event.source, line: event.line, eventTime: event.time, windowStart: first, watermark: this.watermark};
    this.lateCount++;
    this.pendingLate.push(record);
    if (this.lateHistory > 0) {
      this.recentLate.push(record);
      if (this.recentLate.length > this.lateHistory * 2) this.recentLate = this.recentLate.slice(-this.lateHistory);
    }
    return true;
  }

  private win(start: number): Win {
    const last = this.lastWin;
    if (last !== null && last.start === start) return last;
    let w = this.open.get(start);
    if (w === undefined) {
      w = new Win(start, start + this.windowMs, this.spareSets.pop() ?? new HashSet64(256), this.spareSets.pop() ?? new HashSet64(256));
      this.open.set(start, w);
      if (w.end < this.minOpenEnd) this.minOpenEnd = w.end;
    }
    this.lastWin = w;
    return w;
  }

  private sale(e: SaleEvent): void {
    const keyOf = this.keyOf;
    const sk = this.storeKey(e.storeId);
    const pk = this.productKey(e.productId);
    let payk = this.keys[PAYMENT].ids.get(e.payment);
    if (payk === undefined) payk = this.keys[PAYMENT].id(e.payment);
    keyOf[ALL] = 0;
    keyOf[STORE] = sk;
    keyOf[REGION] = this.regionOf[sk];
    keyOf[CATEGORY] = this.categoryOf[pk];
    keyOf[PRODUCT] = pk;
    keyOf[PAYMENT] = payk;

    hashString(e.transactionId);
    const txHi = h64.hi;
    const txLo = h64.lo;
    const txNew = this.tx.add(txHi, txLo);
    const slot = this.tx.slot;
    let firstStore = sk;
    let firstPayment = payk;
    if (txNew) {
      this.tx.values[0][slot] = sk;
      this.tx.values[1][slot] = payk;
    } else {
      firstStore = this.tx.values[0][slot];
      firstPayment = this.tx.values[1][slot];
    }
    const customer = e.customerId;
    let custHi = 0;
    let custLo = 0;
    const hasCustomer = customer !== null && customer !== "";
    if (hasCustomer) {
      hashString(customer);
      custHi = h64.hi;
      custLo = h64.lo;
      if (custHi !== this.cacheTotalCustHi || custLo !== this.cacheTotalCustLo) {
        this.cacheTotalCustHi = custHi;
        this.cacheTotalCustLo = custLo;
        this.cacheTotalCustKey.fill(-1);
      }
    }
    if (this.enabled[PRODUCT] || this.enabled[CATEGORY]) this.txProducts(slot, txNew, pk, keyOf[CATEGORY], txHi, txLo);
    const amount = e.amount;
    const quantity = e.quantity;
    this.grossRevenue += amount;
    this.units += quantity;

    // Totals (late events included); "all" is always kept for the KPIs.
    for (let d = 0; d < NDIM; ++d) {
      if (d !== ALL && this.enabled[d] === 0) continue;
      const key = keyOf[d];
      const g = group(this.totals, d, key);
      g.revenue += amount;
      g.units += quantity;
      g.lines++;
      let newTx: boolean;
      if (d === PRODUCT) newTx = this.productNew;
      else if (d === CATEGORY) newTx = this.categoryNew;
      else if (txNew) newTx = true;
      else if (d === ALL) newTx = false;
      else if (d === STORE ? key === firstStore : d === REGION ? key === this.regionOf[firstStore] : key === firstPayment) newTx = false;
      else {
        hashPair(d * TAG + key, txHi, txLo);
        newTx = this.totalTxPairs.add(h64.hi, h64.lo);
      }
      if (newTx) g.transactions++;
      if (hasCustomer && this.cacheTotalCustKey[d] !== key) {
        this.cacheTotalCustKey[d] = key;
        hashPair(d * TAG + key, custHi, custLo);
        if (this.totalCustomerPairs.add(h64.hi, h64.lo)) g.customers++;
      }
      if (!g.dirty) {
        g.dirty = true;
        this.totalsDirty.push(g);
      }
    }

    if (this.late(e)) return;
    const hop = this.hopMs;
    const last = Math.floor(e.time / hop) * hop;
    for (let start = this.firstWindowStart(e.time); start <= last; start += hop) {
      const w = this.win(start);
      const sameTx = this.cacheTxWin === w && txHi === this.cacheTxHi && txLo === this.cacheTxLo;
      if (!sameTx) {
        this.cacheTxWin = w;
        this.cacheTxHi = txHi;
        this.cacheTxLo = txLo;
        this.cacheTxKey.fill(-1);
      }
      const sameCustomer = hasCustomer && this.cacheCustWin === w && custHi === this.cacheCustHi && custLo === this.cacheCustLo;
      if (hasCustomer && !sameCustomer) {
        this.cacheCustWin = w;
        this.cacheCustHi = custHi;
        this.cacheCustLo = custLo;
        this.cacheCustKey.fill(-1);
      }
      for (let i = 0; i < this.dims.length; ++i) {
        const d = this.dims[i];
        const key = keyOf[d];
        const g = group(w.groups, d, key);
        g.revenue += amount;
        g.units += quantity;
        g.lines++;
        if (this.cacheTxKey[d] !== key) {
          this.cacheTxKey[d] = key;
          hashPair(d * TAG + key, txHi, txLo);
          if (w.txPairs!.add(h64.hi, h64.lo)) g.transactions++;
        }
        if (hasCustomer && this.cacheCustKey[d] !== key) {
          this.cacheCustKey[d] = key;
          hashPair(d * TAG + key, custHi, custLo);
          if (w.customerPairs!.add(h64.hi, h64.lo)) g.customers++;
        }
        if (!g.dirty) {
          g.dirty = true;
          w.dirty.push(g);
        }
      }
      // With hops the caches hold the last window only: restart them for the next one.
      if (hop !== this.windowMs) this.cacheTxWin = this.cacheCustWin = null;
    }
  }

  /**
   * Sets productNew / categoryNew: whether this line brings a product (category) the transaction
   * has not had before. The first four distinct products live inline in the transaction table;
   * once a product does not fit, the list is closed and later products go to the pair set, so a
   * category is either among the inline products' categories or in the pair set, never both.
   */
  private txProducts(slot: number, txNew: boolean, pk: number, ck: number, txHi: number, txLo: number): void {
    const ab = this.tx.values[2];
    const cd = this.tx.values[3];
    if (txNew) ab[slot] = cd[slot] = -1;
    const categoryOf = this.categoryOf;
    let sameCategory = false;
    let free = -1;
    for (let k = 0; k < 4; ++k) {
      const word = k < 2 ? ab[slot] : cd[slot];
      const p = (k & 1 ? word >>> 16 : word) & 0xffff;
      if (p === NO_PRODUCT) {
        free = k;
        break;
      }
      if (p === CLOSED) break;
      if (p === pk) {
        this.productNew = this.categoryNew = false;
        return;
      }
      if (categoryOf[p] === ck) sameCategory = true;
    }
    if (free >= 0 && pk < CLOSED) {
      const column = free < 2 ? ab : cd;
      column[slot] = free & 1 ? (column[slot] & 0xffff) | (pk << 16) : (column[slot] & ~0xffff) | pk;
      this.productNew = true;
      this.categoryNew = !sameCategory;
      return;
    }
    if (free >= 0) {
      const column = free < 2 ? ab : cd;
      column[slot] = free & 1 ? (column[slot] & 0xffff) | (CLOSED << 16) : (column[slot] & ~0xffff) | CLOSED;
    }
    hashPair(PRODUCT * TAG + pk, txHi, txLo);
    this.productNew = this.totalTxPairs.add(h64.hi, h64.lo);
    if (sameCategory) this.categoryNew = false;
    else {
      hashPair(CATEGORY * TAG + ck, txHi, txLo);
      this.categoryNew = this.totalTxPairs.add(h64.hi, h64.lo);
    }
  }

  private refund(e: RefundEvent): void {
    const keyOf = this.keyOf;
    hashString(e.originalTransactionId);
    const slot = this.tx.find(h64.hi, h64.lo);
    let sk: number;
    let payk: number;
    if (slot >= 0) {
      sk = this.tx.values[0][slot];
      payk = this.tx.values[1][slot];
    } else {
      // Unmatched: the money still left the till; attribute it to the refund row's own store.
      this.unmatched++;
      sk = this.storeKey(e.storeId);
      payk = this.keys[PAYMENT].id(UNKNOWN_KEY);
    }
    const pk = this.productKey(e.productId);
    keyOf[ALL] = 0;
    keyOf[STORE] = sk;
    keyOf[REGION] = this.regionOf[sk];
    keyOf[CATEGORY] = this.categoryOf[pk];
    keyOf[PRODUCT] = pk;
    keyOf[PAYMENT] = payk;
    const amount = e.amount;
    this.refundTotal += amount;
    for (let d = 0; d < NDIM; ++d) {
      if (d !== ALL && this.enabled[d] === 0) continue;
      const g = group(this.totals, d, keyOf[d]);
      g.refundAmount += amount;
      g.refundCount++;
      if (!g.dirty) {
        g.dirty = true;
        this.totalsDirty.push(g);
      }
    }
    if (this.late(e)) return;
    const hop = this.hopMs;
    const last = Math.floor(e.time / hop) * hop;
    for (let start = this.firstWindowStart(e.time); start <= last; start += hop) {
      const w = this.win(start);
      for (let i = 0; i < this.dims.length; ++i) {
        const d = this.dims[i];
        const g = group(w.groups, d, keyOf[d]);
        g.refundAmount += amount;
        g.refundCount++;
        if (!g.dirty) {
          g.dirty = true;
          w.dirty.push(g);
        }
      }
    }
  }

  private stock(_e: InventoryEvent): void {
    // Inventory events move the watermark (they are part of the stream) but have no measures here.
    this.inventory++;
  }

  /** Moves every open window with end ≤ watermark to the pending final list. */
  private finalizeUpTo(watermark: number): void {
    let minEnd = Infinity;
    for (const [start, w] of this.open) {
      if (w.end <= watermark) {
        this.open.delete(start);
        for (const set of [w.txPairs, w.customerPairs]) {
          if (set === null || this.spareSets.length >= 16) continue;
          set.clear();
          this.spareSets.push(set);
        }
        w.txPairs = w.customerPairs = null;
        this.pendingFinal.push(w);
        if (this.lastWin === w) this.lastWin = null;
        if (this.cacheTxWin === w) this.cacheTxWin = null;
        if (this.cacheCustWin === w) this.cacheCustWin = null;
      } else if (w.end < minEnd) minEnd = w.end;
    }
    this.minOpenEnd = minEnd;
  }

  // ---- output

  private row(w: Win, g: Group, final: boolean): WindowRow {
    return {
      windowStart: w.start,
      windowEnd: w.end,
      dimension: DIMENSIONS[g.dim],
      key: this.keys[g.dim].names[g.key],
      revenue: g.revenue,
      units: g.units,
      lines: g.lines,
      transactions: g.transactions,
      customers: g.customers,
      refundAmount: g.refundAmount,
      refundCount: g.refundCount,
      netRevenue: g.revenue - g.refundAmount,
      final
    };
  }

  private totalsRow(g: Group): TotalsRow {
    return {
      dimension: DIMENSIONS[g.dim],
      key: this.keys[g.dim].names[g.key],
      revenue: g.revenue,
      units: g.units,
      lines: g.lines,
      transactions: g.transactions,
      customers: g.customers,
      refundAmount: g.refundAmount,
      refundCount: g.refundCount,
      netRevenue: g.revenue - g.refundAmount
    };
  }

  private windowRows(w: Win, final: boolean): WindowRow[] {
    const rows: WindowRow[] = [];
    for (const d of this.dims) for (const g of w.groups[d]) if (g !== undefined) rows.push(this.row(w, g, final));
    return rows;
  }

  private kpis(): Kpis {
    const all = this.totals[ALL][0];
    const transactions = this.tx.size;
    const rowsRead = this.events + this.rejected;
    return {
      grossRevenue: this.grossRevenue,
      refunds: this.refundTotal,
      netRevenue: this.grossRevenue - this.refundTotal,
      transactions,
      units: this.units,
      customers: all ? all.customers : 0,
      averageOrderValue: transactions ? this.grossRevenue / transactions : 0,
      rowsRead,
      rejected: this.rejected,
      late: this.lateCount,
      unmatchedRefunds: this.unmatched,
      inventoryEvents: this.inventory,
      watermark: this.maxTime === -Infinity ? null : this.watermark,
      maxEventTime: this.maxTime === -Infinity ? null : this.maxTime,
      eventsPerSecond: this.rate,
      dataQuality: rowsRead ? (rowsRead - this.rejected) / rowsRead : 1
    };
  }

  flush(now: number): EngineChanges {
    if (this.lastFlush !== null && now > this.lastFlush) this.rate = ((this.events - this.eventsAtFlush) * 1000) / (now - this.lastFlush);
    if (this.lastFlush === null || now > this.lastFlush) {
      this.lastFlush = now;
      this.eventsAtFlush = this.events;
    }
    const windows: WindowRow[] = [];
    for (const w of this.open.values()) {
      for (const g of w.dirty) {
        g.dirty = false;
        if (this.enabled[g.dim]) windows.push(this.row(w, g, false));
      }
      w.dirty = [];
    }
    if (this.pendingFinal.length) {
      this.pendingFinal.sort((a, b) => a.start - b.start);
      for (const w of this.pendingFinal) {
        const rows = this.windowRows(w, true);
        for (const row of rows) windows.push(row);
        if (this.historyWindows > 0) this.history.push({start: w.start, rows});
      }
      this.pendingFinal = [];
      if (this.history.length > this.historyWindows) {
        this.history.sort((a, b) => a.start - b.start);
        for (const entry of this.history.splice(0, this.history.length - this.historyWindows)) for (const row of entry.rows) this.pendingEvicted.push(windowRowId(row));
      }
    }
    const totals: TotalsRow[] = [];
    for (const g of this.totalsDirty) {
      g.dirty = false;
      if (this.enabled[g.dim]) totals.push(this.totalsRow(g));
    }
    this.totalsDirty = [];
    const late = this.pendingLate;
    this.pendingLate = [];
    const evicted = this.pendingEvicted;
    this.pendingEvicted = [];
    return {windows, totals, kpis: this.kpis(), late, evicted};
  }

  finish(now: number): EngineChanges {
    const changes = this.flush(now);
    // Open windows go out whole (not only their changed groups), flagged not final.
    const open = [...this.open.values()].sort((a, b) => a.start - b.start);
    changes.windows = changes.windows.filter((row) => row.final);
    for (const w of open) for (const row of this.windowRows(w, false)) changes.windows.push(row);
    return changes;
  }

  snapshot(): EngineSnapshot {
    const windows: WindowRow[] = [];
    for (const entry of this.history) for (const row of entry.rows) windows.push(row);
    for (const w of [...this.pendingFinal].sort((a, b) => a.start - b.start)) for (const row of this.windowRows(w, true)) windows.push(row);
    for (const w of [...this.open.values()].sort((a, b) => a.start - b.start)) for (const row of this.windowRows(w, false)) windows.push(row);
    const totals: TotalsRow[] = [];
    for (const d of this.dims) for (const g of this.totals[d]) if (g !== undefined) totals.push(this.totalsRow(g));
    return {
      windows,
      totals,
      kpis: this.kpis(),
      late: this.recentLate.slice(-this.lateHistory),
      watermark: this.maxTime === -Infinity ? null : this.watermark
    };
  }

  // ---- checkpoints

  save(): EngineState {
    const groupsJson = (groups: Group[][]) => groups.map((list) => list.filter((g) => g !== undefined).map((g) => [g.key, g.revenue, g.units, g.lines, g.transactions, g.customers, g.refundAmount, g.refundCount]));
    const winJson = (w: Win) => ({
      start: w.start,
      groups: groupsJson(w.groups),
      txPairs: w.txPairs?.toJSON() ?? null,
      customerPairs: w.customerPairs?.toJSON() ?? null
    });
    return {
      version: 1,
      windowMs: this.windowMs,
      hopMs: this.hopMs,
      latenessMs: this.latenessMs,
      dimensions: this.dims.map((d) => DIMENSIONS[d]),
      keys: this.keys.map((table) => table.names),
      regionOf: this.regionOf,
      categoryOf: this.categoryOf,
      tx: this.tx.toJSON(),
      totals: groupsJson(this.totals),
      totalTxPairs: this.totalTxPairs.toJSON(),
      totalCustomerPairs: this.totalCustomerPairs.toJSON(),
      open: [...this.open.values()].map(winJson),
      pendingFinal: this.pendingFinal.map(winJson),
      history: this.history,
      maxTime: this.maxTime === -Infinity ? null : this.maxTime,
      recentLate: this.recentLate.slice(-this.lateHistory),
      counters: {
        events: this.events,
        rejected: this.rejected,
        late: this.lateCount,
        unmatched: this.unmatched,
        inventory: this.inventory,
        grossRevenue: this.grossRevenue,
        refundTotal: this.refundTotal,
        units: this.units
      }
    };
  }

  load(state: EngineState): void {
    const s = state as any;
    if (s.version !== 1) throw new PulseError("E_BAD_INPUT", `engine state version ${JSON.stringify(s.version)} is not supported`);
    const same = s.windowMs === this.windowMs && s.hopMs === this.hopMs && s.latenessMs === this.latenessMs && String(s.dimensions) === String(this.dims.map((d) => DIMENSIONS[d]));
    if (!same) {
      throw new PulseError(
        "E_BAD_INPUT",
        `engine state was saved with window ${s.windowMs}ms, hop ${s.hopMs}ms, lateness ${s.latenessMs}ms, dimensions ${s.dimensions}; restore with the same options`
      );
    }
    this.keys = (s.keys as string[][]).map((names) => KeyTable.from(names));
    this.regionOf = s.regionOf;
    this.categoryOf = s.categoryOf;
    this.tx = HashSet64.fromJSON(s.tx);
    const loadGroups = (json: number[][][]): Group[][] =>
      json.map((list, d) => {
        const groups: Group[] = [];
        for (const [key, revenue, units, lines, transactions, customers, refundAmount, refundCount] of list) {
          while (groups.length < key) groups.push(undefined as unknown as Group);
          const g = (groups[key] = new Group(d, key));
          g.revenue = revenue;
          g.units = units;
          g.lines = lines;
          g.transactions = transactions;
          g.customers = customers;
          g.refundAmount = refundAmount;
          g.refundCount = refundCount;
        }
        return groups;
      });
    this.totals = loadGroups(s.totals);
    this.totalTxPairs = HashSet64.fromJSON(s.totalTxPairs);
    this.totalCustomerPairs = HashSet64.fromJSON(s.totalCustomerPairs);
    const loadWin = (json: any): Win => {
      const w = new Win(json.start, json.start + this.windowMs, json.txPairs ? HashSet64.fromJSON(json.txPairs) : null, json.customerPairs ? HashSet64.fromJSON(json.customerPairs) : null);
      w.groups = loadGroups(json.groups);
      return w;
    };
    this.open = new Map();
    this.minOpenEnd = Infinity;
    for (const json of s.open) {
      const w = loadWin(json);
      this.open.set(w.start, w);
      if (w.end < this.minOpenEnd) this.minOpenEnd = w.end;
    }
    this.pendingFinal = s.pendingFinal.map(loadWin);
    this.history = s.history;
    this.maxTime = s.maxTime === null ? -Infinity : s.maxTime;
    this.watermark = this.maxTime - this.latenessMs;
    this.recentLate = s.recentLate;
    const c = s.counters;
    this.events = c.events;
    this.rejected = c.rejected;
    this.lateCount = c.late;
    this.unmatched = c.unmatched;
    this.inventory = c.inventory;
    this.grossRevenue = c.grossRevenue;
    this.refundTotal = c.refundTotal;
    this.units = c.units;
    this.eventsAtFlush = this.events;
  }
}
