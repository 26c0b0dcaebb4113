import {describe, expect, it} from "vitest";
import type {InventoryEvent, SaleEvent} from "../../../stream-bridge/events.ts";
import {createStockMonitor} from "../../../stream-bridge/server/stockMonitor.ts";

const stores = new Map([["S01", {storeId: "S01", name: "Riverside Flagship", city: "London", region: "London"}]]);
const products = new Map([["P0035", {productId: "P0035", name: "Crispa Mixed Nuts 200g", category: "Grocery", subCategory: "Snacks", brand: "Crispa", leadTimeDays: 12}]]);
const T = Date.UTC(2026, 9, 5, 12);

function inventory(type: "stock_count" | "restock", quantity: number, time = T): InventoryEvent {
  return {kind: "inventory", source: "i.csv", line: 2, time, storeId: "S01", productId: "P0035", type, quantity};
}
function sale(quantity: number, time = T): SaleEvent {
  return {kind: "sale", source: "t.csv", line: 2, time, transactionId: "T1", storeId: "S01", productId: "P0035", customerId: null, quantity, unitPrice: 100, discount: 0, amount: 100 * quantity, payment: "card"};
}

describe("createStockMonitor", () => {
  it("raises one critical stock-out, worded like the batch alert, when sales take a counted shelf to 0", () => {
    const m = createStockMonitor({stores, products});
    expect(m.inventory(inventory("stock_count", 3))).toBeNull();
    expect(m.sale(sale(2))).toBeNull();
    expect(m.onHand("S01", "P0035")).toBe(1);
    expect(m.sale(sale(1, T + 1000))).toEqual({
      id: "stockout:S01|P0035:2026-10-05T12:00:01.000Z",
      severity: "critical",
      kind: "stockout",
      subjectType: "store_product",
      subjectId: "S01|P0035",
      subjectName: "Crispa Mixed Nuts 200g",
      storeId: "S01",
      productId: "P0035",
      message: "Crispa Mixed Nuts 200g (P0035) at Riverside Flagship is out of stock; a reorder takes 12 days",
      value: 0,
      threshold: 12,
      baseline: null,
      time: T + 1000
    });
    // Already out: no repeat, and the book stays at 0 (a sale beyond it is not negative stock).
    expect(m.sale(sale(1, T + 2000))).toBeNull();
    expect(m.onHand("S01", "P0035")).toBe(0);
  });

  it("re-arms after a restock and raises again with a new id", () => {
    const m = createStockMonitor({stores, products});
    m.inventory(inventory("stock_count", 1));
    expect(m.sale(sale(1))).not.toBeNull();
    expect(m.inventory(inventory("restock", 4, T + 10))).toBeNull();
    expect(m.onHand("S01", "P0035")).toBe(4);
    expect(m.sale(sale(3, T + 20))).toBeNull();
    expect(m.sale(sale(2, T + 30))?.id).toBe("stockout:S01|P0035:2026-10-05T12:00:00.030Z");
  });

  it("a stock count resets the book; a count of 0 is a stock-out", () => {
    const m = createStockMonitor({stores, products});
    m.inventory(inventory("stock_count", 10));
    m.sale(sale(2));
    expect(m.inventory(inventory("stock_count", 5, T + 1))).toBeNull();
    expect(m.onHand("S01", "P0035")).toBe(5);
    expect(m.inventory(inventory("stock_count", 0, T + 2))?.kind).toBe("stockout");
  });

  it("tracks nothing without a stock count (no inventory file: no alerts)", () => {
    const m = createStockMonitor({stores, products});
    expect(m.sale(sale(100))).toBeNull();
    expect(m.inventory(inventory("restock", 5))).toBeNull();
    expect(m.onHand("S01", "P0035")).toBeNull();
  });

  it("names unknown shelves by id and uses the default lead time", () => {
    const m = createStockMonitor();
    m.inventory(inventory("stock_count", 1));
    expect(m.sale(sale(1))?.message).toBe("P0035 at S01 is out of stock; a reorder takes 7 days");
  });

  it("save() and restore() keep the book and what is already out", () => {
    const a = createStockMonitor({stores, products});
    a.inventory(inventory("stock_count", 2));
    a.sale(sale(2));
    const b = createStockMonitor({stores, products});
    b.restore(JSON.parse(JSON.stringify(a.save())));
    expect(b.sale(sale(1))).toBeNull();
    b.inventory(inventory("restock", 1));
    expect(b.sale(sale(1))?.kind).toBe("stockout");
  });
});
