import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {aggregate, type BatchInputs} from "../../../stream-bridge/batch/aggregate.ts";
import {createEngine, restoreEngine} from "../../../stream-bridge/engine/engine.ts";
import {DIMENSIONS, type WindowRow} from "../../../stream-bridge/engine/types.ts";
import {isReject, type SaleEvent} from "../../../stream-bridge/events.ts";
import {readDimensions} from "../../../stream-bridge/ingest/dimensions.ts";
import {mergeSources} from "../../../stream-bridge/ingest/merge.ts";
import {readSource} from "../../../stream-bridge/ingest/source.ts";
import {generate} from "./oracle.ts";
import {windowRows} from "./windowRows.ts";

/**
 * A sales file with its own category and region columns (the Superstore export): without products
 * or stores files, a product's category and a store's region come from its first sale line. The
 * inventory file names every product and store before any sale, so the first sale, not the key's
 * first sight, must decide; and batch (keys made as chunks arrive) must equal live.
 */

const MINUTE = 60_000;
let dir: string;
let inline: BatchInputs;
let withFiles: BatchInputs;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pulse-inline-"));
  generate(join(dir, "data"), "--transactions", "6000");
  const data = (name: string) => join(dir, "data", name);
  const dims = await readDimensions({stores: data("store_locations.csv"), products: data("product_catalog.csv")}, {});
  // Generated transactions are plain CSV (no quotes): a split is enough.
  const [header, ...rows] = readFileSync(data("transactions.csv"), "utf8").trim().split("\n").map((line) => line.split(","));
  const product = header.indexOf("product_id");
  const store = header.indexOf("store_id");
  const lines = [[...header, "Category", "Region"], ...rows.map((r) => [...r, dims.products!.get(r[product])!.category, dims.stores!.get(r[store])!.region])];
  writeFileSync(join(dir, "sales.csv"), lines.map((line) => line.join(",")).join("\n") + "\n");
  inline = {transactions: join(dir, "sales.csv"), refunds: data("refunds.csv"), inventory: data("inventory.csv")};
  withFiles = {transactions: data("transactions.csv"), refunds: data("refunds.csv"), inventory: data("inventory.csv"), stores: data("store_locations.csv"), products: data("product_catalog.csv")};
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const options = {windowMs: MINUTE, latenessMs: 10 * MINUTE, dimensions: [...DIMENSIONS]};

/** The sale measures of a window or totals row, keyed by what identifies it. */
const saleMeasures = (rows: {dimension: string; key: string; windowStart?: number; revenue: number; units: number; lines: number; transactions: number; customers: number}[]) =>
  new Map(rows.map((r) => [`${r.dimension}|${r.key}|${r.windowStart ?? ""}`, [r.revenue, r.units, r.lines, r.transactions, r.customers].join(" ")]));

describe("category and region columns in the sales file", () => {
  it("give the sale measures the products and stores files give", async () => {
    const ours = await aggregate(inline, options);
    const reference = await aggregate(withFiles, options);
    expect(ours.rejects).toEqual([]);
    const keys = (result: typeof ours, dimension: string) => new Set(result.totals.filter((t) => t.dimension === dimension).map((t) => t.key));
    expect(keys(ours, "category")).toEqual(keys(reference, "category"));
    expect(keys(ours, "region")).toEqual(keys(reference, "region"));
    expect(saleMeasures(windowRows(ours.windows))).toEqual(saleMeasures(windowRows(reference.windows)));
    expect(saleMeasures(ours.totals)).toEqual(saleMeasures(reference.totals));
  });

  it("batch equals the live path, with and without a worker", async () => {
    const engine = createEngine({...options, historyWindows: 0});
    const windows: WindowRow[] = [];
    const sources = Object.entries(inline).map(([kind, path]) => readSource(path as string, kind as "transactions" | "refunds" | "inventory"));
    for await (const batch of mergeSources(sources)) {
      for (const record of batch.records) {
        if (isReject(record)) engine.reject(record);
        else engine.push(record);
      }
      windows.push(...engine.flush(0).windows.filter((row) => row.final));
    }
    windows.push(...engine.finish(0).windows);
    const totals = engine.snapshot().totals;
    expect(totals.some((t) => t.dimension === "category" && t.key !== "unknown")).toBe(true);
    for (const worker of [false, true]) {
      const result = await aggregate(inline, {...options, worker});
      expect(windowRows(result.windows)).toEqual(windows);
      expect(new Set(result.totals.map((t) => JSON.stringify(t)))).toEqual(new Set(totals.map((t) => JSON.stringify(t))));
    }
  });

  it("a region (category) column needs a store (product) column: else every row is the one key unknown", async () => {
    const path = join(dir, "superstore.csv");
    writeFileSync(path, "Order ID,Order Date,Region,Product ID,Category,Sales,Quantity\nA1,2024-01-05,South,P1,Furniture,100.00,1\nA2,2024-01-05,West,P2,Technology,200.00,1\nA3,2024-01-06,East,P1,Furniture,300.00,1\n");
    const result = await aggregate({transactions: path}, options);
    const totals = (dimension: string) => Object.fromEntries(result.totals.filter((t) => t.dimension === dimension).map((t) => [t.key, t.revenue]));
    expect(totals("store")).toEqual({unknown: 60000});
    expect(totals("region")).toEqual({unknown: 60000});
    expect(totals("category")).toEqual({Furniture: 40000, Technology: 20000});
  });

  it("the first sale decides, after a restore too; a products file wins over the column", () => {
    const sale = (line: number, productId: string, category: string | null): SaleEvent => ({
      kind: "sale",
      source: "s.csv",
      line,
      time: Date.UTC(2026, 0, 1) + line * 1000,
      transactionId: `T${line}`,
      storeId: "S1",
      productId,
      customerId: null,
      quantity: 1,
      unitPrice: 100,
      discount: 0,
      amount: 100,
      payment: "card",
      category,
      region: "North"
    });
    const categories = (engine: ReturnType<typeof createEngine>) =>
      Object.fromEntries(engine.snapshot().totals.filter((t) => t.dimension === "category").map((t) => [t.key, t.lines]));
    const engine = createEngine({...options});
    // An inventory row makes P1's key before any sale: still undecided.
    engine.push({kind: "inventory", source: "i.csv", line: 2, time: Date.UTC(2026, 0, 1), storeId: "S1", productId: "P1", type: "stock_count", quantity: 5});
    const restored = restoreEngine(JSON.parse(JSON.stringify(engine.save())), {...options});
    for (const e of [engine, restored]) {
      e.push(sale(2, "P1", "Food"));
      e.push(sale(3, "P1", "Toys")); // a later sale does not change it
      e.push(sale(4, "P2", null)); // no column value at the first sale: unknown for good
      e.push(sale(5, "P2", "Toys"));
      expect(categories(e)).toEqual({Food: 2, unknown: 2});
      expect(e.snapshot().totals.find((t) => t.dimension === "region")?.key).toBe("North");
    }
    const filed = createEngine({...options, products: new Map([["P1", {productId: "P1", name: "p", category: "Books", subCategory: "", brand: ""} as never]])});
    filed.push(sale(2, "P1", "Food"));
    expect(categories(filed)).toEqual({Books: 1});
  });
});
