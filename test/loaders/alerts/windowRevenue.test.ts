import {appendFileSync, rmSync} from "node:fs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {windowRevenue, type WindowRevenue} from "../../../loaders/alerts/revenueAnomalies.ts";
import {readInputs} from "../../../loaders/inventory/readInputs.ts";
import {aggregate} from "../../../stream-bridge/batch/aggregate.ts";
import {generatedData} from "../../fixtures/inventory/generated.ts";

const HOUR = 3_600_000;
let data: Awaited<ReturnType<typeof generatedData>>;
beforeAll(async () => {
  data = await generatedData({seed: 11, days: 10, transactions: 3000});
  // Lines the engine rejects once it has the dimension files: an unknown store, an unknown product.
  appendFileSync(data.path("transactions"), "TX-ODD-1,2026-10-03T10:15:00Z,S99,P0001,,1,5.00,0.00,card\nTX-ODD-2,2026-10-03T10:20:00Z,S01,P9999,,2,7.50,0.00,card\n");
});
afterAll(() => rmSync(data.dir, {recursive: true, force: true}));

const byId = (rows: WindowRevenue[]) => new Map(rows.map((r) => [`${r.key}|${r.windowStart}`, r.revenue]));

describe("windowRevenue(sales of known stores and products, 1h)", () => {
  it("equals the engine's hourly windows (all, store) with nothing late, as pulse alerts uses it", async () => {
    const paths = {transactions: data.path("transactions"), stores: data.path("stores"), products: data.path("products")};
    const input = await readInputs(paths, () => {});
    const known = input.sales.filter((s) => input.stores!.has(s.storeId) && input.products!.has(s.productId));
    expect(input.sales.length - known.length).toBe(2);
    const engine = await aggregate(paths, {windowMs: HOUR, latenessMs: 3650 * 86_400_000, dimensions: ["all", "store"]});
    const expected: WindowRevenue[] = [];
    const w = engine.windows;
    for (let i = 0; i < w.length; ++i) expected.push({key: w.dimension[i] === "all" ? "all" : w.key[i], windowStart: w.windowStart[i], revenue: w.revenue[i]});
    expect(expected.length).toBeGreaterThan(100);
    expect(byId(windowRevenue(known, HOUR))).toEqual(byId(expected));
  });
});
