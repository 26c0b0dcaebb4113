import type {InventoryEvent, RefundEvent, SaleEvent} from "../../stream-bridge/events.ts";
import {storeKey} from "./dailyUnits.ts";

/**
 * Refund reasons whose goods go back on the shelf. A defective, damaged or "not as described"
 * item is written off (or returned to the supplier), so only these two add sellable stock.
 */
export const RESTOCKING_REASONS: readonly string[] = ["changed_mind", "wrong_item"];

export interface StockLevel {
  storeId: string;
  productId: string;
  /** Units on hand at the as-of time, never below 0. */
  onHand: number;
  /** Where the book started: the last stock_count, else the catalog's starting_stock, else unknown. */
  basis: "stock_count" | "catalog" | "unknown";
  /** Units the book started from (the last count, or the catalog starting stock). */
  start: number;
  /** Time of the last stock_count (epoch ms), null when the book starts from the catalog. */
  countedAt: number | null;
  sold: number;
  restocked: number;
  returned: number;
  /** Units sold beyond what the book says was there (a missed restock or miscount); onHand is clamped at 0. */
  oversold: number;
}

export interface StockInputs {
  sales: Iterable<Pick<SaleEvent, "time" | "line" | "storeId" | "productId" | "quantity" | "transactionId" | "amount">>;
  refunds?: Iterable<Pick<RefundEvent, "time" | "storeId" | "productId" | "originalTransactionId" | "amount" | "reason">>;
  inventory?: Iterable<Pick<InventoryEvent, "time" | "line" | "storeId" | "productId" | "type" | "quantity">>;
  /** product → starting stock per store (product_catalog.csv), used when a store × product has no stock_count. */
  startingStock?: Map<string, number>;
  restockingReasons?: readonly string[];
}

export interface StockResult {
  levels: StockLevel[];
  /** Refunds with a restocking reason whose original sale line was not found (no units returned). */
  unmatchedReturns: number;
}

/**
 * Book stock per store × product. The last stock_count is authoritative (a physical count resets
 * the book); after it: + restocks − units sold + units returned. Events at the same millisecond as
 * the count are counted after it (a count is taken before the shop trades). With no count, the
 * book starts from the catalog starting stock before the first event.
 *
 * Refunds carry an amount, not units: the units returned are amount ÷ the original line's net unit
 * price, rounded and kept within 1…quantity.
 */
export function stockLevels({sales, refunds = [], inventory = [], startingStock, restockingReasons = RESTOCKING_REASONS}: StockInputs): StockResult {
  const counts = new Map<string, {time: number; line: number; quantity: number}>();
  const inventoryList = Array.from(inventory);
  for (const e of inventoryList) {
    if (e.type !== "stock_count") continue;
    const key = storeKey(e.storeId, e.productId);
    const seen = counts.get(key);
    if (!seen || e.time > seen.time || (e.time === seen.time && e.line > seen.line)) counts.set(key, {time: e.time, line: e.line, quantity: e.quantity});
  }

  // store → product → row: two lookups of the ids as read, where one `${store}|${product}` key per
  // sale line would build and hash a new string (1M lines).
  const byStore = new Map<string, Map<string, StockLevel>>();
  const levels: StockLevel[] = [];
  const level = (storeId: string, productId: string): StockLevel => {
    let products = byStore.get(storeId);
    if (!products) byStore.set(storeId, (products = new Map()));
    let row = products.get(productId);
    if (!row) {
      const count = counts.get(storeKey(storeId, productId));
      const catalog = startingStock?.get(productId);
      row = {
        storeId,
        productId,
        onHand: 0,
        basis: count ? "stock_count" : catalog !== undefined ? "catalog" : "unknown",
        start: count ? count.quantity : catalog ?? 0,
        countedAt: count ? count.time : null,
        sold: 0,
        restocked: 0,
        returned: 0,
        oversold: 0
      };
      products.set(productId, row);
      levels.push(row);
    }
    return row;
  };
  // After the row's last stock_count (countedAt is that count's time), or any time without one.
  const after = (row: StockLevel, time: number) => row.countedAt === null || time >= row.countedAt;

  for (const e of inventoryList) {
    const row = level(e.storeId, e.productId);
    if (e.type === "restock" && after(row, e.time)) row.restocked += e.quantity;
  }

  // Only the sale lines that a restocking refund points at are kept, so 1M lines need no big map.
  const returning = Array.from(refunds).filter((r) => restockingReasons.includes(r.reason));
  const wanted = new Map<string, {quantity: number; amount: number} | null>();
  const wantedTransactions = new Set<string>();
  for (const r of returning) {
    wanted.set(`${r.originalTransactionId}|${r.productId}`, null);
    wantedTransactions.add(r.originalTransactionId);
  }

  const salesList = Array.isArray(sales) ? sales : Array.from(sales);
  for (const s of salesList) {
    const row = level(s.storeId, s.productId);
    if (after(row, s.time)) row.sold += s.quantity;
    if (wantedTransactions.has(s.transactionId)) {
      const key = `${s.transactionId}|${s.productId}`;
      if (wanted.has(key) && wanted.get(key) === null) wanted.set(key, {quantity: s.quantity, amount: s.amount});
    }
  }

  let unmatchedReturns = 0;
  for (const r of returning) {
    const line = wanted.get(`${r.originalTransactionId}|${r.productId}`);
    if (!line) {
      ++unmatchedReturns;
      continue;
    }
    const row = level(r.storeId, r.productId);
    if (after(row, r.time)) row.returned += returnedUnits(r.amount, line);
  }

  for (const row of levels) {
    const book = row.start + row.restocked + row.returned - row.sold;
    row.onHand = Math.max(0, book);
    // Unknown stock (no count, no catalog figure) has no book to oversell.
    row.oversold = row.basis === "unknown" ? 0 : Math.max(0, -book);
  }
  const sorted = levels.sort((a, b) => (a.storeId < b.storeId ? -1 : a.storeId > b.storeId ? 1 : a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  return {levels: sorted, unmatchedReturns};
}

/** Units behind a refund amount (cents) on a line of `quantity` units costing `amount` cents net. */
export function returnedUnits(refundAmount: number, line: {quantity: number; amount: number}): number {
  if (line.amount <= 0) return line.quantity;
  const units = Math.round(refundAmount / (line.amount / line.quantity));
  return Math.min(line.quantity, Math.max(1, units));
}
