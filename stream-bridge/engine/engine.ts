import {PulseError} from "../../lib/errors.ts";
import type {PulseEvent, Reject} from "../events.ts";
import {CoreEvent, DOUBLE, INVENTORY, REFUND, SALE} from "./coreEvent.ts";
import {CUSTOMERS, GroupTable, LINES, NM, REFUND_AMOUNT, REFUND_COUNT, REVENUE, TRANSACTIONS, UNIT_SCALE, UNITS} from "./groupTable.ts";
import {h64, hashPair, hashString, HashSet64, PartitionedSet64} from "./hash64.ts";
import {CustomerMasks, MASK_KEYS} from "./customerMasks.ts";
import {IndexSet} from "./indexSet.ts";
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
  type WindowGroups,
  type WindowRow,
  type WindowSink
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
/**
 * Version 2: windows keep first-line maps (txFirst, customerFirst) beside the pair sets and the
 * totals' distinct customers of small keys are bit columns (custMasks): version 1 states do not load.
 * Version 3: units are kept in millionths (UNIT_SCALE).
 */
const STATE_VERSION = 3;

/**
 * An open window. txFirst maps each transaction seen in the window to the store and payment of its
 * first line here and its first four distinct products (FIRST_COLUMNS); customerFirst the same per
 * customer. A line whose key differs from those goes to the pair sets, (group, id) hashed.
 */
class Win {
  constructor(
    readonly start: number,
    readonly end: number,
    public groups: GroupTable,
    public txFirst: HashSet64 | null,
    public customerFirst: HashSet64 | null,
    public txPairs: HashSet64 | null,
    public customerPairs: HashSet64 | null
  ) {}
}

/**
 * An id's entry in a window's first-line table (txFirst or customerFirst) as the last line found it,
 * and the keys whose (group, id) pairs that window already holds for it: consecutive lines of a
 * receipt find their entry without a lookup.
 */
class FirstLineEntry {
  win: Win | null = null;
  hi = 0;
  lo = 0;
  /** The table's data and the position of the entry's values there (store, payment, two of inline products). */
  data: Int32Array = new Int32Array(0);
  at = 0;
  readonly keys = new Int32Array(NDIM).fill(-1);

  /** Finds id (hi, lo) in w's table `set`, entering it with the line's store and payment if new; true when new. */
  enter(w: Win, set: HashSet64, hi: number, lo: number, store: number, payment: number): boolean {
    if (this.win === w && hi === this.hi && lo === this.lo) return false;
    this.win = w;
    this.hi = hi;
    this.lo = lo;
    unset(this.keys);
    const added = set.add(hi, lo);
    const data = (this.data = set.data);
    const at = (this.at = set.at);
    if (added) {
      data[at] = store;
      data[at + 1] = payment;
      data[at + 2] = data[at + 3] = -1;
    }
    return added;
  }
}

/**
 * The transaction table grows ×1.25 (not ×1.5): it is the engine's one structure that grows with
 * the whole input (3.6M transactions at 10M lines), so a smaller step holds less empty space
 * (~26 rather than ~29 bytes a transaction) for rehashing each entry ~4 times instead of ~2.
 */
const TX_GROWTH = 1.25;
/** Transaction table: maximum load, and the packed first-line keys of a transaction whose store or payment key is ≥ 0xffff. */
const TX_LOAD = 0.85;
const WIDE = -1;

/** Value columns of the first-line maps: store, payment and two of inline products. */
const FIRST_COLUMNS = 4;


interface PairSet {
  add(hi: number, lo: number): boolean;
}

/** Inline product slots per transaction: 4 × 16-bit keys in two int32 values. */
const NO_PRODUCT = 0xffff;
/** Marks the inline list closed: later products of the transaction go to the pair set. */
const CLOSED = 0xfffe;

interface HistoryEntry {
  start: number;
  rows: WindowRow[];
}

/** Marks a per-dimension key cache empty: a loop the compiler inlines (TypedArray fill is a runtime call, once per receipt). */
function unset(keys: Int32Array): void {
  for (let d = 0; d < NDIM; ++d) keys[d] = -1;
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
  private readonly sink: WindowSink | null;
  /** Scratch for the sink: slots of a window in output order. */
  private sinkSlots = new Int32Array(256);
  private readonly sinkDimAt = new Int32Array(NDIM + 1);

  private keys: KeyTable[] = DIMENSIONS.map(() => new KeyTable());
  /** The names arrays of `keys` (the same arrays: they grow in place). */
  private get keyNames(): string[][] {
    return this.keys.map((table) => table.names);
  }
  /** Region key of each store key, category key of each product key. */
  private regionOf: number[] = [];
  private categoryOf: number[] = [];
  /**
   * 1 for a store (product) key not in the stores (products) file whose first sale is still to
   * come: that sale's region (category) column decides its region (category), else it stays
   * unknown. Decided at the first sale, not when the key is made (an inventory row or a batch
   * chunk may make it first), so live and batch agree, and before any sale reads it.
   */
  private regionPending: number[] = [];
  private categoryPending: number[] = [];
  /**
   * transaction hash → store key | payment key << 16 of its first line (WIDE when a key does not fit
   * 16 bits: then they are in txWide), and its first four distinct product keys (16 bits each, in
   * two values): most receipts never need the (product, tx) pair set. 20 bytes a slot, up to 85%
   * full: the biggest table of the engine (3.6M transactions at 10M lines).
   */
  private tx: PartitionedSet64;
  private txWide = new Map<string, [number, number]>();
  private productNew = false;
  private categoryNew = false;
  /** Cleared group tables and sets of final windows, reused by new ones. */
  private spareSets: HashSet64[] = [];
  private spareFirsts: HashSet64[] = [];
  private spareTables: GroupTable[] = [];
  private totals = new GroupTable(NDIM, 256);
  private totalTxPairs = new PartitionedSet64(6);
  /** customer hash → dense index; the totals' distinct customers are sets of these indices per group (totals slot). */
  private customers = new HashSet64(1024, 1);
  private totalCustomers: IndexSet[] = [];
  /** The totals' distinct customers of keys < MASK_KEYS (higher keys: an IndexSet per group). */
  private custMasks = new CustomerMasks(NDIM);

  private open = new Map<number, Win>();
  private minOpenEnd = Infinity;
  /** Rows of windows that became final since the last flush, in window order. */
  private pendingFinal: WindowRow[] = [];
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
  // Sums and the rate hold doubles: they start as one (DOUBLE, see coreEvent.ts) and the constructor zeroes them.
  private grossRevenue = DOUBLE;
  private refundTotal = DOUBLE;
  private units = DOUBLE;
  private eventsAtFlush = 0;
  private lastFlush: number | null = null;
  private rate = DOUBLE;

  // Hot-path caches: consecutive lines of one receipt share transaction, customer and most keys
  // (ingest hands them the same string objects, so === is a pointer comparison).
  private readonly keyOf = new Int32Array(NDIM);
  /** push(event) converts into this one and hands it to pushCore. */
  private readonly scratch = new CoreEvent();
  private lastTxId: string | null = null;
  /** sale(): the data array of the last sale's transaction's part of `tx` and its values' position there. */
  private txCached = false;
  private txCacheHi = 0;
  private txCacheLo = 0;
  private txCacheAt = 0;
  private txCacheData: Int32Array = new Int32Array(0);
  private lastTxHi = 0;
  private lastTxLo = 0;
  private lastCustomer: string | null = null;
  private lastCustomerHi = 0;
  private lastCustomerLo = 0;
  /** Dense index of the customer hash (custIndexHi, custIndexLo), valid once custIndexSet. */
  private custIndexSet = false;
  private custIndexHi = 0;
  private custIndexLo = 0;
  private lastCustIndex = 0;
  private lastStoreId: string | null = null;
  private lastStoreKey = -1;
  private lastProductId: string | null = null;
  private lastProductKey = -1;
  private lastPayment: string | null = null;
  private lastPaymentKey = -1;
  /** The last sale's transaction and customer in their window's first-line tables. */
  private readonly txEntry = new FirstLineEntry();
  private readonly custEntry = new FirstLineEntry();
  private readonly cacheTotalCustKey = new Int32Array(NDIM).fill(-1);
  private cacheTotalCustHi = 0;
  private cacheTotalCustLo = 0;
  /**
   * The receipt of the last sale (see sameReceipt): its transaction, store, payment, customer and
   * window, and the slots of its groups in the dimensions that are a function of the receipt (all,
   * store, region, payment) in the totals and in that window. null: no receipt remembered.
   */
  private receiptWin: Win | null = null;
  private receiptTxHi = 0;
  private receiptTxLo = 0;
  private receiptStore = -1;
  private receiptPayment = -1;
  private receiptHasCustomer = false;
  private receiptCustHi = 0;
  private receiptCustLo = 0;
  private readonly receiptTotalSlots = new Int32Array(NDIM);
  private readonly receiptSlots = new Int32Array(NDIM);
  /** The slots of the current line's receipt-level groups, as the full path finds them (rememberReceipt keeps them). */
  private readonly lineTotalSlots = new Int32Array(NDIM);
  private readonly lineSlots = new Int32Array(NDIM);
  /** Dimensions of the totals (all and the enabled ones) and of windows, split into those a receipt decides and the per-line ones (category, product). */
  private readonly totalDims: number[];
  private readonly receiptTotalDims: number[];
  private readonly lineTotalDims: number[];
  private readonly receiptDims: number[];
  private readonly lineDims: number[];

  constructor(options: EngineOptions) {
    validateOptions(options);
    this.grossRevenue = this.refundTotal = this.units = this.rate = 0;
    this.options = options;
    this.windowMs = options.windowMs;
    this.hopMs = options.hopMs ?? options.windowMs;
    this.latenessMs = options.latenessMs;
    this.dims = [...new Set(options.dimensions)].map((d) => DIMENSIONS.indexOf(d)).sort((a, b) => a - b);
    for (const d of this.dims) this.enabled[d] = 1;
    const perLine = (d: number) => d === CATEGORY || d === PRODUCT;
    this.totalDims = [ALL, ...this.dims.filter((d) => d !== ALL)];
    this.receiptTotalDims = this.totalDims.filter((d) => !perLine(d));
    this.lineTotalDims = this.totalDims.filter(perLine);
    this.receiptDims = this.dims.filter((d) => !perLine(d));
    this.lineDims = this.dims.filter(perLine);
    this.historyWindows = options.historyWindows ?? 60;
    this.lateHistory = options.lateHistory ?? 1000;
    this.sink = options.windowSink ?? null;
    this.tx = new PartitionedSet64(6, 3, TX_LOAD, TX_GROWTH, options.expectedTransactions ?? 0);
    this.keys[ALL].id(ALL_KEY);
  }

  // ---- keys

  private storeKey(id: string): number {
    if (id === this.lastStoreId) return this.lastStoreKey;
    this.lastStoreId = id;
    return (this.lastStoreKey = this.newStoreKey(id));
  }

  private newStoreKey(id: string): number {
    const table = this.keys[STORE];
    let key = table.ids.get(id);
    if (key === undefined) {
      key = table.id(id);
      const store = this.options.stores?.get(id);
      this.regionOf[key] = this.keys[REGION].id(store ? store.region : UNKNOWN_KEY);
      this.regionPending[key] = store ? 0 : 1;
    }
    return key;
  }

  private productKey(id: string): number {
    if (id === this.lastProductId) return this.lastProductKey;
    this.lastProductId = id;
    return (this.lastProductKey = this.newProductKey(id));
  }

  private newProductKey(id: string): number {
    const table = this.keys[PRODUCT];
    let key = table.ids.get(id);
    if (key === undefined) {
      key = table.id(id);
      const product = this.options.products?.get(id);
      this.categoryOf[key] = this.keys[CATEGORY].id(product ? product.category : UNKNOWN_KEY);
      this.categoryPending[key] = product ? 0 : 1;
    }
    return key;
  }

  // ---- events

  push(event: PulseEvent): void {
    const c = this.scratch;
    c.source = event.source;
    c.line = event.line;
    c.time = event.time;
    if (event.kind === "sale") {
      c.kind = SALE;
      // Consecutive lines of a receipt share the id string: hash it once.
      if (event.transactionId !== this.lastTxId) {
        this.lastTxId = event.transactionId;
        hashString(event.transactionId);
        this.lastTxHi = h64.hi;
        this.lastTxLo = h64.lo;
      }
      c.txHi = this.lastTxHi;
      c.txLo = this.lastTxLo;
      const customer = event.customerId;
      c.hasCustomer = customer !== null && customer !== "";
      if (c.hasCustomer && customer !== this.lastCustomer) {
        this.lastCustomer = customer;
        hashString(customer!);
        this.lastCustomerHi = h64.hi;
        this.lastCustomerLo = h64.lo;
      }
      c.custHi = this.lastCustomerHi;
      c.custLo = this.lastCustomerLo;
      c.store = this.storeKey(event.storeId);
      c.product = this.productKey(event.productId);
      if (event.payment !== this.lastPayment) {
        this.lastPayment = event.payment;
        this.lastPaymentKey = this.keys[PAYMENT].id(event.payment);
      }
      c.payment = this.lastPaymentKey;
      c.quantity = event.quantity;
      c.amount = event.amount;
      c.category = event.category ?? null;
      c.region = event.region ?? null;
    } else if (event.kind === "refund") {
      c.kind = REFUND;
      hashString(event.originalTransactionId);
      c.txHi = h64.hi;
      c.txLo = h64.lo;
      c.store = this.storeKey(event.storeId);
      c.product = this.productKey(event.productId);
      c.amount = event.amount;
    } else c.kind = INVENTORY;
    this.pushCore(c);
  }

  /** Key id of a store, product or payment method name (interned on first sight, as push does). */
  keyId(dimension: "store" | "product" | "payment", name: string): number {
    return dimension === "store" ? this.newStoreKey(name) : dimension === "product" ? this.newProductKey(name) : this.keys[PAYMENT].id(name);
  }

  /** The hot path of push(), for callers that hash and intern themselves (batch columns). */
  pushCore(event: CoreEvent): void {
    this.events++;
    const time = event.time;
    if (time > this.maxTime) {
      this.maxTime = time;
      this.watermark = time - this.latenessMs;
      if (this.watermark >= this.minOpenEnd) this.finalizeUpTo(this.watermark);
    }
    if (event.kind === SALE) this.sale(event);
    else if (event.kind === REFUND) this.refund(event);
    else this.stock();
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
  private late(event: CoreEvent): boolean {
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
      w = new Win(
        start,
        start + this.windowMs,
        // 256 groups: a minute of a few hundred products and a dozen stores fits without growing.
        this.spareTables.pop() ?? new GroupTable(NDIM, 256),
        this.spareFirsts.pop() ?? new HashSet64(64, FIRST_COLUMNS),
        this.spareFirsts.pop() ?? new HashSet64(64, FIRST_COLUMNS),
        this.spareSets.pop() ?? new HashSet64(16),
        this.spareSets.pop() ?? new HashSet64(16)
      );
      this.open.set(start, w);
      if (w.end < this.minOpenEnd) this.minOpenEnd = w.end;
    }
    this.lastWin = w;
    return w;
  }

  private sale(e: CoreEvent): void {
    const keyOf = this.keyOf;
    const sk = e.store;
    const pk = e.product;
    if (this.regionPending[sk] === 1) this.decideRegion(sk, e.region);
    if (this.categoryPending[pk] === 1) this.decideCategory(pk, e.category);
    const payk = e.payment;
    const rk = this.regionOf[sk];
    const ck = this.categoryOf[pk];
    keyOf[ALL] = 0;
    keyOf[STORE] = sk;
    keyOf[REGION] = rk;
    keyOf[CATEGORY] = ck;
    keyOf[PRODUCT] = pk;
    keyOf[PAYMENT] = payk;

    const txHi = e.txHi;
    const txLo = e.txLo;
    // Consecutive lines of a receipt find their transaction's slot without a probe of the big
    // table (only a sale inserts, and an insert of another id replaces this cache first).
    let txNew = false;
    let txAt: number;
    let txData: Int32Array;
    if (this.txCached && txHi === this.txCacheHi && txLo === this.txCacheLo) {
      txAt = this.txCacheAt;
      txData = this.txCacheData;
    } else {
      txNew = this.tx.add(txHi, txLo);
      txAt = this.txCacheAt = this.tx.at;
      txData = this.txCacheData = this.tx.data;
      this.txCached = true;
      this.txCacheHi = txHi;
      this.txCacheLo = txLo;
    }
    let firstStore = sk;
    let firstPayment = payk;
    if (txNew) {
      if (sk < 0xffff && payk < 0xffff) txData[txAt] = sk | (payk << 16);
      else {
        txData[txAt] = WIDE;
        this.txWide.set(`${txHi}:${txLo}`, [sk, payk]);
      }
      txData[txAt + 1] = txData[txAt + 2] = -1;
    } else {
      const packed = txData[txAt];
      if (packed !== WIDE) {
        firstStore = packed & 0xffff;
        firstPayment = packed >>> 16;
      } else [firstStore, firstPayment] = this.txWide.get(`${txHi}:${txLo}`)!;
    }
    const hasCustomer = e.hasCustomer;
    const custHi = e.custHi;
    const custLo = e.custLo;
    // A customer new to the engine is new to the "all" group: no per-group set needed there.
    let customerNew = false;
    if (hasCustomer && !(this.custIndexSet && custHi === this.custIndexHi && custLo === this.custIndexLo)) {
      this.custIndexSet = true;
      this.custIndexHi = custHi;
      this.custIndexLo = custLo;
      const customers = this.customers;
      customerNew = customers.add(custHi, custLo);
      if (customerNew) customers.data[customers.at] = customers.size - 1;
      this.lastCustIndex = customers.data[customers.at];
    }
    if (hasCustomer && (custHi !== this.cacheTotalCustHi || custLo !== this.cacheTotalCustLo)) {
      this.cacheTotalCustHi = custHi;
      this.cacheTotalCustLo = custLo;
      unset(this.cacheTotalCustKey);
    }
    const products = this.enabled[PRODUCT] === 1 || this.enabled[CATEGORY] === 1;
    if (products) this.inlineProducts(txData, txAt + 1, pk, ck, this.totalTxPairs, txHi, txLo);
    const productNew = this.productNew;
    const categoryNew = this.categoryNew;
    const amount = e.amount;
    // Units are summed in millionths, as integers: exact for quantities of up to six decimals (weights).
    const quantity = Math.round(e.quantity * UNIT_SCALE);
    this.grossRevenue += amount;
    this.units += quantity;
    const time = e.time;
    const open = this.lastWin;
    // A further line of the last sale's receipt, in the same window with the same store, payment
    // and customer (most lines): in the dimensions the receipt decides, its groups are known and it
    // is not a new transaction or customer there, so only revenue, units and lines change. The
    // window test is the tumbling fast case below (a receipt is remembered only with tumbling
    // windows, and finalizing clears lastWin).
    const sameReceipt =
      open !== null &&
      open === this.receiptWin &&
      txHi === this.receiptTxHi &&
      txLo === this.receiptTxLo &&
      sk === this.receiptStore &&
      payk === this.receiptPayment &&
      hasCustomer === this.receiptHasCustomer &&
      custHi === this.receiptCustHi &&
      custLo === this.receiptCustLo &&
      time >= open.start &&
      time < open.end;

    // Totals (late events included); "all" is always kept for the KPIs.
    const totals = this.totals;
    const custIndex = this.lastCustIndex;
    let totalDims = this.totalDims;
    let receiptDim = 0;
    if (sameReceipt) {
      const m = totals.m;
      for (let i = 0; i < this.receiptTotalDims.length; ++i) {
        const s = this.receiptTotalSlots[i];
        const at = s * NM;
        m[at + REVENUE] += amount;
        m[at + UNITS] += quantity;
        m[at + LINES]++;
        totals.touch(s);
      }
      totalDims = this.lineTotalDims;
    }
    for (let i = 0; i < totalDims.length; ++i) {
      const d = totalDims[i];
      const key = keyOf[d];
      const s = totals.slot(d, key);
      if (d !== CATEGORY && d !== PRODUCT) this.lineTotalSlots[receiptDim++] = s;
      const m = totals.m;
      const at = s * NM;
      m[at + REVENUE] += amount;
      m[at + UNITS] += quantity;
      m[at + LINES]++;
      let newTx: boolean;
      if (d === PRODUCT) newTx = productNew;
      else if (d === CATEGORY) newTx = categoryNew;
      else if (txNew) newTx = true;
      else if (d === ALL) newTx = false;
      else if (d === STORE ? key === firstStore : d === REGION ? key === this.regionOf[firstStore] : key === firstPayment) newTx = false;
      else {
        hashPair(d * TAG + key, txHi, txLo);
        newTx = this.totalTxPairs.add(h64.hi, h64.lo);
      }
      if (newTx) m[at + TRANSACTIONS]++;
      if (hasCustomer && this.cacheTotalCustKey[d] !== key) {
        this.cacheTotalCustKey[d] = key;
        if (d === ALL) {
          if (customerNew) m[at + CUSTOMERS]++;
        } else if (key < MASK_KEYS) {
          // One bit per (customer, key): a load and a store instead of a set per group.
          if (this.custMasks.add(d, key, custIndex)) m[at + CUSTOMERS]++;
        } else {
          const set = this.totalCustomers[s] ?? (this.totalCustomers[s] = new IndexSet());
          if (set.add(custIndex)) m[at + CUSTOMERS]++;
        }
      }
      totals.touch(s);
    }

    const hop = this.hopMs;
    let first: number;
    let last: number;
    if (hop === this.windowMs && open !== null && time >= open.start && time < open.end) {
      // Tumbling, in the last window used: it is open (finalizing clears lastWin), so not late.
      first = last = open.start;
    } else {
      if (this.late(e)) return;
      first = this.firstWindowStart(time);
      last = Math.floor(time / hop) * hop;
    }
    for (let start = first; start <= last; start += hop) {
      const w = this.win(start);
      // The window's own record of the transaction: store and payment of its first line in this
      // window and its first four products; a line with another key falls back to the pair set.
      const txEntry = this.txEntry;
      const wTxNew = txEntry.enter(w, w.txFirst!, txHi, txLo, sk, payk);
      const tv = txEntry.data;
      const tAt = txEntry.at;
      const wFirstStore = tv[tAt];
      const wFirstPayment = tv[tAt + 1];
      if (products) this.inlineProducts(tv, tAt + 2, pk, ck, w.txPairs!, txHi, txLo);
      const wProductNew = this.productNew;
      const wCategoryNew = this.categoryNew;
      let wCustNew = false;
      let cFirstStore = -1;
      let cFirstPayment = -1;
      let cProductNew = false;
      let cCategoryNew = false;
      const custEntry = this.custEntry;
      if (hasCustomer) {
        wCustNew = custEntry.enter(w, w.customerFirst!, custHi, custLo, sk, payk);
        const cv = custEntry.data;
        const cAt = custEntry.at;
        cFirstStore = cv[cAt];
        cFirstPayment = cv[cAt + 1];
        if (products) {
          this.inlineProducts(cv, cAt + 2, pk, ck, w.customerPairs!, custHi, custLo);
          cProductNew = this.productNew;
          cCategoryNew = this.categoryNew;
        }
      }
      const groups = w.groups;
      const touch = this.sink === null;
      let dims = this.dims;
      receiptDim = 0;
      if (sameReceipt) {
        const m = groups.m;
        for (let i = 0; i < this.receiptDims.length; ++i) {
          const s = this.receiptSlots[i];
          const at = s * NM;
          m[at + REVENUE] += amount;
          m[at + UNITS] += quantity;
          m[at + LINES]++;
          if (touch) groups.touch(s);
        }
        dims = this.lineDims;
      }
      for (let i = 0; i < dims.length; ++i) {
        const d = dims[i];
        const key = keyOf[d];
        const s = groups.slot(d, key);
        if (d !== CATEGORY && d !== PRODUCT) this.lineSlots[receiptDim++] = s;
        const m = groups.m;
        const at = s * NM;
        m[at + REVENUE] += amount;
        m[at + UNITS] += quantity;
        m[at + LINES]++;
        let newTx: boolean;
        let newCust = false;
        if (d === ALL) {
          newTx = wTxNew;
          newCust = wCustNew;
        } else if (d === PRODUCT) {
          newTx = wProductNew;
          newCust = cProductNew;
        } else if (d === CATEGORY) {
          newTx = wCategoryNew;
          newCust = cCategoryNew;
        } else {
          // store, region, payment: the key of the first line in this window was counted then.
          const txFirst = d === STORE ? wFirstStore : d === REGION ? this.regionOf[wFirstStore] : wFirstPayment;
          if (wTxNew || key === txFirst) newTx = wTxNew;
          else if (txEntry.keys[d] === key) newTx = false;
          else {
            txEntry.keys[d] = key;
            hashPair(d * TAG + key, txHi, txLo);
            newTx = w.txPairs!.add(h64.hi, h64.lo);
          }
          if (hasCustomer) {
            const custFirst = d === STORE ? cFirstStore : d === REGION ? this.regionOf[cFirstStore] : cFirstPayment;
            if (wCustNew || key === custFirst) newCust = wCustNew;
            else if (custEntry.keys[d] !== key) {
              custEntry.keys[d] = key;
              hashPair(d * TAG + key, custHi, custLo);
              newCust = w.customerPairs!.add(h64.hi, h64.lo);
            }
          }
        }
        if (newTx) m[at + TRANSACTIONS]++;
        if (newCust) m[at + CUSTOMERS]++;
        // With a sink nothing reads a window's changed groups (whole windows go out).
        if (touch) groups.touch(s);
      }
      // With hops the caches hold the last window only: restart them for the next one.
      if (hop !== this.windowMs) txEntry.win = custEntry.win = null;
      else if (!sameReceipt) this.rememberReceipt(w, e);
    }
  }

  /** A store's first sale: its region column (if any) is the store's region (see regionPending). */
  private decideRegion(sk: number, region: string | null): void {
    this.regionPending[sk] = 0;
    if (region !== null && region !== "") this.regionOf[sk] = this.keys[REGION].id(region);
  }

  private decideCategory(pk: number, category: string | null): void {
    this.categoryPending[pk] = 0;
    if (category !== null && category !== "") this.categoryOf[pk] = this.keys[CATEGORY].id(category);
  }

  /** Remembers the receipt of a sale just added to window w (tumbling windows) for sameReceipt. */
  private rememberReceipt(w: Win, e: CoreEvent): void {
    this.receiptWin = w;
    this.receiptTxHi = e.txHi;
    this.receiptTxLo = e.txLo;
    this.receiptStore = e.store;
    this.receiptPayment = e.payment;
    this.receiptHasCustomer = e.hasCustomer;
    this.receiptCustHi = e.custHi;
    this.receiptCustLo = e.custLo;
    for (let i = 0; i < NDIM; ++i) {
      this.receiptTotalSlots[i] = this.lineTotalSlots[i];
      this.receiptSlots[i] = this.lineSlots[i];
    }
  }


  /**
   * Sets productNew / categoryNew: whether this line brings a product (category) that an id (a
   * transaction, or a customer within a window) has not had before. The id's first four distinct
   * products live inline in two int32s at data[at], data[at + 1] (-1 when the id is new); once a product
   * does not fit, the list is closed and later products go to the pair set, so a category is
   * either among the inline products' categories or in the pair set, never both.
   */
  private inlineProducts(data: Int32Array, at: number, pk: number, ck: number, pairs: PairSet, hi: number, lo: number): void {
    const categoryOf = this.categoryOf;
    let sameCategory = false;
    let free = -1;
    for (let k = 0; k < 4; ++k) {
      const word = data[at + (k >> 1)];
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
    if (free >= 0) {
      // The product goes into the free place, or (a key too big for 16 bits) the list is closed there.
      const q = at + (free >> 1);
      const fits = pk < CLOSED;
      const put = fits ? pk : CLOSED;
      data[q] = free & 1 ? (data[q] & 0xffff) | (put << 16) : (data[q] & ~0xffff) | put;
      if (fits) {
        this.productNew = true;
        this.categoryNew = !sameCategory;
        return;
      }
    }
    hashPair(PRODUCT * TAG + pk, hi, lo);
    this.productNew = pairs.add(h64.hi, h64.lo);
    if (sameCategory) this.categoryNew = false;
    else {
      hashPair(CATEGORY * TAG + ck, hi, lo);
      this.categoryNew = pairs.add(h64.hi, h64.lo);
    }
  }

  private refund(e: CoreEvent): void {
    const keyOf = this.keyOf;
    const slot = this.tx.find(e.txHi, e.txLo);
    let sk: number;
    let payk: number;
    if (slot >= 0) {
      const packed = this.tx.data[this.tx.at];
      if (packed !== WIDE) {
        sk = packed & 0xffff;
        payk = packed >>> 16;
      } else [sk, payk] = this.txWide.get(`${e.txHi}:${e.txLo}`)!;
    } else {
      // Unmatched: the money still left the till; attribute it to the refund row's own store.
      this.unmatched++;
      sk = e.store;
      payk = this.keys[PAYMENT].id(UNKNOWN_KEY);
    }
    const pk = e.product;
    keyOf[ALL] = 0;
    keyOf[STORE] = sk;
    keyOf[REGION] = this.regionOf[sk];
    keyOf[CATEGORY] = this.categoryOf[pk];
    keyOf[PRODUCT] = pk;
    keyOf[PAYMENT] = payk;
    const amount = e.amount;
    this.refundTotal += amount;
    const totals = this.totals;
    for (let d = 0; d < NDIM; ++d) {
      if (d !== ALL && this.enabled[d] === 0) continue;
      const s = totals.slot(d, keyOf[d]);
      totals.m[s * NM + REFUND_AMOUNT] += amount;
      totals.m[s * NM + REFUND_COUNT]++;
      totals.touch(s);
    }
    if (this.late(e)) return;
    const hop = this.hopMs;
    const last = Math.floor(e.time / hop) * hop;
    // As in sale(): a sink takes whole windows, so their groups need no dirty marks.
    const touch = this.sink === null;
    for (let start = this.firstWindowStart(e.time); start <= last; start += hop) {
      const groups = this.win(start).groups;
      for (let i = 0; i < this.dims.length; ++i) {
        const d = this.dims[i];
        const s = groups.slot(d, keyOf[d]);
        groups.m[s * NM + REFUND_AMOUNT] += amount;
        groups.m[s * NM + REFUND_COUNT]++;
        if (touch) groups.touch(s);
      }
    }
  }

  private stock(): void {
    // Inventory events move the watermark (they are part of the stream) but have no measures here.
    this.inventory++;
  }

  /**
   * Every open window with end ≤ watermark becomes final: its rows are built now (in window
   * order) and wait for the next flush, and its table and sets go back to the pools at once.
   */
  private finalizeUpTo(watermark: number): void {
    let minEnd = Infinity;
    const closing: Win[] = [];
    for (const [start, w] of this.open) {
      if (w.end <= watermark) {
        this.open.delete(start);
        closing.push(w);
      } else if (w.end < minEnd) minEnd = w.end;
    }
    this.minOpenEnd = minEnd;
    closing.sort((a, b) => a.start - b.start);
    for (const w of closing) {
      if (this.sink !== null) this.toSink(w, true);
      else {
        const rows = this.windowRows(w, true);
        for (const row of rows) this.pendingFinal.push(row);
        if (this.historyWindows > 0) this.history.push({start: w.start, rows});
      }
      if (this.lastWin === w) this.lastWin = null;
      if (this.txEntry.win === w) this.txEntry.win = null;
      if (this.custEntry.win === w) this.custEntry.win = null;
      this.recycle(w);
    }
  }

  /** A final window's rows are built: its group table and sets go back to the pools. */
  private recycle(w: Win): void {
    if (this.spareTables.length < 16) {
      w.groups.reset();
      this.spareTables.push(w.groups);
    }
    // Sets keep their capacity: after the first windows, a window's sets never grow.
    for (const set of [w.txFirst, w.customerFirst]) {
      if (set === null || this.spareFirsts.length >= 32) continue;
      set.clear();
      this.spareFirsts.push(set);
    }
    for (const set of [w.txPairs, w.customerPairs]) {
      if (set === null || this.spareSets.length >= 32) continue;
      set.clear();
      this.spareSets.push(set);
    }
    w.txFirst = w.customerFirst = w.txPairs = w.customerPairs = null;
  }

  // ---- output

  private row(w: Win, s: number, final: boolean): WindowRow {
    const t = w.groups;
    const m = t.m;
    const at = s * NM;
    const d = t.dim[s];
    return {
      windowStart: w.start,
      windowEnd: w.end,
      dimension: DIMENSIONS[d],
      key: this.keys[d].names[t.key[s]],
      revenue: m[at + REVENUE],
      units: m[at + UNITS] / UNIT_SCALE,
      lines: m[at + LINES],
      transactions: m[at + TRANSACTIONS],
      customers: m[at + CUSTOMERS],
      refundAmount: m[at + REFUND_AMOUNT],
      refundCount: m[at + REFUND_COUNT],
      netRevenue: m[at + REVENUE] - m[at + REFUND_AMOUNT],
      final
    };
  }

  private totalsRow(s: number): TotalsRow {
    const t = this.totals;
    const m = t.m;
    const at = s * NM;
    const d = t.dim[s];
    return {
      dimension: DIMENSIONS[d],
      key: this.keys[d].names[t.key[s]],
      revenue: m[at + REVENUE],
      units: m[at + UNITS] / UNIT_SCALE,
      lines: m[at + LINES],
      transactions: m[at + TRANSACTIONS],
      customers: m[at + CUSTOMERS],
      refundAmount: m[at + REFUND_AMOUNT],
      refundCount: m[at + REFUND_COUNT],
      netRevenue: m[at + REVENUE] - m[at + REFUND_AMOUNT]
    };
  }

  /** Rows of a window in dimension order, keys in first-seen order. */
  private windowRows(w: Win, final: boolean): WindowRow[] {
    const rows: WindowRow[] = [];
    const t = w.groups;
    // Slots were assigned in first-seen order; walk them once per dimension.
    for (const d of this.dims) for (let s = 0; s < t.size; ++s) if (t.dim[s] === d) rows.push(this.row(w, s, final));
    return rows;
  }

  /** Hands a window's groups to the sink, slots in windowRows order. */
  private toSink(w: Win, final: boolean): void {
    const t = w.groups;
    if (this.sinkSlots.length < t.size) this.sinkSlots = new Int32Array(Math.max(t.size, this.sinkSlots.length * 2));
    const slots = this.sinkSlots;
    // Counting sort by dimension (stable: keys stay in first-seen order).
    const at = this.sinkDimAt;
    at.fill(0);
    const dim = t.dim;
    for (let s = 0; s < t.size; ++s) at[dim[s] + 1]++;
    for (let d = 1; d <= NDIM; ++d) at[d] += at[d - 1];
    for (let s = 0; s < t.size; ++s) slots[at[dim[s]]++] = s;
    const groups: WindowGroups = {start: w.start, end: w.end, final, slots, count: t.size, dim, key: t.key, m: t.m, names: this.keyNames};
    this.sink!.window(groups);
  }

  private kpis(): Kpis {
    const allSlot = this.totals.index[ALL][0] - 1;
    const transactions = this.tx.size;
    const rowsRead = this.events + this.rejected;
    return {
      grossRevenue: this.grossRevenue,
      refunds: this.refundTotal,
      netRevenue: this.grossRevenue - this.refundTotal,
      transactions,
      units: this.units / UNIT_SCALE,
      customers: allSlot >= 0 ? this.totals.m[allSlot * NM + CUSTOMERS] : 0,
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
      const t = w.groups;
      // With a sink, open windows go out whole at finish: partial rows would only be dropped.
      if (this.sink === null) for (let i = 0; i < t.dirtyCount; ++i) windows.push(this.row(w, t.dirtyList[i], false));
      t.clearDirty();
    }
    if (this.pendingFinal.length) {
      for (const row of this.pendingFinal) windows.push(row);
      this.pendingFinal = [];
      if (this.history.length > this.historyWindows) {
        for (const entry of this.history.splice(0, this.history.length - this.historyWindows)) for (const row of entry.rows) this.pendingEvicted.push(windowRowId(row));
      }
    }
    const totals: TotalsRow[] = [];
    const t = this.totals;
    for (let i = 0; i < t.dirtyCount; ++i) {
      const s = t.dirtyList[i];
      if (this.enabled[t.dim[s]]) totals.push(this.totalsRow(s));
    }
    t.clearDirty();
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
    if (this.sink !== null) {
      for (const w of open) this.toSink(w, false);
      return changes;
    }
    changes.windows = changes.windows.filter((row) => row.final);
    for (const w of open) for (const row of this.windowRows(w, false)) changes.windows.push(row);
    return changes;
  }

  snapshot(): EngineSnapshot {
    const windows: WindowRow[] = [];
    // History is trimmed at flush; between flushes it may hold a few more windows than kept.
    const kept = this.historyWindows > 0 ? this.history.slice(-this.historyWindows) : [];
    for (const entry of kept) for (const row of entry.rows) windows.push(row);
    for (const w of [...this.open.values()].sort((a, b) => a.start - b.start)) for (const row of this.windowRows(w, false)) windows.push(row);
    const totals: TotalsRow[] = [];
    const t = this.totals;
    for (const d of this.dims) for (let s = 0; s < t.size; ++s) if (t.dim[s] === d) totals.push(this.totalsRow(s));
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
    const winJson = (w: Win) => ({
      start: w.start,
      groups: w.groups.toJSON(),
      txFirst: w.txFirst?.toJSON() ?? null,
      customerFirst: w.customerFirst?.toJSON() ?? null,
      txPairs: w.txPairs?.toJSON() ?? null,
      customerPairs: w.customerPairs?.toJSON() ?? null
    });
    return {
      version: STATE_VERSION,
      windowMs: this.windowMs,
      hopMs: this.hopMs,
      latenessMs: this.latenessMs,
      dimensions: this.dims.map((d) => DIMENSIONS[d]),
      keys: this.keys.map((table) => table.names),
      regionOf: this.regionOf,
      categoryOf: this.categoryOf,
      // Keys whose first sale is still to come (see regionPending).
      regionPending: this.regionPending.flatMap((p, key) => (p === 1 ? [key] : [])),
      categoryPending: this.categoryPending.flatMap((p, key) => (p === 1 ? [key] : [])),
      tx: this.tx.toJSON(),
      txWide: [...this.txWide],
      totals: this.totals.toJSON(),
      totalTxPairs: this.totalTxPairs.toJSON(),
      customers: this.customers.toJSON(),
      totalCustomers: Array.from({length: this.totals.size}, (_, s) => this.totalCustomers[s]?.toJSON() ?? null),
      custMasks: this.custMasks.toJSON(this.customers.size),
      open: [...this.open.values()].map(winJson),
      pendingFinal: this.pendingFinal,
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
    if (s.version !== STATE_VERSION) throw new PulseError("E_BAD_INPUT", `engine state version ${JSON.stringify(s.version)} is not supported`);
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
    this.regionPending = [];
    this.categoryPending = [];
    for (const key of (s.regionPending as number[] | undefined) ?? []) this.regionPending[key] = 1;
    for (const key of (s.categoryPending as number[] | undefined) ?? []) this.categoryPending[key] = 1;
    this.regionOf.forEach((_, key) => (this.regionPending[key] ??= 0));
    this.categoryOf.forEach((_, key) => (this.categoryPending[key] ??= 0));
    this.tx = PartitionedSet64.fromJSON(s.tx, 6, TX_LOAD, TX_GROWTH);
    this.txWide = new Map(s.txWide);
    this.txCached = false;
    this.totals = GroupTable.fromJSON(s.totals, NDIM);
    this.totalTxPairs = PartitionedSet64.fromJSON(s.totalTxPairs);
    this.customers = HashSet64.fromJSON(s.customers);
    // Totals slots are rebuilt in saved order, so saved set i belongs to slot i.
    this.custMasks = CustomerMasks.fromJSON(s.custMasks, NDIM);
    this.cacheTotalCustKey.fill(-1);
    this.cacheTotalCustHi = this.cacheTotalCustLo = 0;
    this.receiptWin = null;
    this.custIndexSet = false;
    this.totalCustomers = (s.totalCustomers as (ReturnType<IndexSet["toJSON"]> | null)[]).map((json) => (json ? IndexSet.fromJSON(json) : (undefined as unknown as IndexSet)));
    const loadWin = (json: any): Win => {
      const w = new Win(
        json.start,
        json.start + this.windowMs,
        GroupTable.fromJSON(json.groups, NDIM),
        json.txFirst ? HashSet64.fromJSON(json.txFirst) : null,
        json.customerFirst ? HashSet64.fromJSON(json.customerFirst) : null,
        json.txPairs ? HashSet64.fromJSON(json.txPairs) : null,
        json.customerPairs ? HashSet64.fromJSON(json.customerPairs) : null
      );
      return w;
    };
    this.open = new Map();
    this.minOpenEnd = Infinity;
    for (const json of s.open) {
      const w = loadWin(json);
      this.open.set(w.start, w);
      if (w.end < this.minOpenEnd) this.minOpenEnd = w.end;
    }
    this.pendingFinal = s.pendingFinal;
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
