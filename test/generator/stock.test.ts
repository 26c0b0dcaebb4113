import {describe, expect, it} from "vitest";
import type {Rng} from "../../generator/prng.ts";
import {RESTOCK, STOCK_COUNT, Stock, type InventoryRecord, type StockPlan} from "../../generator/stock.ts";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const start = Date.UTC(2026, 9, 1);
/** No delivery jitter, no shrinkage: every number below can be worked out by hand. */
const steady = {next: () => 0.5, int: () => 0, chance: (p: number) => 0.5 < p, between: (lo: number) => lo} as unknown as Rng;

function oneShelf(days = 10): {stock: Stock; records: InventoryRecord[]} {
  const plan: StockPlan = {
    stores: 1,
    products: 1,
    startingStock: Int32Array.of(5),
    reorderPoint: Int32Array.of(2),
    orderQuantity: Int32Array.of(10),
    leadTimeDays: Int32Array.of(2)
  };
  const records: InventoryRecord[] = [];
  const stock = new Stock(plan, steady, start, start + days * DAY, (r) => records.push(r));
  stock.open();
  return {stock, records};
}

describe("Stock", () => {
  it("sells what is on the shelf, loses the rest, reorders at the reorder point and receives after the lead time", () => {
    const {stock, records} = oneShelf();
    expect(stock.take(0, 0, 2, start + 10 * HOUR)).toBe(2); // 5 → 3
    expect(stock.take(0, 0, 1, start + 11 * HOUR)).toBe(1); // 3 → 2: order 10, due day 2 at 06:00
    expect(stock.take(0, 0, 3, start + DAY + 12 * HOUR)).toBe(2); // 2 → 0, one unit lost
    expect(stock.take(0, 0, 1, start + DAY + 13 * HOUR)).toBe(0); // empty: a lost line
    stock.advance(start + 2 * DAY + 8 * HOUR); // 0 + 10
    expect(stock.take(0, 0, 9, start + 3 * DAY + 9 * HOUR)).toBe(9); // 10 → 1: order 10, due day 5
    stock.advance(start + 8 * DAY); // day 5 delivery → 11; day 7 audit counts 11
    expect(records).toEqual([
      {time: start, store: 0, product: 0, type: STOCK_COUNT, quantity: 5},
      {time: start + 2 * DAY + 6 * HOUR, store: 0, product: 0, type: RESTOCK, quantity: 10},
      {time: start + 5 * DAY + 6 * HOUR, store: 0, product: 0, type: RESTOCK, quantity: 10},
      {time: start + 7 * DAY + 5 * HOUR, store: 0, product: 0, type: STOCK_COUNT, quantity: 11}
    ]);
    expect(stock.stats).toMatchObject({lostLines: 1, lostUnits: 2, cellsOut: 1, restocks: 2, audits: 1});
    expect([...stock.stats.lostByProduct]).toEqual([2]);
  });

  it("holds back deliveries and audits that fall after the period", () => {
    const {stock, records} = oneShelf(3);
    stock.take(0, 0, 4, start + 2 * DAY + 12 * HOUR); // order due day 4: after the 3-day period
    stock.advance(start + 30 * DAY);
    expect(records.map((r) => r.type)).toEqual([STOCK_COUNT]);
  });
});
