import {PulseError} from "../../lib/errors.ts";
import type {InventoryEvent, Product, RefundEvent, Reject, RejectReason, SaleEvent, SourceKind, SourceRecord, Store} from "../events.ts";
import type {CsvRecord} from "./csv.ts";
import {resolveFields, type MappingSection} from "./mapping.ts";
import {exactAmountCents, lastCents, parseCentsBytes, parseNumberBytes, plainNumberText} from "./numbers.ts";
import {Interner, LastValue} from "./interner.ts";
import {dateFormat, timestampParser, type TimestampParser} from "./timestamp.ts";
import {decoderFor, type Decode} from "./decoderFor.ts";

/**
 * Validates one scanned CSV record (not the header): null when it is valid, its fields then in
 * `reader.row` (valid until the next call), else the reject. The single validation of rows: the
 * object path (readSource + recordMaker, live) and the column path (batch readColumns) both read through it.
 */
export interface RowReader {
  (buf: Buffer, rec: CsvRecord, line: number): Reject | null;
  readonly row: ParsedRow;
}

/**
 * An id field of a valid row: `text` when it had to be decoded (a default, a quoted field with
 * doubled quotes, a non-ASCII record), else null and the id is the ASCII bytes [s, e) of the buffer,
 * so the column path can hash it without building a string.
 */
export class IdSpan {
  text: string | null = null;
  s = 0;
  e = 0;
}

export const ROW_SALE = 1;
export const ROW_REFUND = 2;
export const ROW_INVENTORY = 3;

/** The fields of a valid row; which are set depends on `kind` (ROW_SALE, ROW_REFUND, ROW_INVENTORY). */
export class ParsedRow {
  kind = 0;
  line = 0;
  time = 0;
  /** Sale: the transaction id (text null: bytes, or absent and then `${source}:${line}`). */
  readonly transaction = new IdSpan();
  /** Sale: the customer id (text null and s === e: none). */
  readonly customer = new IdSpan();
  storeId = "";
  productId = "";
  payment = "";
  /** Sale: the category and region columns of the sales file (null: none, or empty). */
  category: string | null = null;
  region: string | null = null;
  /**
   * Entry numbers of storeId, productId and payment in the reader's interners (-1: not interned):
   * equal codes are equal ids within one reader, so the column path maps them with an array.
   */
  storeCode = -1;
  productCode = -1;
  paymentCode = -1;
  quantity = 0;
  unitPrice = 0;
  discount = 0;
  amount = 0;
  refundId = "";
  originalTransactionId = "";
  customerId: string | null = null;
  reason = "";
  type: "stock_count" | "restock" = "stock_count";
}

export interface RowParserOptions {
  /** Name written in events and rejects (usually the file's base name). */
  source: string;
  section?: MappingSection;
  stores?: Map<string, Store>;
  products?: Map<string, Product>;
}

/** Longest `raw` kept in a reject; longer records are cut with an ellipsis. */
export const MAX_RAW = 4096;

export function recordText(buf: Buffer, start: number, end: number, decode: Decode = decoderFor()): string {
  const text = decode(buf, start, Math.min(end, start + MAX_RAW * 3));
  return text.length > MAX_RAW ? text.slice(0, MAX_RAW) + "…" : text;
}

export function makeReject(source: string, line: number, reason: RejectReason, raw: string, detail?: string): Reject {
  return detail === undefined ? {source, line, reason, raw} : {source, line, reason, raw, detail};
}

/** A row failed validation: carries the reason; thrown inside a row parser and caught once per row. */
class RowError {
  constructor(
    readonly reason: RejectReason,
    readonly detail: string
  ) {}
}

const SPACE = 32;
/** Distinct store and product ids a reader interns (beyond: decoded each time, still correct). */
const STORE_CODES = 4096;
const PRODUCT_CODES = 16384;

/** Refund reasons of docs/CONTRACTS.md; a refund file with a reason column must use them. */
export const refundReasons = new Set(["defective", "wrong_item", "not_as_described", "changed_mind", "damaged_shipping"]);

/** One canonical field of a file: its column (or -1), default and decimal mark, resolved once. */
class Field {
  /** Column present or default given (a field, not a getter: read several times a row). */
  readonly given: boolean;

  constructor(
    readonly name: string,
    readonly index: number,
    readonly fallback: string | null,
    readonly decimal: number,
    /** timestamp: the column with the time of day, when dates and times are apart (-1: none). */
    readonly timeIndex = -1,
    /** How numbers are written besides the decimal mark (mapping `currency`, `thousands`). */
    readonly currency: string | null = null,
    readonly thousands: string | null = null
  ) {
    this.given = index >= 0 || fallback !== null;
    this.styled = currency !== null || thousands !== null;
  }

  /** A currency sign or thousands separator may appear: numbers that fail the plain parse get a second look. */
  readonly styled: boolean;
}

/**
 * Per-row field reads straight from the record's bytes. Spans are trimmed of spaces; an empty or
 * absent field reads as its default, or null.
 */
class Row {
  buf!: Buffer;
  rec!: CsvRecord;
  /** Interner entry of the last text() (or -1: not interned), see ParsedRow.storeCode. */
  code = -1;
  /** How the file's non-ASCII records decode (the mapping's "encoding"). */
  decode: Decode = decoderFor();
  private s = 0;
  private e = 0;
  /** The last timestamp bytes time() parsed (one timestamp field per reader) and their value. */
  private readonly lastTime = new Uint8Array(64);
  private readonly lastTimeView = new DataView(this.lastTime.buffer);
  /** A view of `buf`, for word compares (set with buf). */
  view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private lastTimeLength = -1;
  private lastTimeValue = NaN;

  /** Sets s/e to the field's trimmed bounds; false when absent or empty. */
  private span(field: Field): boolean {
    const k = field.index;
    if (k < 0) return false;
    const buf = this.buf;
    let s = this.rec.starts[k];
    let e = this.rec.ends[k];
    while (s < e && buf[s] === SPACE) ++s;
    while (e > s && buf[e - 1] === SPACE) --e;
    this.s = s;
    this.e = e;
    return s < e;
  }

  text(field: Field, cache?: Interner): string | null {
    this.code = -1;
    if (!this.span(field)) return field.fallback;
    const rec = this.rec;
    if (rec.quoted[field.index] === 2) return this.decode(this.buf, this.s, this.e).replaceAll('""', '"');
    if (!rec.ascii) return this.decode(this.buf, this.s, this.e);
    if (!cache) return this.buf.latin1Slice(this.s, this.e);
    const text = cache.get(this.buf, this.s, this.e);
    this.code = cache.code;
    return text;
  }

  /**
   * An id into `out`: text() without building the string when the field is plain ASCII bytes.
   * Required: empty and no default is missing_field (as required()); else it is no id (s === e).
   */
  id(field: Field, out: IdSpan, required: boolean): void {
    if (!this.span(field)) {
      out.text = field.fallback;
      out.s = out.e = 0;
      if (out.text === null && required) throw new RowError("missing_field", `${field.name} is empty`);
      return;
    }
    if (this.rec.quoted[field.index] === 2 || !this.rec.ascii) out.text = this.text(field);
    else out.text = null;
    out.s = this.s;
    out.e = this.e;
  }

  required(field: Field, cache?: Interner): string {
    const text = this.text(field, cache);
    if (text === null) throw new RowError("missing_field", `${field.name} is empty`);
    return text;
  }

  /** Money in cents; undefined when empty/absent without default. */
  cents(field: Field): number | undefined {
    let value: number;
    if (this.span(field) && this.rec.quoted[field.index] !== 2) value = parseCentsBytes(this.buf, this.s, this.e, field.decimal);
    else {
      const text = this.text(field);
      if (text === null) return undefined;
      const bytes = Buffer.from(text);
      value = parseCentsBytes(bytes, 0, bytes.length, field.decimal);
    }
    if (Number.isNaN(value) && field.styled) {
      const plain = this.plainText(field);
      if (plain !== null) value = parseCentsBytes(Buffer.from(plain), 0, plain.length);
    }
    if (Number.isNaN(value)) throw new RowError("bad_number", `${field.name} ${JSON.stringify(this.text(field))} is not a number`);
    return value;
  }

  /** A number field's text as plain decimal text ("1234.5": sign, digits, "." mark), or null when it is not a number. */
  plainText(field: Field): string | null {
    const text = this.text(field);
    return text === null ? null : plainNumberText(text, {decimal: String.fromCharCode(field.decimal), currency: field.currency, thousands: field.thousands});
  }

  number(field: Field): number | undefined {
    let value: number;
    if (this.span(field) && this.rec.quoted[field.index] !== 2) value = parseNumberBytes(this.buf, this.s, this.e, field.decimal);
    else {
      const text = this.text(field);
      if (text === null) return undefined;
      const bytes = Buffer.from(text);
      value = parseNumberBytes(bytes, 0, bytes.length, field.decimal);
    }
    if (Number.isNaN(value) && field.styled) {
      const plain = this.plainText(field);
      if (plain !== null) value = Number(plain);
    }
    if (Number.isNaN(value)) throw new RowError("bad_number", `${field.name} ${JSON.stringify(this.text(field))} is not a number`);
    return value;
  }

  /** `parseDate` reads a date without its time (a date and time column pair whose time cell is empty). */
  time(field: Field, parse: TimestampParser, parseDate: TimestampParser = parse): number {
    if (field.timeIndex >= 0) return this.dateAndTime(field, parse, parseDate);
    let value: number;
    if (this.span(field)) {
      // Lines of one receipt share their timestamp: the same bytes parse to the same time.
      const buf = this.buf;
      const s = this.s;
      const n = this.e - s;
      const last = this.lastTime;
      // Four bytes at a time, from the end: the seconds differ first when the time changes.
      let same = n === this.lastTimeLength;
      if (same) {
        const view = this.view;
        const lastView = this.lastTimeView;
        let k = n;
        while (k >= 4) {
          k -= 4;
          if (view.getInt32(s + k, true) !== lastView.getInt32(k, true)) {
            same = false;
            break;
          }
        }
        while (same && k > 0) {
          --k;
          same = buf[s + k] === last[k];
        }
      }
      if (same) value = this.lastTimeValue;
      else {
        value = parse(buf, s, this.e);
        if (n <= last.length) {
          for (let k = 0; k < n; ++k) last[k] = buf[s + k];
          this.lastTimeLength = n;
          this.lastTimeValue = value;
        }
      }
    } else {
      const text = this.text(field);
      if (text === null) throw new RowError("missing_field", `${field.name} is empty`);
      const bytes = Buffer.from(text);
      value = parse(bytes, 0, bytes.length);
    }
    if (Number.isNaN(value)) throw new RowError("bad_timestamp", `${field.name} ${JSON.stringify(this.text(field))} is not a valid time`);
    return value;
  }

  /**
   * A timestamp whose date and time of day are in two columns: parsed as "date time" (the date alone
   * when the time is empty). Rare enough to go through a string, without time()'s cache.
   */
  private dateAndTime(field: Field, parse: TimestampParser, parseDate: TimestampParser): number {
    const date = this.text(field);
    if (date === null) throw new RowError("missing_field", `${field.name} is empty`);
    const k = field.timeIndex;
    let time = this.decode(this.buf, this.rec.starts[k], this.rec.ends[k]).trim();
    if (this.rec.quoted[k] === 2) time = time.replaceAll('""', '"');
    const text = time === "" ? date : `${date} ${time}`;
    const bytes = Buffer.from(text);
    const value = (time === "" ? parseDate : parse)(bytes, 0, bytes.length);
    if (Number.isNaN(value)) throw new RowError("bad_timestamp", `${field.name} ${JSON.stringify(text)} is not a valid time`);
    return value;
  }
}

declare module "node:buffer" {
  interface Buffer {
    latin1Slice(start: number, end: number): string;
    utf8Slice(start: number, end: number): string;
  }
}

function requireColumns(fields: Field[], file: string, header: string[]): void {
  for (const field of fields) {
    if (!field.given) throw new PulseError("E_BAD_INPUT", `${file}: no ${field.name} column (header: ${header.join(", ")}); map one with --mapping`);
  }
}

/**
 * Builds the row reader of a file from its header. Throws E_BAD_INPUT when a required column is
 * neither found nor mapped; per-row problems become rejects. A valid row's fields stay in
 * `reader.row` (see RowReader).
 */
export function createRowReader(kind: SourceKind, header: string[], options: RowParserOptions): RowReader {
  const {source, section, stores, products} = options;
  const resolved = resolveFields(kind, header, section, source);
  const field = (name: string): Field => {
    const r = resolved.get(name)!;
    const spec = r.spec;
    return new Field(name, r.index, spec.default === undefined ? null : String(spec.default), (spec.decimal ?? section?.decimal) === "," ? 44 : 46, r.timeIndex, spec.currency ?? section?.currency ?? null, spec.thousands ?? section?.thousands ?? null);
  };
  const ts = resolved.get("timestamp")!;
  const timezone = ts.spec.timezone ?? section?.timezone ?? "UTC";
  const parseTime = timestampParser({format: ts.spec.format, timezone});
  // An empty time cell of a date and time pair is midnight: the date alone, read with the format's date part.
  const parseDate = ts.timeIndex >= 0 && ts.spec.format !== undefined ? timestampParser({format: dateFormat(ts.spec.format), timezone}) : parseTime;
  const row = new Row();
  row.decode = decoderFor(section?.encoding);
  const width = header.length;
  const stores$ = new Interner(STORE_CODES);
  const products$ = new Interner(PRODUCT_CODES);
  const payments$ = new Interner(256);
  // Per interner entry: 0 not looked up yet, 1 in the dimension file, 2 not.
  const storeKnown = new Uint8Array(STORE_CODES);
  const productKnown = new Uint8Array(PRODUCT_CODES);
  const known = (table: Map<string, unknown>, id: string, code: number, cache: Uint8Array): boolean => {
    if (code < 0) return table.has(id);
    if (cache[code] === 0) cache[code] = table.has(id) ? 1 : 2;
    return cache[code] === 1;
  };
  const checkStore = (id: string, code: number) => {
    if (stores && !known(stores, id, code, storeKnown)) throw new RowError("unknown_store", `store_id ${JSON.stringify(id)} is not in the store file`);
  };
  const checkProduct = (id: string, code: number) => {
    if (products && !known(products, id, code, productKnown)) throw new RowError("unknown_product", `product_id ${JSON.stringify(id)} is not in the product file`);
  };
  const parsed = new ParsedRow();
  const build = kind === "transactions" ? saleBuilder() : kind === "refunds" ? refundBuilder() : inventoryBuilder();

  const read = (buf: Buffer, rec: CsvRecord, line: number): Reject | null => {
    if (row.buf !== buf) {
      row.buf = buf;
      row.view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    }
    row.rec = rec;
    if (rec.count !== width) {
      return makeReject(source, line, rec.count < width ? "missing_field" : "extra_field", recordText(buf, rec.start, rec.end, row.decode), `${rec.count} fields, header has ${width}`);
    }
    try {
      build(line);
      return null;
    } catch (error) {
      if (error instanceof RowError) return makeReject(source, line, error.reason, recordText(buf, rec.start, rec.end, row.decode), error.detail);
      throw error;
    }
  };
  return Object.assign(read, {row: parsed});

  function saleBuilder(): (line: number) => void {
    const id = field("transaction_id");
    const timestamp = field("timestamp");
    const store = field("store_id");
    const product = field("product_id");
    const customer = field("customer_id");
    const quantity$ = field("quantity");
    const price = field("unit_price");
    const discount$ = field("discount");
    const amount$ = field("amount");
    const payment = field("payment_method");
    const category = field("category");
    const region = field("region");
    const categories$ = new Interner(PRODUCT_CODES);
    const regions$ = new Interner(STORE_CODES);
    // A category (region) column is a product's (store's): without a product (store) column every row
    // is the one key "unknown", whose first row would decide for the whole file. A products (stores)
    // file, when given, decides instead.
    const readCategory = category.given && product.given && !products;
    const readRegion = region.given && store.given && !stores;
    // Mapping "returns": "refund": a negative quantity is a return, read as a refund of the line's own store and product.
    const returns = section?.returns === "refund";
    requireColumns([timestamp], source, header);
    if (!amount$.given && !price.given) {
      throw new PulseError("E_BAD_INPUT", `${source}: neither an amount nor a unit_price column (header: ${header.join(", ")}); map one with --mapping`);
    }
    return (line) => {
      const p = parsed;
      if (id.given) row.id(id, p.transaction, true);
      else {
        p.transaction.text = `${source}:${line}`;
        p.transaction.s = p.transaction.e = 0;
      }
      const time = row.time(timestamp, parseTime, parseDate);
      const storeId = store.given ? row.required(store, stores$) : "unknown";
      const storeCode = store.given ? row.code : -1;
      if (store.given) checkStore(storeId, storeCode);
      const productId = product.given ? row.required(product, products$) : "unknown";
      const productCode = product.given ? row.code : -1;
      if (product.given) checkProduct(productId, productCode);
      let quantity = 1;
      if (quantity$.given) {
        const q = row.number(quantity$);
        if (q === undefined) throw new RowError("missing_field", "quantity is empty");
        quantity = q;
      }
      let isReturn = false;
      if (!(quantity > 0)) {
        if (!(returns && quantity < 0)) throw new RowError("bad_quantity", `quantity ${quantity} is not positive`);
        isReturn = true;
        quantity = -quantity;
      }
      const discount = discount$.given ? row.cents(discount$) : 0;
      const discountDigits = discount$.given ? lastCents.fractionDigits : 0;
      if (discount === undefined) throw new RowError("missing_field", "discount is empty");
      if (discount < 0) throw new RowError("bad_amount", `discount ${row.text(discount$)} is negative`);
      const given = amount$.given ? row.cents(amount$) : undefined;
      let unitPrice = price.given ? row.cents(price) : undefined;
      const priceDigits = lastCents.fractionDigits;
      if (unitPrice !== undefined && unitPrice < 0) throw new RowError("bad_amount", `unit_price ${row.text(price)} is negative`);
      let amount: number;
      if (given !== undefined) {
        // A given amount wins (it may include rounding or tax the other columns do not show).
        amount = given;
        // A return's amount may be written negative, like its quantity.
        if (amount < 0 && isReturn) amount = -amount;
        if (amount < 0) throw new RowError("bad_amount", `amount ${row.text(amount$)} is negative`);
        if (unitPrice === undefined) unitPrice = Math.round((amount + discount) / quantity);
      } else {
        if (unitPrice === undefined) throw new RowError("missing_field", price.given ? "unit_price is empty" : "neither amount nor unit_price is given");
        // Integer cents × a whole quantity is exact; a fractional quantity or a price finer than a cent
        // is multiplied exactly from the texts and rounded once (a price's cents are already rounded).
        if (quantity % 1 === 0 && priceDigits <= 2 && discountDigits <= 2) {
          const gross = quantity * unitPrice;
          if (discount > gross) throw new RowError("bad_amount", `discount ${row.text(discount$)} exceeds quantity × unit_price (${(gross / 100).toFixed(2)})`);
          amount = gross - discount;
        } else {
          const q = quantity$.given ? row.plainText(quantity$)!.replace(/^\s*-/, "") : "1";
          const exact = exactAmountCents(q, row.plainText(price)!, discount$.given ? (row.plainText(discount$) ?? "0") : "0");
          if (exact === null) throw new RowError("bad_amount", `discount ${row.text(discount$)} exceeds quantity × unit_price (${((exactAmountCents(q, row.plainText(price)!) ?? 0) / 100).toFixed(2)})`);
          amount = exact;
        }
      }
      if (isReturn) {
        if (amount <= 0) throw new RowError("bad_amount", `the return of ${quantity} has no amount (unit_price ${row.text(price) ?? "none"})`);
        // A refund of its own line: unmatched (attributed to this store and product) unless the export reuses the sale's id.
        const originalTransactionId = id.given ? row.required(id) : `${source}:${line}`;
        refundRow({line, time, refundId: `${source}:${line}`, originalTransactionId, productId, productCode, storeId, storeCode, customerId: row.text(customer), amount, reason: ""});
        return;
      }
      p.kind = ROW_SALE;
      p.line = line;
      p.time = time;
      p.storeId = storeId;
      p.storeCode = storeCode;
      p.productId = productId;
      p.productCode = productCode;
      row.id(customer, p.customer, false);
      p.quantity = quantity;
      p.unitPrice = unitPrice;
      p.discount = discount;
      p.amount = amount;
      p.payment = payment.given ? row.required(payment, payments$) : "unknown";
      p.paymentCode = payment.given ? row.code : -1;
      p.category = readCategory ? row.text(category, categories$) : null;
      p.region = readRegion ? row.text(region, regions$) : null;
    };
  }

  function refundBuilder(): (line: number) => void {
    const id = field("refund_id");
    const original = field("original_transaction_id");
    const product = field("product_id");
    const store = field("store_id");
    const customer = field("customer_id");
    const amount$ = field("refund_amount");
    const reason$ = field("reason");
    const timestamp = field("timestamp");
    requireColumns([timestamp, original, amount$], source, header);
    return (line) => {
      const refundId = id.given ? row.required(id) : `${source}:${line}`;
      const originalTransactionId = row.required(original);
      const time = row.time(timestamp, parseTime, parseDate);
      const productId = product.given ? row.required(product, products$) : "unknown";
      const productCode = product.given ? row.code : -1;
      if (product.given) checkProduct(productId, productCode);
      const storeId = store.given ? row.required(store, stores$) : "unknown";
      const storeCode = store.given ? row.code : -1;
      if (store.given) checkStore(storeId, storeCode);
      const amount = row.cents(amount$);
      if (amount === undefined) throw new RowError("missing_field", "refund_amount is empty");
      if (amount <= 0) throw new RowError("bad_amount", `refund_amount ${row.text(amount$)} is not positive`);
      const reason = reason$.given ? row.required(reason$) : "";
      if (reason$.given && !refundReasons.has(reason)) throw new RowError("bad_value", `reason ${JSON.stringify(reason)} is not one of ${[...refundReasons].join(", ")}`);
      refundRow({line, time, refundId, originalTransactionId, productId, productCode, storeId, storeCode, customerId: row.text(customer), amount, reason});
    };
  }

  /** Sets `parsed` to a refund: a refunds file's row, or a return in a sales file ("returns": "refund"). */
  function refundRow(fields: Pick<ParsedRow, "line" | "time" | "refundId" | "originalTransactionId" | "productId" | "productCode" | "storeId" | "storeCode" | "customerId" | "amount" | "reason">): void {
    Object.assign(parsed, fields);
    parsed.kind = ROW_REFUND;
  }

  function inventoryBuilder(): (line: number) => void {
    const timestamp = field("timestamp");
    const store = field("store_id");
    const product = field("product_id");
    const type$ = field("event_type");
    const quantity$ = field("quantity");
    requireColumns([timestamp, store, product, type$, quantity$], source, header);
    return (line) => {
      const time = row.time(timestamp, parseTime, parseDate);
      const storeId = row.required(store, stores$);
      checkStore(storeId, row.code);
      const productId = row.required(product, products$);
      checkProduct(productId, row.code);
      const typeText = row.required(type$).toLowerCase();
      const type = typeText === "stock_count" || typeText === "count" || typeText === "stocktake" ? "stock_count" : typeText === "restock" || typeText === "delivery" || typeText === "receipt" ? "restock" : null;
      if (type === null) throw new RowError("bad_value", `event_type ${JSON.stringify(typeText)} is not stock_count or restock`);
      const quantity = row.number(quantity$);
      if (quantity === undefined) throw new RowError("missing_field", "quantity is empty");
      if (quantity < 0 || (type === "restock" && quantity === 0)) throw new RowError("bad_quantity", `quantity ${quantity} is not valid for ${type}`);
      const p = parsed;
      p.kind = ROW_INVENTORY;
      p.line = line;
      p.time = time;
      p.storeId = storeId;
      p.productId = productId;
      p.type = type;
      p.quantity = quantity;
    };
  }
}

/**
 * The object path: a valid ParsedRow as the SourceRecord the live bridge uses (id strings
 * decoded here; consecutive lines of a receipt share their transaction and customer strings).
 */
export function recordMaker(source: string): (p: ParsedRow, buf: Buffer) => SourceRecord {
  const transactions$ = new LastValue();
  const customers$ = new LastValue();
  return (p, buf) => {
    if (p.kind === ROW_SALE) {
      const tx = p.transaction;
      const customer = p.customer;
      const event: SaleEvent = {
        kind: "sale",
        source,
        line: p.line,
        time: p.time,
        transactionId: tx.text ?? transactions$.get(buf, tx.s, tx.e),
        storeId: p.storeId,
        productId: p.productId,
        customerId: customer.text ?? (customer.s < customer.e ? customers$.get(buf, customer.s, customer.e) : null),
        quantity: p.quantity,
        unitPrice: p.unitPrice,
        discount: p.discount,
        amount: p.amount,
        payment: p.payment,
        category: p.category,
        region: p.region
      };
      return event;
    }
    if (p.kind === ROW_REFUND) {
      const event: RefundEvent = {
        kind: "refund",
        source,
        line: p.line,
        time: p.time,
        refundId: p.refundId,
        originalTransactionId: p.originalTransactionId,
        productId: p.productId,
        storeId: p.storeId,
        customerId: p.customerId,
        amount: p.amount,
        reason: p.reason
      };
      return event;
    }
    const event: InventoryEvent = {kind: "inventory", source, line: p.line, time: p.time, storeId: p.storeId, productId: p.productId, type: p.type, quantity: p.quantity};
    return event;
  };
}

/** Header names of a record (the first record of a file). */
export function headerNames(buf: Buffer, rec: CsvRecord, decode: Decode = decoderFor()): string[] {
  const names: string[] = [];
  for (let k = 0; k < rec.count; ++k) {
    const text = decode(buf, rec.starts[k], rec.ends[k]);
    names.push(rec.quoted[k] === 2 ? text.replaceAll('""', '"') : text);
  }
  return names;
}
