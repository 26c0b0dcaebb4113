import {describe, expect, it} from "vitest";
import type {InventoryEvent, RefundEvent, SaleEvent} from "../../../stream-bridge/events.ts";
import {returnedUnits, stockLevels} from "../../../loaders/inventory/stockLevels.ts";

const H = 3_600_000;
let line = 1;
const sale = (time: number, storeId: string, productId: string, quantity: number, amount: number, transactionId = `T${line}`): SaleEvent => ({
  kind: "sale", source: "t.csv", line: ++line, time, transactionId, storeId, productId, customerId: null, quantity, unitPrice: Math.round(amount / quantity), discount: 0, amount, payment: "card"
});
const refund = (time: number, storeId: string, productId: string, originalTransactionId: string, amount: number, reason: string): RefundEvent => ({
  kind: "refund", source: "r.csv", line: ++line, time, refundId: `R${line}`, originalTransactionId, productId, storeId, customerId: null, amount, reason
});
const inv = (time: number, storeId: string, productId: string, type: InventoryEvent["type"], quantity: number): InventoryEvent => ({
  kind: "inventory", source: "i.csv", line: ++line, time, storeId, productId, type, quantity
});

describe("stockLevels", () => {
  const sales = [sale(1 * H, "A", "P", 3, 570, "T1"), sale(5 * H, "A", "P", 2, 400), sale(1 * H, "A", "Q", 2, 100), sale(3 * H, "A", "Q", 1, 50), sale(2 * H, "B", "P", 8, 1600)];
  const refunds = [
    refund(3 * H, "A", "P", "T1", 380, "changed_mind"), // 380 ÷ (570 / 3) = 2 units back on the shelf
    refund(4 * H, "A", "P", "T1", 190, "defective"), // written off
    refund(4 * H, "A", "P", "T9", 190, "wrong_item") // no such sale line
  ];
  const inventory = [inv(0, "A", "P", "stock_count", 10), inv(2 * H, "A", "P", "restock", 5), inv(0, "A", "Q", "stock_count", 4), inv(2 * H, "A", "Q", "stock_count", 5)];
  const {levels, unmatchedReturns} = stockLevels({sales, refunds, inventory, startingStock: new Map([["P", 6]])});
  const get = (s: string, p: string) => levels.find((l) => l.storeId === s && l.productId === p)!;

  it("starts from the count, adds restocks and resellable returns, subtracts sales", () => {
    expect(get("A", "P")).toMatchObject({basis: "stock_count", start: 10, restocked: 5, returned: 2, sold: 5, onHand: 10 - 5 + 5 + 2, oversold: 0});
  });

  it("lets a later stock_count reset the book, ignoring sales before it", () => {
    expect(get("A", "Q")).toMatchObject({start: 5, countedAt: 2 * H, sold: 1, onHand: 4});
  });

  it("falls back to the catalog starting stock and clamps an oversold book at 0", () => {
    expect(get("B", "P")).toMatchObject({basis: "catalog", start: 6, sold: 8, onHand: 0, oversold: 2});
  });

  it("counts restocking refunds whose sale line is missing", () => {
    expect(unmatchedReturns).toBe(1);
  });

  it("marks a store × product with no count and no catalog stock as unknown", () => {
    const {levels} = stockLevels({sales: [sale(H, "C", "Z", 1, 100)]});
    expect(levels).toEqual([expect.objectContaining({storeId: "C", productId: "Z", basis: "unknown"})]);
  });
});

describe("returnedUnits", () => {
  it("divides the refund by the line's net unit price, within 1…quantity", () => {
    expect(returnedUnits(380, {quantity: 3, amount: 570})).toBe(2);
    expect(returnedUnits(10, {quantity: 3, amount: 570})).toBe(1);
    expect(returnedUnits(9999, {quantity: 3, amount: 570})).toBe(3);
    expect(returnedUnits(100, {quantity: 2, amount: 0})).toBe(2);
  });
});
