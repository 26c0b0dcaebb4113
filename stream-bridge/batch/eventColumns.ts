import {isReject, type Reject, type SourceRecord} from "../events.ts";
import {INVENTORY, REFUND, SALE} from "../engine/coreEvent.ts";
import {h64, hashString} from "../engine/hash64.ts";
import {ROW_REFUND, ROW_SALE, type IdSpan, type ParsedRow} from "../ingest/rows.ts";
import type {RowSink} from "../ingest/source.ts";
import {hashBytes} from "./hashBytes.ts";

/**
 * Records of one input as columns: what the parse worker hands the engine thread (typed arrays
 * are transferred, not copied) and what batch mode merges and feeds to Engine.pushCore. Ids are
 * hashed here with the engine's own hashString, keys dictionary-encoded per input: `store[i]` is
 * an index into the input's store names, which grow by `newStores` with each chunk.
 */
export interface EventColumns {
  /** Index of the input among those opened together. */
  source: number;
  length: number;
  /** 0 for a reject (`rejects[store[i]]`), else SALE, REFUND or INVENTORY (engine/coreEvent.ts). */
  kind: Uint8Array;
  time: Float64Array;
  line: Float64Array;
  /** Sale: hash of the transaction id; refund: of the original transaction id. */
  txHi: Int32Array;
  txLo: Int32Array;
  hasCustomer: Uint8Array;
  custHi: Int32Array;
  custLo: Int32Array;
  store: Int32Array;
  product: Int32Array;
  payment: Int32Array;
  quantity: Float64Array;
  amount: Float64Array;
  rejects: Reject[];
  newStores: string[];
  newProducts: string[];
  newPayments: string[];
  /** Of each new store (product): the region (category) column of its first row here, or null (SaleEvent.region, .category). */
  newStoreRegions: (string | null)[];
  newProductCategories: (string | null)[];
}

/** The typed arrays of a chunk, for postMessage's transfer list. */
export function transferables(c: EventColumns): ArrayBuffer[] {
  return [c.kind, c.time, c.line, c.txHi, c.txLo, c.hasCustomer, c.custHi, c.custLo, c.store, c.product, c.payment, c.quantity, c.amount].map((a) => a.buffer as ArrayBuffer);
}

/**
 * A per-input dictionary: name → index, remembering the names added since the last take, each with
 * an attribute of the row that brought it (a product's category column, a store's region).
 */
class Dictionary {
  private readonly ids = new Map<string, number>();
  private last: string | null = null;
  private lastId = -1;
  fresh: string[] = [];
  freshAttributes: (string | null)[] = [];

  id(name: string, attribute: string | null = null): number {
    if (name === this.last) return this.lastId;
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(name, id);
      this.fresh.push(name);
      this.freshAttributes.push(attribute);
    }
    this.last = name;
    return (this.lastId = id);
  }

  /** Cache of id() by reader code (ParsedRow.storeCode…): code → id + 1, 0 unknown yet. */
  private byCode = new Int32Array(256);

  /** id(name, attribute) for a name the reader interned as `code` (-1: not interned). */
  idOf(code: number, name: string, attribute: string | null = null): number {
    if (code < 0) return this.id(name, attribute);
    if (code >= this.byCode.length) {
      const bigger = new Int32Array(Math.max(code + 1, this.byCode.length * 2));
      bigger.set(this.byCode);
      this.byCode = bigger;
    }
    const known = this.byCode[code];
    if (known > 0) return known - 1;
    const id = this.id(name, attribute);
    this.byCode[code] = id + 1;
    return id;
  }

  /** The names added since the last take, and their attributes. */
  take(): [string[], (string | null)[]] {
    const taken: [string[], (string | null)[]] = [this.fresh, this.freshAttributes];
    this.fresh = [];
    this.freshAttributes = [];
    return taken;
  }
}

/**
 * Appends records of one input to columns, `capacity` per chunk: SourceRecords with add(), or
 * straight from the reader as a RowSink (scanSource), ids hashed from the CSV bytes without
 * building strings; both give the same columns. With `first` < capacity, chunks start that small
 * and double up to capacity: the consumer gets its first records sooner (while the parser still
 * runs unoptimized code) and later chunks cost fewer messages.
 */
export class ColumnEncoder implements RowSink {
  private c: EventColumns;
  private readonly stores = new Dictionary();
  private readonly products = new Dictionary();
  private readonly payments = new Dictionary();
  private lastTx: string | null = null;
  private lastTxHi = 0;
  private lastTxLo = 0;
  private lastCustomer: string | null = null;
  private lastCustHi = 0;
  private lastCustLo = 0;
  private readonly txHash = new LastIdHash();
  private readonly customerHash = new LastIdHash();

  /** Records in the current chunk's arrays. */
  private size: number;

  constructor(
    readonly source: number,
    readonly capacity = 8192,
    first = capacity
  ) {
    this.size = Math.max(1, Math.min(first, capacity));
    this.c = this.empty();
  }

  get length(): number {
    return this.c.length;
  }

  get full(): boolean {
    return this.c.length >= this.size;
  }

  add(record: SourceRecord): void {
    const c = this.c;
    const i = c.length++;
    if (isReject(record)) {
      c.kind[i] = 0;
      c.line[i] = record.line;
      c.store[i] = c.rejects.length;
      c.rejects.push(record);
      return;
    }
    c.time[i] = record.time;
    c.line[i] = record.line;
    if (record.kind === "sale") {
      c.kind[i] = SALE;
      if (record.transactionId !== this.lastTx) {
        this.lastTx = record.transactionId;
        hashString(record.transactionId);
        this.lastTxHi = h64.hi;
        this.lastTxLo = h64.lo;
      }
      c.txHi[i] = this.lastTxHi;
      c.txLo[i] = this.lastTxLo;
      const customer = record.customerId;
      if (customer !== null && customer !== "") {
        if (customer !== this.lastCustomer) {
          this.lastCustomer = customer;
          hashString(customer);
          this.lastCustHi = h64.hi;
          this.lastCustLo = h64.lo;
        }
        c.hasCustomer[i] = 1;
        c.custHi[i] = this.lastCustHi;
        c.custLo[i] = this.lastCustLo;
      }
      c.store[i] = this.stores.id(record.storeId, record.region ?? null);
      c.product[i] = this.products.id(record.productId, record.category ?? null);
      c.payment[i] = this.payments.id(record.payment);
      c.quantity[i] = record.quantity;
      c.amount[i] = record.amount;
    } else if (record.kind === "refund") {
      c.kind[i] = REFUND;
      hashString(record.originalTransactionId);
      c.txHi[i] = h64.hi;
      c.txLo[i] = h64.lo;
      c.store[i] = this.stores.id(record.storeId);
      c.product[i] = this.products.id(record.productId);
      c.amount[i] = record.amount;
    } else c.kind[i] = INVENTORY;
  }

  /**
   * RowSink: a valid row of the reader (ids hashed from its bytes while `buf` holds them). One
   * encoder takes the rows of one reader: the interner codes of its rows index the dictionaries.
   */
  row(p: ParsedRow, buf: Buffer): void {
    const c = this.c;
    const i = c.length++;
    c.time[i] = p.time;
    c.line[i] = p.line;
    if (p.kind === ROW_SALE) {
      c.kind[i] = SALE;
      this.txHash.id(p.transaction, buf);
      c.txHi[i] = h64.hi;
      c.txLo[i] = h64.lo;
      const customer = p.customer;
      if (customer.text !== null ? customer.text !== "" : customer.s < customer.e) {
        this.customerHash.id(customer, buf);
        c.hasCustomer[i] = 1;
        c.custHi[i] = h64.hi;
        c.custLo[i] = h64.lo;
      }
      c.store[i] = this.stores.idOf(p.storeCode, p.storeId, p.region);
      c.product[i] = this.products.idOf(p.productCode, p.productId, p.category);
      c.payment[i] = this.payments.idOf(p.paymentCode, p.payment);
      c.quantity[i] = p.quantity;
      c.amount[i] = p.amount;
    } else if (p.kind === ROW_REFUND) {
      c.kind[i] = REFUND;
      hashString(p.originalTransactionId);
      c.txHi[i] = h64.hi;
      c.txLo[i] = h64.lo;
      c.store[i] = this.stores.idOf(p.storeCode, p.storeId);
      c.product[i] = this.products.idOf(p.productCode, p.productId);
      c.amount[i] = p.amount;
    } else c.kind[i] = INVENTORY;
  }

  /** RowSink: a reject (kept as an object: rejects are rare). */
  reject(record: Reject): void {
    const c = this.c;
    const i = c.length++;
    c.kind[i] = 0;
    c.line[i] = record.line;
    c.store[i] = c.rejects.length;
    c.rejects.push(record);
  }

  /** The chunk so far (columns cut to its length); the encoder starts a new one. */
  take(): EventColumns {
    const c = this.c;
    const n = c.length;
    this.size = Math.min(this.capacity, this.size * 2);
    this.c = this.empty();
    const cut = <T extends Uint8Array | Int32Array | Float64Array>(a: T): T => (n === a.length ? a : (a.slice(0, n) as T));
    const [newStores, newStoreRegions] = this.stores.take();
    const [newProducts, newProductCategories] = this.products.take();
    const [newPayments] = this.payments.take();
    return {
      ...c,
      kind: cut(c.kind),
      time: cut(c.time),
      line: cut(c.line),
      txHi: cut(c.txHi),
      txLo: cut(c.txLo),
      hasCustomer: cut(c.hasCustomer),
      custHi: cut(c.custHi),
      custLo: cut(c.custLo),
      store: cut(c.store),
      product: cut(c.product),
      payment: cut(c.payment),
      quantity: cut(c.quantity),
      amount: cut(c.amount),
      newStores,
      newStoreRegions,
      newProducts,
      newProductCategories,
      newPayments
    };
  }

  private empty(): EventColumns {
    const n = this.size;
    return {
      source: this.source,
      length: 0,
      kind: new Uint8Array(n),
      time: new Float64Array(n),
      line: new Float64Array(n),
      txHi: new Int32Array(n),
      txLo: new Int32Array(n),
      hasCustomer: new Uint8Array(n),
      custHi: new Int32Array(n),
      custLo: new Int32Array(n),
      store: new Int32Array(n),
      product: new Int32Array(n),
      payment: new Int32Array(n),
      quantity: new Float64Array(n),
      amount: new Float64Array(n),
      rejects: [],
      newStores: [],
      newProducts: [],
      newPayments: [],
      newStoreRegions: [],
      newProductCategories: []
    };
  }
}

/**
 * Hashes ids into h64: from their bytes when plain ASCII in the buffer, else their text. Keeps the
 * last bytes and their hash: consecutive lines of a receipt repeat its transaction and customer
 * ids, and comparing a few bytes costs less than hashing them.
 */
class LastIdHash {
  private readonly bytes = new Uint8Array(64);
  private n = -1;
  private hi = 0;
  private lo = 0;

  id(id: IdSpan, buf: Buffer): void {
    if (id.text !== null) {
      hashString(id.text);
      return;
    }
    const s = id.s;
    const n = id.e - s;
    const bytes = this.bytes;
    if (n === this.n) {
      let k = n - 1;
      while (k >= 0 && buf[s + k] === bytes[k]) --k;
      if (k < 0) {
        h64.hi = this.hi;
        h64.lo = this.lo;
        return;
      }
    }
    hashBytes(buf, s, id.e);
    this.hi = h64.hi;
    this.lo = h64.lo;
    if (n <= bytes.length) {
      for (let k = 0; k < n; ++k) bytes[k] = buf[s + k];
      this.n = n;
    } else this.n = -1;
  }
}
