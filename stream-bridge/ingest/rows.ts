import {PulseError} from "../../lib/errors.ts";
import type {InventoryEvent, Product, RefundEvent, Reject, RejectReason, SaleEvent, SourceKind, SourceRecord, Store} from "../events.ts";
import type {CsvRecord} from "./csv.ts";
import {resolveFields, type InputKind, type MappingSection, type ResolvedField} from "./mapping.ts";
import {parseCentsBytes, parseNumberBytes} from "./numbers.ts";
import {Interner, LastValue} from "./interner.ts";
import {timestampParser, type TimestampParser} from "./timestamp.ts";

/** Turns one scanned CSV record (not the header) into an event or a reject. */
export type RowParser = (buf: Buffer, rec: CsvRecord, line: number) => SourceRecord;

export interface RowParserOptions {
  /** Name written in events and rejects (usually the file's base name). */
  source: string;
  section?: MappingSection;
  stores?: Map<string, Store>;
  products?: Map<string, Product>;
}

/** Longest `raw` kept in a reject; longer records are cut with an ellipsis. */
export const MAX_RAW = 4096;

export function recordText(buf: Buffer, start: number, end: number): string {
  const text = buf.toString("utf8", start, Math.min(end, start + MAX_RAW * 3));
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

/** Refund reasons of docs/CONTRACTS.md; a refund file with a reason column must use them. */
export const refundReasons = new Set(["defective", "wrong_item", "not_as_described", "changed_mind", "damaged_shipping"]);

/**
 * Field access for one file: column indices, defaults and per-field parsers resolved once from
 * the header, then cheap per-row reads straight from the record's bytes.
 */
class Fields {
  readonly index: Record<string, number> = {};
  readonly defaults: Record<string, string | number | undefined> = {};
  readonly timestamp: TimestampParser;
  readonly decimal: Record<string, number> = {};
  buf!: Buffer;
  rec!: CsvRecord;

  constructor(
    readonly kind: InputKind,
    readonly resolved: Map<string, ResolvedField>,
    section: MappingSection | undefined
  ) {
    for (const [name, field] of resolved) {
      this.index[name] = field.index;
      this.defaults[name] = field.spec.default;
      this.decimal[name] = field.spec.decimal === "," ? 44 : 46;
    }
    const ts = resolved.get("timestamp");
    this.timestamp = timestampParser({format: ts?.spec.format, timezone: ts?.spec.timezone ?? section?.timezone ?? "UTC"});
  }

  has(name: string): boolean {
    return this.index[name] >= 0 || this.defaults[name] !== undefined;
  }

  /** Bounds of a field's content with surrounding spaces trimmed; false when absent or empty. */
  private span(name: string): boolean {
    const k = this.index[name];
    if (k < 0) return false;
    const rec = this.rec;
    let s = rec.starts[k];
    let e = rec.ends[k];
    while (s < e && this.buf[s] === SPACE) ++s;
    while (e > s && this.buf[e - 1] === SPACE) --e;
    this.s = s;
    this.e = e;
    return s < e;
  }
  private s = 0;
  private e = 0;

  /** Text of a field, or its default, or null when empty/absent without default. */
  text(name: string, cache?: Interner | LastValue): string | null {
    if (!this.span(name)) {
      const d = this.defaults[name];
      return d === undefined ? null : String(d);
    }
    const k = this.index[name];
    const rec = this.rec;
    if (rec.quoted[k] === 2) return this.buf.utf8Slice(this.s, this.e).replaceAll('""', '"');
    if (!rec.ascii) return this.buf.utf8Slice(this.s, this.e);
    return cache ? cache.get(this.buf, this.s, this.e) : this.buf.latin1Slice(this.s, this.e);
  }

  required(name: string, cache?: Interner | LastValue): string {
    const text = this.text(name, cache);
    if (text === null) throw new RowError("missing_field", `${name} is empty`);
    return text;
  }

  /** Money in cents; `undefined` when empty/absent without default. */
  cents(name: string): number | undefined {
    let value: number;
    if (this.span(name) && this.rec.quoted[this.index[name]] !== 2) value = parseCentsBytes(this.buf, this.s, this.e, this.decimal[name]);
    else {
      const text = this.text(name);
      if (text === null) return undefined;
      const bytes = Buffer.from(text);
      value = parseCentsBytes(bytes, 0, bytes.length, this.decimal[name]);
    }
    if (Number.isNaN(value)) throw new RowError("bad_number", `${name} ${JSON.stringify(this.text(name))} is not a number`);
    return value;
  }

  number(name: string): number | undefined {
    let value: number;
    if (this.span(name) && this.rec.quoted[this.index[name]] !== 2) value = parseNumberBytes(this.buf, this.s, this.e, this.decimal[name]);
    else {
      const text = this.text(name);
      if (text === null) return undefined;
      const bytes = Buffer.from(text);
      value = parseNumberBytes(bytes, 0, bytes.length, this.decimal[name]);
    }
    if (Number.isNaN(value)) throw new RowError("bad_number", `${name} ${JSON.stringify(this.text(name))} is not a number`);
    return value;
  }

  time(): number {
    let value: number;
    if (this.span("timestamp")) value = this.timestamp(this.buf, this.s, this.e);
    else {
      const text = this.text("timestamp");
      if (text === null) throw new RowError("missing_field", "timestamp is empty");
      const bytes = Buffer.from(text);
      value = this.timestamp(bytes, 0, bytes.length);
    }
    if (Number.isNaN(value)) throw new RowError("bad_timestamp", `timestamp ${JSON.stringify(this.text("timestamp"))} is not a valid time`);
    return value;
  }
}

declare module "node:buffer" {
  interface Buffer {
    latin1Slice(start: number, end: number): string;
    utf8Slice(start: number, end: number): string;
  }
}

function requireColumns(fields: Fields, names: string[], file: string, header: string[]): void {
  for (const name of names) {
    if (!fields.has(name)) {
      throw new PulseError("E_BAD_INPUT", `${file}: no ${name} column (header: ${header.join(", ")}); map one with --mapping`);
    }
  }
}

/**
 * Builds the row parser of a file from its header. Throws E_BAD_INPUT when a required column
 * is neither found nor mapped; per-row problems become rejects.
 */
export function createRowParser(kind: SourceKind, header: string[], options: RowParserOptions): RowParser {
  const {source, section, stores, products} = options;
  const fields = new Fields(kind, resolveFields(kind, header, section, source), section);
  const width = header.length;
  const checkStore = (id: string) => {
    if (stores && !stores.has(id)) throw new RowError("unknown_store", `store_id ${JSON.stringify(id)} is not in the store file`);
  };
  const checkProduct = (id: string) => {
    if (products && !products.has(id)) throw new RowError("unknown_product", `product_id ${JSON.stringify(id)} is not in the product file`);
  };
  const stores$ = new Interner();
  const products$ = new Interner(16384);
  const payments$ = new Interner(256);
  const transactions$ = new LastValue();
  const customers$ = new LastValue();
  const build = kind === "transactions" ? saleBuilder() : kind === "refunds" ? refundBuilder() : inventoryBuilder();

  return (buf, rec, line) => {
    fields.buf = buf;
    fields.rec = rec;
    if (rec.count !== width) {
      return makeReject(source, line, rec.count < width ? "missing_field" : "extra_field", recordText(buf, rec.start, rec.end), `${rec.count} fields, header has ${width}`);
    }
    try {
      return build(line);
    } catch (error) {
      if (error instanceof RowError) return makeReject(source, line, error.reason, recordText(buf, rec.start, rec.end), error.detail);
      throw error;
    }
  };

  function saleBuilder(): (line: number) => SaleEvent {
    requireColumns(fields, ["timestamp"], source, header);
    if (!fields.has("amount") && !fields.has("unit_price")) {
      throw new PulseError("E_BAD_INPUT", `${source}: neither an amount nor a unit_price column (header: ${header.join(", ")}); map one with --mapping`);
    }
    const hasId = fields.has("transaction_id");
    const hasStore = fields.has("store_id");
    const hasProduct = fields.has("product_id");
    const hasQuantity = fields.has("quantity");
    const hasPrice = fields.has("unit_price");
    const hasDiscount = fields.has("discount");
    const hasPayment = fields.has("payment_method");
    return (line) => {
      const transactionId = hasId ? fields.required("transaction_id", transactions$) : `${source}:${line}`;
      const time = fields.time();
      const storeId = hasStore ? fields.required("store_id", stores$) : "unknown";
      if (hasStore) checkStore(storeId);
      const productId = hasProduct ? fields.required("product_id", products$) : "unknown";
      if (hasProduct) checkProduct(productId);
      let quantity = 1;
      if (hasQuantity) {
        const q = fields.number("quantity");
        if (q === undefined) throw new RowError("missing_field", "quantity is empty");
        quantity = q;
      }
      if (!(quantity > 0)) throw new RowError("bad_quantity", `quantity ${quantity} is not positive`);
      const discount = hasDiscount ? fields.cents("discount") : 0;
      if (discount === undefined) throw new RowError("missing_field", "discount is empty");
      if (discount < 0) throw new RowError("bad_amount", `discount ${fields.text("discount")} is negative`);
      const given = fields.cents("amount");
      let unitPrice = fields.cents("unit_price");
      if (unitPrice !== undefined && unitPrice < 0) throw new RowError("bad_amount", `unit_price ${fields.text("unit_price")} is negative`);
      let amount: number;
      if (given !== undefined) {
        // A given amount wins (it may include rounding or tax the other columns do not show).
        amount = given;
        if (amount < 0) throw new RowError("bad_amount", `amount ${fields.text("amount")} is negative`);
        if (unitPrice === undefined) unitPrice = Math.round((amount + discount) / quantity);
      } else {
        if (unitPrice === undefined) throw new RowError("missing_field", hasPrice ? "unit_price is empty" : "neither amount nor unit_price is given");
        const gross = Math.round(quantity * unitPrice);
        if (discount > gross) throw new RowError("bad_amount", `discount ${fields.text("discount")} exceeds quantity × unit_price (${(gross / 100).toFixed(2)})`);
        amount = gross - discount;
      }
      return {
        kind: "sale",
        source,
        line,
        time,
        transactionId,
        storeId,
        productId,
        customerId: fields.text("customer_id", customers$),
        quantity,
        unitPrice,
        discount,
        amount,
        payment: hasPayment ? fields.required("payment_method", payments$) : "unknown"
      };
    };
  }

  function refundBuilder(): (line: number) => RefundEvent {
    requireColumns(fields, ["timestamp", "original_transaction_id", "refund_amount"], source, header);
    const hasId = fields.has("refund_id");
    const hasProduct = fields.has("product_id");
    const hasReason = fields.has("reason");
    const hasStore = fields.has("store_id");
    return (line) => {
      const refundId = hasId ? fields.required("refund_id") : `${source}:${line}`;
      const originalTransactionId = fields.required("original_transaction_id");
      const time = fields.time();
      const productId = hasProduct ? fields.required("product_id") : "unknown";
      if (hasProduct) checkProduct(productId);
      const storeId = hasStore ? fields.required("store_id") : "unknown";
      if (hasStore) checkStore(storeId);
      const amount = fields.cents("refund_amount");
      if (amount === undefined) throw new RowError("missing_field", "refund_amount is empty");
      if (amount <= 0) throw new RowError("bad_amount", `refund_amount ${fields.text("refund_amount")} is not positive`);
      const reason = hasReason ? fields.required("reason") : "";
      if (hasReason && !refundReasons.has(reason)) throw new RowError("bad_value", `reason ${JSON.stringify(reason)} is not one of ${[...refundReasons].join(", ")}`);
      return {
        kind: "refund",
        source,
        line,
        time,
        refundId,
        originalTransactionId,
        productId,
        storeId,
        customerId: fields.text("customer_id"),
        amount,
        reason
      };
    };
  }

  function inventoryBuilder(): (line: number) => InventoryEvent {
    requireColumns(fields, ["timestamp", "store_id", "product_id", "event_type", "quantity"], source, header);
    return (line) => {
      const time = fields.time();
      const storeId = fields.required("store_id");
      checkStore(storeId);
      const productId = fields.required("product_id");
      checkProduct(productId);
      const typeText = fields.required("event_type").toLowerCase();
      const type = typeText === "stock_count" || typeText === "count" || typeText === "stocktake" ? "stock_count" : typeText === "restock" || typeText === "delivery" || typeText === "receipt" ? "restock" : null;
      if (type === null) throw new RowError("bad_value", `event_type ${JSON.stringify(typeText)} is not stock_count or restock`);
      const quantity = fields.number("quantity");
      if (quantity === undefined) throw new RowError("missing_field", "quantity is empty");
      if (quantity < 0 || (type === "restock" && quantity === 0)) throw new RowError("bad_quantity", `quantity ${quantity} is not valid for ${type}`);
      return {kind: "inventory", source, line, time, storeId, productId, type, quantity};
    };
  }
}

/** Header names of a record (the first record of a file). */
export function headerNames(buf: Buffer, rec: CsvRecord): string[] {
  const names: string[] = [];
  for (let k = 0; k < rec.count; ++k) {
    const text = buf.toString("utf8", rec.starts[k], rec.ends[k]);
    names.push(rec.quoted[k] === 2 ? text.replaceAll('""', '"') : text);
  }
  return names;
}
