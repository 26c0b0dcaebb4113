import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {fromArrow, tableRows} from "../../loaders/io/arrow.ts";
import {readDimensions} from "../../stream-bridge/ingest/dimensions.ts";
import {pulseInProcess} from "../helpers/pulse.ts";
import {generate} from "../stream-bridge/batch/oracle.ts";

/**
 * `--mapping` reaches every command that reads event files: the same data under foreign column
 * names, with a mapping, gives the same tables as under the canonical names.
 */

let dir: string;
const data = (name: string) => join(dir, "data", name);
const renamed = {
  transaction_id: "Beleg",
  timestamp: "Zeitpunkt",
  store_id: "Filiale",
  product_id: "Artikel",
  customer_id: "Kunde",
  quantity: "Menge",
  unit_price: "Preis",
  discount: "Rabatt",
  payment_method: "Zahlart"
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pulse-mapping-cli-"));
  // 25 days: the forecast behind forecast and alerts backtests 14 days and needs more than 21.
  generate(join(dir, "data"), "--transactions", "4000", "--days", "25");
  const [header, ...rest] = readFileSync(data("transactions.csv"), "utf8").split("\n");
  const foreign = header.split(",").map((name) => renamed[name as keyof typeof renamed] ?? name);
  writeFileSync(join(dir, "verkauf.csv"), [foreign.join(","), ...rest].join("\n"));
  writeFileSync(join(dir, "mapping.json"), JSON.stringify({transactions: renamed}));
  writeFileSync(join(dir, "bad.json"), JSON.stringify({transactions: {zeit: "Zeitpunkt"}}));
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const rows = (path: string) => tableRows(fromArrow(readFileSync(path)));

describe("--mapping for the analytics commands", () => {
  it.each([
    ["segments", ["--refunds", "REFUNDS"], "out", "customers.arrow"],
    ["rules", ["--min-support", "0.002"], "out.arrow", ""],
    ["forecast", ["--inventory", "INVENTORY", "--products", "PRODUCTS", "--trees", "10"], "out", "forecast.arrow"],
    ["alerts", ["--refunds", "REFUNDS", "--inventory", "INVENTORY", "--stores", "STORES", "--products", "PRODUCTS", "--trees", "10"], "out.arrow", ""]
  ])("pulse %s reads the renamed file like the canonical one", async (command, extra, out, table) => {
    const args = extra.map((a) => ({REFUNDS: data("refunds.csv"), INVENTORY: data("inventory.csv"), PRODUCTS: data("product_catalog.csv"), STORES: data("store_locations.csv")})[a] ?? a);
    const canonical = join(dir, `${command}-canonical`, out);
    const mapped = join(dir, `${command}-mapped`, out);
    expect((await pulseInProcess(command, "--transactions", data("transactions.csv"), ...args, "--out", canonical)).code).toBe(0);
    expect((await pulseInProcess(command, "--transactions", join(dir, "verkauf.csv"), "--mapping", join(dir, "mapping.json"), ...args, "--out", mapped)).code).toBe(0);
    const canonicalRows = rows(table ? join(canonical, table) : canonical);
    expect(canonicalRows.length).toBeGreaterThan(0);
    expect(rows(table ? join(mapped, table) : mapped)).toEqual(canonicalRows);
    // Without the mapping the file has no timestamp column; a bad mapping is an option error naming it.
    expect((await pulseInProcess(command, "--transactions", join(dir, "verkauf.csv"), ...args, "--out", join(dir, `${command}-none`, out))).code).not.toBe(0);
    const bad = await pulseInProcess(command, "--transactions", join(dir, "verkauf.csv"), "--mapping", join(dir, "bad.json"), ...args, "--out", join(dir, `${command}-bad`, out));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--mapping/);
  }, 60_000);
});

describe("--data DIR with a mapping.json", () => {
  it("pulse aggregate reads the folder's mapping.json as if given with --mapping; --mapping wins; a bad one names --data", async () => {
    const folder = join(dir, "folder");
    const copy = (from: string, to: string) => writeFileSync(join(folder, to), readFileSync(from));
    mkdirSync(folder);
    copy(join(dir, "verkauf.csv"), "transactions.csv");
    copy(data("refunds.csv"), "refunds.csv");
    const viaOption = join(dir, "agg-option");
    const viaFolder = join(dir, "agg-folder");
    expect((await pulseInProcess("aggregate", "--data", folder, "--mapping", join(dir, "mapping.json"), "--out", viaOption)).code).toBe(0);
    // Without a mapping the renamed file has no timestamp column.
    expect((await pulseInProcess("aggregate", "--data", folder, "--out", join(dir, "agg-none"))).code).not.toBe(0);
    copy(join(dir, "mapping.json"), "mapping.json");
    expect((await pulseInProcess("aggregate", "--data", folder, "--out", viaFolder)).code).toBe(0);
    for (const table of ["windows.arrow", "totals.arrow"]) expect(rows(join(viaFolder, table))).toEqual(rows(join(viaOption, table)));
    const meta = fromArrow(readFileSync(join(viaFolder, "kpis.arrow"))).schema.metadata;
    expect(JSON.parse(meta.get("parameters")!).mapping).toBe(join(folder, "mapping.json"));
    // An explicit --mapping wins over the folder's.
    expect((await pulseInProcess("aggregate", "--data", folder, "--mapping", join(dir, "bad.json"), "--out", join(dir, "agg-bad"))).stderr).toMatch(/--mapping/);
    copy(join(dir, "bad.json"), "mapping.json");
    const bad = await pulseInProcess("aggregate", "--data", folder, "--out", join(dir, "agg-bad2"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid --data: .*its mapping\.json: /);
  }, 60_000);
});

describe("pulse rules --by category without --products", () => {
  it("takes each product's category from the transactions file's category column, as the catalog gives it", async () => {
    // The catalog's names may hold quoted commas: read it as the ingest does.
    const {products} = await readDimensions({products: data("product_catalog.csv")});
    const catalog = new Map(Array.from(products!, ([id, product]) => [id, product.category]));
    const [header, ...lines] = readFileSync(data("transactions.csv"), "utf8").trim().split("\n");
    const withCategory = join(dir, "with-category.csv");
    writeFileSync(withCategory, [`${header},category`, ...lines.map((line) => `${line},${catalog.get(line.split(",")[3])}`)].join("\n"));
    const fromCatalog = join(dir, "rules-catalog.arrow");
    const inline = join(dir, "rules-inline.arrow");
    expect((await pulseInProcess("rules", "--transactions", data("transactions.csv"), "--products", data("product_catalog.csv"), "--by", "category", "--min-support", "0.01", "--out", fromCatalog)).code).toBe(0);
    expect((await pulseInProcess("rules", "--transactions", withCategory, "--by", "category", "--min-support", "0.01", "--out", inline)).code).toBe(0);
    expect(rows(fromCatalog).length).toBeGreaterThan(0);
    expect(rows(inline)).toEqual(rows(fromCatalog));
    // A product's first line decides, as in the engine: an empty cell there is "unknown" for good.
    const firstEmpty = join(dir, "first-empty.csv");
    writeFileSync(firstEmpty, ["transaction_id,timestamp,store_id,product_id,quantity,unit_price,category", "T1,2026-10-01T08:00:00Z,S1,P3,1,1.00,", "T2,2026-10-01T09:00:00Z,S1,P3,1,1.00,Delta", "T3,2026-10-01T10:00:00Z,S1,P3,1,1.00,Delta"].join("\n"));
    const itemsets = join(dir, "first-empty-itemsets.arrow");
    const first = await pulseInProcess("rules", "--transactions", firstEmpty, "--by", "category", "--min-support", "0.5", "--out", join(dir, "first-empty.arrow"), "--itemsets", itemsets);
    expect(first.code).toBe(0);
    expect(JSON.stringify(rows(itemsets))).toMatch(/"unknown"/);
    expect(JSON.stringify(rows(itemsets))).not.toMatch(/Delta/);
    expect(first.stderr).toMatch(/1 products in category unknown \(no --products, and no category on their first line/);
    // Neither a catalog nor a column: every product is in "unknown", said on stderr.
    const none = await pulseInProcess("rules", "--transactions", data("transactions.csv"), "--by", "category", "--out", join(dir, "rules-none.arrow"));
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/products in category unknown \(no --products, and no category on their first line/);
  }, 60_000);
});
