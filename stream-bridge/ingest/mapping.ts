import {readFile} from "node:fs/promises";
import {PulseError} from "../../lib/errors.ts";
import type {SourceKind} from "../events.ts";
import {timestampParser} from "./timestamp.ts";
import {ENCODING_NAMES, type Encoding} from "./decoderFor.ts";

/**
 * Column mapping: which source column feeds each canonical field. Without a mapping, columns
 * are matched by name, case-insensitively (spaces and dashes count as underscores), against
 * the canonical name and common synonyms. A mapping may name the column, a timestamp format
 * and timezone, a decimal mark, and a constant default used when the column is absent or the
 * cell is empty.
 */

export type InputKind = SourceKind | "stores" | "products";

export interface FieldSpec {
  column?: string;
  /** timestamp only: the column with the time of day, when dates and times are in two columns (read as "date time"). */
  time?: string;
  format?: string;
  timezone?: string;
  default?: string | number;
  /** Decimal mark for money and quantities: "." (default) or ",". */
  decimal?: "." | ",";
  /** Money and quantities: a currency sign or code written before or after the number ("$", "€", "USD"). */
  currency?: string;
  /** Money and quantities: the thousands separator ("," "." " " or "'"). */
  thousands?: string;
}

export interface MappingSection {
  fields: Record<string, FieldSpec>;
  /** Field delimiter; sniffed from the header when absent. */
  delimiter?: string;
  /** The file's text encoding (default UTF-8, whose invalid bytes make encoding_error rejects). */
  encoding?: Encoding;
  /** Sales files: what a line with a negative quantity is: a bad_quantity reject (default) or a refund (a return). */
  returns?: "reject" | "refund";
  /** Default timezone of every timestamp of the file. */
  timezone?: string;
  /** Defaults of every number field of the file (a field's own option wins). */
  decimal?: "." | ",";
  currency?: string;
  thousands?: string;
}

export type Mapping = Partial<Record<InputKind, MappingSection>>;

interface FieldDef {
  name: string;
  synonyms: string[];
}

const f = (name: string, ...synonyms: string[]): FieldDef => ({name, synonyms});

// Names of a full date and time first; a bare "date" or "time" last (a file with both has them apart: see timeColumn).
const timestampSynonyms = ["datetime", "date_time", "sold_at", "sale_date", "sale_time", "created_at", "created", "ts", "event_time", "occurred_at", "date", "time"];
const storeSynonyms = ["store", "shop", "shop_id", "location", "location_id", "branch", "branch_id", "outlet", "outlet_id", "site", "site_id", "store_code"];
const productSynonyms = ["product", "sku", "sku_id", "item", "item_id", "article", "article_id", "upc", "ean", "product_code", "item_code", "product_sku"];
const customerSynonyms = ["customer", "client", "client_id", "member_id", "loyalty_id", "card_id", "buyer_id", "shopper_id", "customer_no"];

/** Canonical fields per input, in the order of docs/CONTRACTS.md, with name synonyms. */
export const canonicalFields: Record<InputKind, FieldDef[]> = {
  transactions: [
    f("transaction_id", "transaction", "txn_id", "txn", "tx_id", "trans_id", "receipt", "receipt_id", "receipt_no", "receipt_number", "order", "order_id", "order_no", "order_number", "invoice", "invoice_id", "invoice_no", "invoice_number", "ticket", "ticket_id", "basket_id", "sale_id"),
    f("timestamp", "transaction_date", "transaction_time", "order_date", "invoice_date", ...timestampSynonyms),
    f("store_id", ...storeSynonyms),
    f("product_id", ...productSynonyms, "stock_code", "stockcode"),
    f("customer_id", ...customerSynonyms),
    f("quantity", "qty", "units", "unit_count", "quantity_sold", "qty_sold", "quantity_ordered", "qty_ordered", "order_quantity", "ordered_quantity", "quantity_purchased", "units_sold", "item_quantity", "count", "pieces"),
    f("unit_price", "price", "unit_cost", "price_each", "item_price", "selling_price", "sale_price", "unitprice"),
    f("discount", "discount_amount", "discount_total", "markdown", "rebate", "promo", "promotion"),
    f("amount", "total", "line_total", "total_amount", "total_price", "revenue", "sales", "sale_amount", "net_sales", "net_amount", "value", "subtotal", "line_amount"),
    f("payment_method", "payment", "payment_type", "tender", "tender_type", "pay_method", "payment_mode", "method"),
    // The product's category and the store's region, when the sales file carries them (used without a products or stores file).
    f("category", "product_category", "department", "product_line", "category_name"),
    f("region", "sales_region", "store_region", "territory")
  ],
  refunds: [
    f("refund_id", "refund", "return_id", "return", "return_no", "refund_no", "credit_note"),
    f("original_transaction_id", "original_transaction", "original_receipt", "original_order_id", "transaction_id", "receipt_id", "receipt_no", "order_id", "invoice_id", "txn_id"),
    f("product_id", ...productSynonyms),
    f("store_id", ...storeSynonyms),
    f("customer_id", ...customerSynonyms),
    f("refund_amount", "amount", "refund", "refund_total", "total", "value", "refunded"),
    f("reason", "refund_reason", "return_reason"),
    f("timestamp", "refund_date", "refunded_at", "return_date", "returned_at", ...timestampSynonyms)
  ],
  inventory: [
    f("timestamp", "counted_at", ...timestampSynonyms),
    f("store_id", ...storeSynonyms),
    f("product_id", ...productSynonyms),
    f("event_type", "type", "kind", "event", "movement", "movement_type"),
    f("quantity", "qty", "units", "count", "stock", "on_hand")
  ],
  stores: [
    f("store_id", ...storeSynonyms, "id"),
    f("name", "store_name", "shop_name", "location_name"),
    f("city", "town"),
    f("region", "area", "district", "state", "territory", "zone"),
    f("size_sqft", "sqft", "size", "area_sqft"),
    f("opened", "opened_at", "open_date", "opening_date")
  ],
  products: [
    f("product_id", ...productSynonyms, "id"),
    f("name", "product_name", "item_name", "title", "description"),
    f("category", "product_category", "department", "family"),
    f("sub_category", "subcategory", "sub_cat", "product_subcategory", "subfamily"),
    f("brand", "manufacturer", "make", "vendor"),
    f("base_price", "price", "list_price", "unit_price", "msrp"),
    f("starting_stock", "initial_stock", "stock"),
    f("lead_time_days", "lead_time")
  ]
};

export const inputKinds: readonly InputKind[] = ["transactions", "refunds", "inventory", "stores", "products"];

/**
 * "Sold At" → "sold_at", and camelCase or PascalCase words apart: "InvoiceDate" → "invoice_date",
 * "CustomerID" → "customer_id", "unitPrice" → "unit_price" (an all-caps name stays one word: "SKU" → "sku").
 */
export function normalizeName(name: string): string {
  return plainName(name.trim().replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2"));
}

/** "Sold At" → "sold_at" without splitting words: a header matches in either form ("TimeStamp" is "timestamp" too, "SubTotal" "subtotal"). */
function plainName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, "_")
    .replace(/_+/g, "_");
}

const specKeys = new Set(["column", "time", "format", "timezone", "default", "decimal", "currency", "thousands"]);
const THOUSANDS = [",", ".", " ", "'"];

/** Checks the number options (decimal, currency, thousands) of a field or a section; `where` names it in errors. */
function checkNumberStyle(options: {decimal?: unknown; currency?: unknown; thousands?: unknown}, where: string): void {
  const {decimal, currency, thousands} = options;
  if (decimal !== undefined && decimal !== "." && decimal !== ",") throw new PulseError("E_BAD_INPUT", `${where}.decimal: expected "." or ",", got ${JSON.stringify(decimal)}`);
  if (currency !== undefined && (typeof currency !== "string" || currency.trim() === "" || /[\d.,+-]/.test(currency))) {
    throw new PulseError("E_BAD_INPUT", `${where}.currency: expected a currency sign or code such as "$" or "EUR", got ${JSON.stringify(currency)}`);
  }
  if (thousands !== undefined && !THOUSANDS.includes(thousands as string)) throw new PulseError("E_BAD_INPUT", `${where}.thousands: expected one of ${THOUSANDS.map((t) => JSON.stringify(t)).join(", ")}, got ${JSON.stringify(thousands)}`);
  if (thousands !== undefined && thousands === (decimal ?? ".")) throw new PulseError("E_BAD_INPUT", `${where}.thousands: ${JSON.stringify(thousands)} is also the decimal mark (set "decimal" to the other one)`);
}

/**
 * Validates a parsed mapping.json. Accepted shapes: a section for transactions alone
 * (`{"transaction_id": "receipt_no", ...}`) or sections per input (`{"transactions": {...}, "stores": {...}}`).
 * A section maps canonical field → column name or {column, format, timezone, default, decimal}, and may set
 * "delimiter" and "timezone" for the whole file.
 */
export function normalizeMapping(json: unknown, where = "mapping"): Mapping {
  if (!isObject(json)) throw new PulseError("E_BAD_INPUT", `${where}: expected a JSON object`);
  const keys = Object.keys(json);
  const sectioned = keys.length > 0 && keys.every((key) => (inputKinds as readonly string[]).includes(key));
  const mapping: Mapping = {};
  if (!sectioned) {
    mapping.transactions = normalizeSection("transactions", json, where);
    return mapping;
  }
  for (const key of keys) mapping[key as InputKind] = normalizeSection(key as InputKind, (json as Record<string, unknown>)[key], `${where}.${key}`);
  return mapping;
}

function normalizeSection(kind: InputKind, json: unknown, where: string): MappingSection {
  if (!isObject(json)) throw new PulseError("E_BAD_INPUT", `${where}: expected an object`);
  const names = new Set(canonicalFields[kind].map((field) => field.name));
  const section: MappingSection = {fields: {}};
  for (const [key, value] of Object.entries(json)) {
    if (key === "delimiter") {
      if (typeof value !== "string" || (value !== "\\t" && Buffer.byteLength(value) !== 1)) throw new PulseError("E_BAD_INPUT", `${where}.delimiter: expected one character, got ${JSON.stringify(value)}`);
      section.delimiter = value === "\\t" ? "\t" : value;
      continue;
    }
    if (key === "returns") {
      if (kind !== "transactions") throw new PulseError("E_BAD_INPUT", `${where}.returns: only a transactions file has returns`);
      if (value !== "reject" && value !== "refund") throw new PulseError("E_BAD_INPUT", `${where}.returns: expected "refund" or "reject", got ${JSON.stringify(value)}`);
      section.returns = value;
      continue;
    }
    if (key === "encoding") {
      const encoding = typeof value === "string" ? ENCODING_NAMES[value.toLowerCase()] : undefined;
      if (!encoding) throw new PulseError("E_BAD_INPUT", `${where}.encoding: expected "utf-8" or "windows-1252" (also "latin1"), got ${JSON.stringify(value)}`);
      section.encoding = encoding;
      continue;
    }
    if (key === "timezone") {
      if (typeof value !== "string") throw new PulseError("E_BAD_INPUT", `${where}.timezone: expected an IANA zone name, got ${JSON.stringify(value)}`);
      checkTimestamp({timezone: value}, `${where}.timezone`);
      section.timezone = value;
      continue;
    }
    if (key === "decimal" || key === "currency" || key === "thousands") {
      section[key] = value as never; // checked after the loop, with the section's decimal mark
      continue;
    }
    const field = key === "payment" && kind === "transactions" ? "payment_method" : key;
    if (!names.has(field)) throw new PulseError("E_BAD_INPUT", `${where}: unknown field ${JSON.stringify(key)} (expected one of ${[...names].join(", ")})`);
    if (typeof value === "string") {
      section.fields[field] = {column: value};
      continue;
    }
    if (!isObject(value)) throw new PulseError("E_BAD_INPUT", `${where}.${key}: expected a column name or an object, got ${JSON.stringify(value)}`);
    for (const option of Object.keys(value)) {
      if (!specKeys.has(option)) throw new PulseError("E_BAD_INPUT", `${where}.${key}: unknown option ${JSON.stringify(option)} (expected column, time, format, timezone, default, decimal, currency, thousands)`);
    }
    const spec = value as FieldSpec;
    if (spec.column !== undefined && typeof spec.column !== "string") throw new PulseError("E_BAD_INPUT", `${where}.${key}.column: expected a string, got ${JSON.stringify(spec.column)}`);
    if (spec.time !== undefined && (typeof spec.time !== "string" || field !== "timestamp")) {
      throw new PulseError("E_BAD_INPUT", `${where}.${key}.time: ${field !== "timestamp" ? "only a timestamp has a time column" : `expected a column name, got ${JSON.stringify(spec.time)}`}`);
    }
    if (spec.format !== undefined && typeof spec.format !== "string") throw new PulseError("E_BAD_INPUT", `${where}.${key}.format: expected a string, got ${JSON.stringify(spec.format)}`);
    if (spec.timezone !== undefined && typeof spec.timezone !== "string") throw new PulseError("E_BAD_INPUT", `${where}.${key}.timezone: expected a string, got ${JSON.stringify(spec.timezone)}`);
    checkTimestamp(spec, `${where}.${key}`);
    if (spec.default !== undefined && typeof spec.default !== "string" && typeof spec.default !== "number") {
      throw new PulseError("E_BAD_INPUT", `${where}.${key}.default: expected a string or number, got ${JSON.stringify(spec.default)}`);
    }
    checkNumberStyle(spec, `${where}.${key}`);
    if (Object.keys(spec).length === 0) {
      throw new PulseError("E_BAD_INPUT", `${where}.${key}: give at least a column or a default`);
    }
    section.fields[field] = {...spec};
  }
  checkNumberStyle(section, where);
  // A field's own options with the file's: {"decimal": ",", "amount": {"thousands": ","}} is a contradiction too.
  for (const [field, spec] of Object.entries(section.fields)) {
    if (spec.thousands !== undefined || spec.decimal !== undefined) checkNumberStyle({decimal: spec.decimal ?? section.decimal, thousands: spec.thousands ?? section.thousands}, `${where}.${field}`);
  }
  return section;
}

export async function loadMapping(path: string): Promise<Mapping> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new PulseError("E_IO", `cannot read mapping ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PulseError("E_BAD_INPUT", `mapping ${path}: invalid JSON (${(error as Error).message})`);
  }
  return normalizeMapping(json, path);
}

/** Where a canonical field comes from in one file. */
export interface ResolvedField {
  name: string;
  /** Column index in the header, or -1 when the file has no such column. */
  index: number;
  /** Header text of that column (for messages). */
  column: string | null;
  /** timestamp: the column with the time of day when dates and times are apart (-1: none). */
  timeIndex: number;
  spec: FieldSpec;
}

/** Names (normalized) of a date-only column and of a time-of-day column: a file with one of each has its timestamps in two columns. */
const DATE_COLUMNS = new Set(["date", "sale_date", "order_date", "transaction_date", "invoice_date", "sales_date"]);
const TIME_COLUMNS = new Set(["time", "time_of_day"]);

/**
 * Resolves every canonical field of `kind` against a header. A mapped column that is not in the
 * header is an error naming it; unmapped fields are looked up by name and synonyms.
 */
export function resolveFields(kind: InputKind, header: string[], section: MappingSection | undefined, file: string): Map<string, ResolvedField> {
  const normalized = header.map(normalizeName);
  const plain = header.map(plainName);
  /** Index of the first column named `name` (either form) that `free` accepts, else -1. */
  const find = (name: string, free: (i: number) => boolean = () => true) => normalized.findIndex((column, i) => (column === name || plain[i] === name) && free(i));
  const taken = new Set<number>();
  const resolved = new Map<string, ResolvedField>();
  // Mapped fields first, so a synonym match cannot steal their columns.
  for (const def of canonicalFields[kind]) {
    const spec = section?.fields[def.name];
    if (spec?.column === undefined) continue;
    let index = header.indexOf(spec.column);
    if (index < 0) index = find(normalizeName(spec.column));
    if (index < 0) index = find(plainName(spec.column));
    if (index < 0) throw new PulseError("E_BAD_INPUT", `${file}: mapped column ${JSON.stringify(spec.column)} for ${def.name} is not in the header (${header.join(", ")})`);
    taken.add(index);
    resolved.set(def.name, {name: def.name, index, column: header[index], timeIndex: -1, spec});
  }
  for (const def of canonicalFields[kind]) {
    if (resolved.has(def.name)) continue;
    const spec = section?.fields[def.name] ?? {};
    let index = -1;
    for (const name of [def.name, ...def.synonyms]) {
      const k = find(name, (i) => !taken.has(i));
      if (k >= 0) {
        index = k;
        break;
      }
    }
    if (index >= 0) taken.add(index);
    resolved.set(def.name, {name: def.name, index, column: index >= 0 ? header[index] : null, timeIndex: -1, spec});
  }
  const timestamp = resolved.get("timestamp");
  if (timestamp) timestamp.timeIndex = timeColumn(timestamp, header, normalized, find, taken, file);
  return resolved;
}

/**
 * The time-of-day column of a timestamp found by name or mapped with `time`, else -1. Found by name,
 * a date column ("Date", "Order Date") and an unused column named just "Time" (or "Time of day") are
 * one timestamp, read as "date time"; such a time column found first is swapped for the date column.
 * Names like "transaction_time" usually hold a whole date and time, so they never pair; nor does a
 * mapped column (a `time` in the mapping adds one), nor a mapped format without an hour (it describes
 * the date alone).
 */
function timeColumn(timestamp: ResolvedField, header: string[], normalized: string[], find: (name: string, free?: (i: number) => boolean) => number, taken: Set<number>, file: string): number {
  const spec = timestamp.spec;
  if (spec.time !== undefined) {
    let index = header.indexOf(spec.time);
    if (index < 0) index = find(normalizeName(spec.time));
    if (index < 0) throw new PulseError("E_BAD_INPUT", `${file}: mapped time column ${JSON.stringify(spec.time)} for timestamp is not in the header (${header.join(", ")})`);
    if (index === timestamp.index || taken.has(index)) throw new PulseError("E_BAD_INPUT", `${file}: mapped time column ${JSON.stringify(spec.time)} for timestamp is already the column of another field`);
    taken.add(index);
    return index;
  }
  if (spec.column !== undefined || timestamp.index < 0) return -1;
  if (spec.format !== undefined && !/[Hh]/.test(spec.format.replace(/\[[^\]]*\]/g, ""))) return -1;
  const free = (names: Set<string>) => normalized.findIndex((name, i) => names.has(name) && !taken.has(i));
  if (DATE_COLUMNS.has(normalized[timestamp.index])) {
    const time = free(TIME_COLUMNS);
    if (time >= 0) taken.add(time);
    return time;
  }
  if (TIME_COLUMNS.has(normalized[timestamp.index])) {
    const date = free(DATE_COLUMNS);
    if (date < 0) return -1;
    const time = timestamp.index;
    taken.add(date);
    timestamp.index = date;
    timestamp.column = header[date];
    return time;
  }
  return -1;
}

/** A timezone or timestamp format that would fail at the first file is an error of the mapping, found when it is read. */
function checkTimestamp(spec: {format?: string; timezone?: string}, where: string): void {
  try {
    timestampParser({format: spec.format, timezone: spec.timezone ?? "UTC"});
  } catch (error) {
    if (error instanceof PulseError) throw new PulseError("E_BAD_INPUT", `${where}: ${error.message}`);
    throw error;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
