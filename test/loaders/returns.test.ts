import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {readSalesCube} from "../../loaders/aggregates/readSalesCube.ts";
import {readSaleLines} from "../../loaders/baskets/readSaleLines.ts";
import {readInputs} from "../../loaders/inventory/readInputs.ts";
import {dailyRevenue} from "../../loaders/landing/dailyRevenue.ts";
import {normalizeMapping} from "../../stream-bridge/ingest/mapping.ts";

/** The site's loaders on a data folder whose mapping reads returns as refunds ("returns": "refund"). */

const dir = mkdtempSync(join(tmpdir(), "pulse-loader-returns-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const json = {transaction_id: "Invoice", store_id: "Shop", product_id: "Item", timestamp: "Date", unit_price: "Price", quantity: "Qty", returns: "refund"};
writeFileSync(join(dir, "mapping.json"), JSON.stringify(json));
writeFileSync(
  join(dir, "transactions.csv"),
  "Invoice,Shop,Item,Date,Price,Qty\nI1,S1,A,2026-10-01T10:00:00Z,2.00,3\nI1,S1,B,2026-10-01T10:00:00Z,5.00,1\nC1,S1,A,2026-10-02T11:00:00Z,2.00,-2\n"
);
const mapping = normalizeMapping(json);

describe("loaders with returns read as refunds", () => {
  it("the sales cube counts them as refunds, not sales", async () => {
    const cube = await readSalesCube(dir);
    expect(cube.rejected).toBe(0);
    const refunds = cube.refundsDaily;
    expect([refunds.product.values, refunds.amount.values, refunds.refunds.values].map((v) => Array.from(v as ArrayLike<unknown>))).toEqual([["A"], [4], [1]]);
    expect(cube.inputRows).toEqual({sales: 2, refunds: 1});
  });

  it("baskets, the landing page and the inventory forecast take sale lines only; the forecast's refunds include the returns", async () => {
    const lines = await readSaleLines(join(dir, "transactions.csv"), mapping);
    expect(lines.lines).toEqual([
      {transactionId: "I1", productId: "A"},
      {transactionId: "I1", productId: "B"}
    ]);
    const daily = await dailyRevenue({transactions: join(dir, "transactions.csv"), mapping});
    expect([daily.revenue, daily.lines, daily.rejected.count]).toEqual([[11], [2], 0]);
    const inputs = await readInputs({transactions: join(dir, "transactions.csv"), mapping}, () => {});
    expect(inputs.sales.map((s) => s.amount)).toEqual([600, 500]);
    expect(inputs.refunds).toEqual([{time: Date.UTC(2026, 9, 2, 11), originalTransactionId: "C1", storeId: "S1", productId: "A", amount: 400, reason: ""}]);
  });
});
