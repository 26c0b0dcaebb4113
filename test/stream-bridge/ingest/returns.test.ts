import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {aggregate} from "../../../stream-bridge/batch/aggregate.ts";
import {normalizeMapping} from "../../../stream-bridge/ingest/mapping.ts";
import {rejectSummary} from "../../../stream-bridge/ingest/rejectSummary.ts";
import {readFile} from "../../../stream-bridge/ingest/readFile.ts";
import type {SourceKind} from "../../../stream-bridge/events.ts";

/** Returns inside a sales export, as UCI Online Retail writes them: C-invoices with a negative quantity. */

const dir = mkdtempSync(join(tmpdir(), "pulse-returns-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const sales = join(dir, "online_retail.csv");
writeFileSync(
  sales,
  [
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
    '536365,85123A,"WHITE HANGING HEART T-LIGHT HOLDER",6,12/1/2010 8:26,2.55,17850.0,United Kingdom',
    "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850.0,United Kingdom",
    "C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527.0,United Kingdom",
    "C536383,35004C,SET OF 3 COLOURED  FLYING DUCKS,-3,12/1/2010 9:49,4.65,15311.0,United Kingdom",
    "536384,82484,WOOD BLACK BOARD,0,12/1/2010 9:53,6.45,18074.0,United Kingdom",
    "C536391,21980,PACK OF 12 TISSUES,-24,12/1/2010 10:24,0,17548.0,United Kingdom",
    "C536392,71053,WHITE METAL LANTERN,-0.5,12/1/2010 10:30,3.39,,United Kingdom"
  ].join("\n") + "\n"
);
const columns = {transaction_id: "InvoiceNo", product_id: "StockCode", timestamp: {column: "InvoiceDate", format: "M/D/YYYY H:mm"}, unit_price: "UnitPrice", customer_id: "CustomerID"};
const DAY = 86_400_000;

describe('a sales file with returns (negative quantities)', () => {
  it("by default, its returns are bad_quantity rejects", async () => {
    const {events, rejects} = await readFile(sales, "transactions", {mapping: normalizeMapping(columns)});
    expect(events.map((e) => e.kind)).toEqual(["sale", "sale"]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [4, "bad_quantity"],
      [5, "bad_quantity"],
      [6, "bad_quantity"],
      [7, "bad_quantity"],
      [8, "bad_quantity"]
    ]);
  });

  it('with "returns": "refund", each return is a refund of its own line: |quantity| × unit_price, unmatched, its store and product', async () => {
    // "transactions" as a plain SourceKind: readFile's overload promises sales, and this file also gives refunds.
    const {events, rejects} = await readFile(sales, "transactions" as SourceKind, {mapping: normalizeMapping({...columns, returns: "refund"})});
    expect(events.filter((e) => e.kind === "refund")).toEqual([
      {kind: "refund", source: "online_retail.csv", line: 4, time: Date.UTC(2010, 11, 1, 9, 41), refundId: "online_retail.csv:4", originalTransactionId: "C536379", productId: "D", storeId: "unknown", customerId: "14527.0", amount: 2750, reason: ""},
      {kind: "refund", source: "online_retail.csv", line: 5, time: Date.UTC(2010, 11, 1, 9, 49), refundId: "online_retail.csv:5", originalTransactionId: "C536383", productId: "35004C", storeId: "unknown", customerId: "15311.0", amount: 1395, reason: ""},
      // 0.5 × 3.39 = 1.695: exact from the texts, rounded once, half away from zero.
      {kind: "refund", source: "online_retail.csv", line: 8, time: Date.UTC(2010, 11, 1, 10, 30), refundId: "online_retail.csv:8", originalTransactionId: "C536392", productId: "71053", storeId: "unknown", customerId: null, amount: 170, reason: ""}
    ]);
    // A quantity of 0 is still no sale, and a return with no price refunds nothing.
    expect(rejects.map((r) => [r.line, r.reason, r.detail])).toEqual([
      [6, "bad_quantity", "quantity 0 is not positive"],
      [7, "bad_amount", "the return of 24 has no amount (unit_price 0)"]
    ]);
  });

  it("batch counts them as unmatched refunds in their own windows, store and product, the same as the row path", async () => {
    const mapping = normalizeMapping({...columns, returns: "refund"});
    const batch = await aggregate({transactions: sales, mapping}, {windowMs: DAY, latenessMs: 3650 * DAY, dimensions: ["all", "product"], worker: false});
    expect(batch.kpis).toMatchObject({grossRevenue: 1530 + 2034, refunds: 2750 + 1395 + 170, netRevenue: 1530 + 2034 - 4315, unmatchedRefunds: 3, rejected: 2});
    const product = Object.fromEntries(batch.totals.filter((t) => t.dimension === "product").map((t) => [t.key, [t.revenue, t.refundAmount, t.refundCount]]));
    expect(product).toEqual({"85123A": [1530, 0, 0], "71053": [2034, 170, 1], D: [0, 2750, 1], "35004C": [0, 1395, 1]});
    const day = [...Array(batch.windows.length).keys()].filter((i) => batch.windows.dimension[i] === "all");
    expect(day.map((i) => [batch.windows.windowStart[i], batch.windows.refundAmount[i], batch.windows.netRevenue[i]])).toEqual([[Date.UTC(2010, 11, 1), 4315, 3564 - 4315]]);
  });

  it("without the option, the summary of its rejects points at it", () => {
    const lines = rejectSummary([{source: "s.csv", line: 4, reason: "bad_quantity", raw: "", detail: "quantity -1 is not positive"}], new Map([["s.csv", 100]]), "x");
    expect(lines[1]).toBe('s.csv: hint: lines with a negative quantity look like returns: {"returns": "refund"} in the mapping reads them as refunds of their store and product (docs/engine.md)');
    expect(rejectSummary([{source: "s.csv", line: 4, reason: "bad_quantity", raw: "", detail: "quantity 0 is not positive"}], new Map([["s.csv", 100]]), "x")).toHaveLength(1);
  });

  it("only a transactions file takes the option, with refund or reject", () => {
    expect(normalizeMapping({returns: "reject"}).transactions!.returns).toBe("reject");
    expect(() => normalizeMapping({returns: "credit"})).toThrow('mapping.returns: expected "refund" or "reject", got "credit"');
    expect(() => normalizeMapping({refunds: {returns: "refund"}})).toThrow("mapping.refunds.returns: only a transactions file has returns");
  });
});
