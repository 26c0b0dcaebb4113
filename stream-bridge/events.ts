/**
 * Canonical events (docs/CONTRACTS.md): what ingest produces and the engine consumes.
 * Money is integer cents, time is epoch milliseconds, `line` is the 1-based physical
 * line where the record starts in its source file (the header is line 1).
 */

export type SaleEvent = {
  kind: "sale";
  source: string;
  line: number;
  time: number;
  transactionId: string;
  storeId: string;
  productId: string;
  customerId: string | null;
  quantity: number;
  unitPrice: number;
  discount: number;
  amount: number;
  payment: string;
  /**
   * The sales file's own category and region columns, when it has them (null or absent: none). Without
   * a products (stores) file, a product's (store's) first sale line gives its category (region).
   */
  category?: string | null;
  region?: string | null;
};

export type RefundEvent = {
  kind: "refund";
  source: string;
  line: number;
  time: number;
  refundId: string;
  originalTransactionId: string;
  productId: string;
  storeId: string;
  customerId: string | null;
  amount: number;
  reason: string;
};

export type InventoryEvent = {
  kind: "inventory";
  source: string;
  line: number;
  time: number;
  storeId: string;
  productId: string;
  type: "stock_count" | "restock";
  quantity: number;
};

export type PulseEvent = SaleEvent | RefundEvent | InventoryEvent;

/** Why a row did not become an event (documented in docs/engine.md). */
export type RejectReason =
  | "missing_field" // the record has fewer fields than the header, or a required field is empty
  | "extra_field" // the record has more fields than the header
  | "bad_number" // quantity, price, discount or amount is not a number
  | "bad_timestamp" // the timestamp does not parse with the expected format (or is out of range)
  | "bad_quantity" // a sale quantity ≤ 0, an inventory quantity < 0 (or a restock of 0)
  | "bad_amount" // money out of range: unit_price < 0, discount < 0 or above quantity × unit_price, refund_amount ≤ 0
  | "bad_value" // a field outside its domain (inventory event_type, refund reason)
  | "unknown_store" // store_id not in the store dimension file (only when one is given)
  | "unknown_product" // product_id not in the product dimension file (only when one is given)
  | "duplicate_line" // byte-identical to one of the file's previous records (bounded memory, see docs/engine.md)
  | "encoding_error" // the record is not valid UTF-8
  | "bad_csv"; // the record is not well-formed CSV (unterminated quote, text after a closing quote)

export type Reject = {source: string; line: number; reason: RejectReason | string; raw: string; detail?: string};

/** What one input row becomes: an event or a reject. Rejects have no `kind`. */
export type SourceRecord = PulseEvent | Reject;

export function isReject(record: SourceRecord): record is Reject {
  return (record as PulseEvent).kind === undefined;
}

/** The three event files; dimension files (stores, products) are read separately. */
export type SourceKind = "transactions" | "refunds" | "inventory";

/** A row of store_locations.csv, used to enrich events (store → city, region). */
export interface Store {
  storeId: string;
  name: string;
  city: string;
  region: string;
  sizeSqft?: number;
  opened?: string;
}

/** A row of product_catalog.csv (product → category, sub-category, brand). basePrice in cents. */
export interface Product {
  productId: string;
  name: string;
  category: string;
  subCategory: string;
  brand: string;
  basePrice?: number;
  startingStock?: number;
  leadTimeDays?: number;
}
