import {mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {arrowWindows, compareWindows, duckdbWindows, saleLines} from "../../bench/duckdbWindows.ts";
import {fromArrow, tableRows} from "../../loaders/io/arrow.ts";
import {aggregate, generate} from "../stream-bridge/server/serveProcess.ts";

let dir: string;
let batch: Record<string, Record<string, unknown>[]>;
const files = () => ({transactions: join(dir, "data/transactions.csv"), stores: join(dir, "data/store_locations.csv"), products: join(dir, "data/product_catalog.csv")});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pulse-bench-duck-"));
  await generate(join(dir, "data"), ["--seed", "4", "--days", "3", "--transactions", "8000"]);
  batch = await aggregate(join(dir, "data"), join(dir, "batch"));
});
afterAll(() => rm(dir, {recursive: true, force: true}));

describe("duckdbWindows", () => {
  it("recomputes the sale measures of every window pulse aggregate writes, late lines excluded", async () => {
    const lateLines = new Set(batch.late.filter((r) => r.source === "transactions.csv").map((r) => r.line as number));
    expect(lateLines.size).toBeGreaterThan(0);
    const late = await saleLines(files().transactions, lateLines);
    expect(late).toHaveLength(lateLines.size);
    const dimensions = ["all", "store", "region", "category", "product", "payment"];
    const {rows} = await duckdbWindows({...files(), windowMs: 60_000, dimensions, late});
    const ours = arrowWindows(batch.windows);
    const result = compareWindows(ours, rows);
    expect(result.differences.slice(0, 5)).toEqual([]);
    expect(result.rows).toBeGreaterThan(1000);
    // Without the late exclusion, the windows the late lines fall into disagree.
    const naive = compareWindows(ours, (await duckdbWindows({...files(), windowMs: 60_000, dimensions, late: []})).rows);
    expect(naive.agree).toBe(false);
  });

  it("compareWindows reports a changed, a missing and an extra row", () => {
    const a = new Map([["all|all|0", "100 1 1 1 1"], ["all|all|60000", "5 1 1 1 0"]]);
    const b = new Map([["all|all|0", "101 1 1 1 1"], ["store|S1|0", "1 1 1 1 1"]]);
    expect(compareWindows(a, b).differences).toEqual([
      "all|all|0: pulse 100 1 1 1 1, duckdb 101 1 1 1 1",
      "all|all|60000: pulse 5 1 1 1 0, duckdb missing",
      "store|S1|0: pulse missing, duckdb 1 1 1 1 1"
    ]);
  });
});
