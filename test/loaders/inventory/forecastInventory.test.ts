import {describe, expect, it} from "vitest";
import type {Product} from "../../../stream-bridge/events.ts";
import {forecastInventory} from "../../../loaders/inventory/forecastInventory.ts";
import type {InventoryRecord, SaleRecord} from "../../../loaders/inventory/readInputs.ts";

const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 1);

/** 30 days of a steady product: 4 units a day at S1, 1 at S2. Steady sales make every model exact. */
function steady(): {sales: SaleRecord[]; inventory: InventoryRecord[]; products: Map<string, Product>} {
  const sales: SaleRecord[] = [];
  let line = 1;
  for (let d = 0; d < 30; ++d) {
    for (const [storeId, quantity] of [["S1", 4], ["S2", 1]] as const) {
      sales.push({time: START + d * DAY + 12 * 3_600_000, line: ++line, transactionId: `T${line}`, storeId, productId: "P1", quantity, discount: 0, amount: 100 * quantity});
    }
  }
  const count = (storeId: string, quantity: number, time: number): InventoryRecord => ({time, line: ++line, storeId, productId: "P1", type: "stock_count", quantity});
  // Counted at the start of the last day (before its sales): S1 has 14 left after it, S2 has 99.
  const inventory = [count("S1", 500, START), count("S2", 500, START), count("S1", 18, START + 29 * DAY), count("S2", 100, START + 29 * DAY)];
  const products = new Map([["P1", {productId: "P1", name: "Milk", category: "Dairy", subCategory: "Milk", brand: "B", leadTimeDays: 5}]]);
  return {sales, inventory, products};
}

describe("forecastInventory", () => {
  const result = forecastInventory(steady(), {trees: 10});

  it("backtests every model to zero error on a steady series, and says it is a tie", () => {
    expect(result.overall).toEqual({forest: 0, mean7: 0, lastweek: 0});
    expect(result.backtest).toEqual([{productId: "P1", productName: "Milk", maeForest: 0, maeMean7: 0, maeLastweek: 0, verdict: "tie"}]);
    expect(result.verdict).toBe("tie");
  });

  it("splits the product forecast by each store's share and derives days left and alerts", () => {
    const [s1, s2] = result.inventory;
    // S1: 14 on hand, 80% of 5 units/day = 4 → 3.5 days ≤ lead time 5 → urgent; σ = 0, so the reorder point is 4 × 5 = 20.
    expect(s1).toMatchObject({storeId: "S1", productId: "P1", onHand: 14, basis: "stock_count", leadTimeDays: 5, sigmaDaily: 0, alert: "urgent", demandModel: "forest"});
    expect(s1.dailyDemand).toBeCloseTo(4, 12);
    expect(s1.daysLeft).toBeCloseTo(3.5, 12);
    expect(s1.reorderPoint).toBeCloseTo(20, 12);
    expect(s1.stockoutAt).toBe(result.asOf + Math.round(3.5 * DAY));
    // S2: 99 on hand at 1 unit/day → 99 days, reorder point 5 → ok.
    expect(s2).toMatchObject({storeId: "S2", onHand: 99, alert: "ok"});
    expect(s2.daysLeft).toBeCloseTo(99, 10);
  });

  it("writes backtest and forecast days for each of the three models", () => {
    expect(result.forecast).toHaveLength((14 + 14) * 3);
    const forest = result.forecast.filter((r) => r.model === "forest");
    expect(forest.filter((r) => r.phase === "backtest").map((r) => r.actual)).toEqual(new Array(14).fill(5));
    expect(forest.filter((r) => r.phase === "forecast").every((r) => r.actual === null && Math.abs(r.predicted - 5) < 1e-12)).toBe(true);
    expect(forest[0].date).toBe(START + 16 * DAY);
    expect(forest.at(-1)!.date).toBe(START + 43 * DAY);
  });

  it("falls back to the default lead time for products outside the catalog", () => {
    const {sales, inventory} = steady();
    // S1: 3.5 days left > 2, reorder point 4 × 2 = 8 < 14 on hand → ok.
    const [s1] = forecastInventory({sales, inventory}, {trees: 5, defaultLeadTime: 2}).inventory;
    expect(s1).toMatchObject({leadTimeDays: 2, alert: "ok", productName: null});
    expect(s1.reorderPoint).toBeCloseTo(8, 12);
  });

  it("refuses too short a history, naming the days it needs", () => {
    const {sales} = steady();
    expect(() => forecastInventory({sales: sales.slice(0, 20)}, {trees: 5})).toThrow(/needs more than 21 days of sales, got 10/);
  });
});
