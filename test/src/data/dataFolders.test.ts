import {execFile} from "node:child_process";
import {mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {promisify} from "node:util";
import {tableFromIPC} from "apache-arrow";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {generate} from "../../stream-bridge/batch/oracle.ts";

/**
 * The site's data loaders (src/data/*.js, run as Framework runs them: `node <loader>`, stdout is
 * the file) on data folders other than the sample: PULSE_DATA_DIR names the folder, its mapping.json
 * names the columns, and a folder with a transactions file alone still gives every file a page needs.
 */

const root = resolve(import.meta.dirname, "../../..");
const run = promisify(execFile);
const LOADERS = ["landing-daily.arrow.js", "aggregates.tar.js", "segments.tar.js", "baskets.tar.js", "inventory.tar.js", "alerts.tar.js"];
const dir = mkdtempSync(join(tmpdir(), "pulse-data-folders-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Column names of a German export, per input, and the mapping.json that names them. */
const renamed: Record<string, Record<string, string>> = {
  transactions: {transaction_id: "Beleg", timestamp: "Zeitpunkt", store_id: "Filiale", product_id: "Artikel", customer_id: "Kunde", quantity: "Menge", unit_price: "Preis", discount: "Rabatt", payment_method: "Zahlart"},
  refunds: {refund_id: "Erstattung", original_transaction_id: "Ursprungsbeleg", product_id: "Artikel", store_id: "Filiale", customer_id: "Kunde", refund_amount: "Betrag", reason: "Grund", timestamp: "Zeitpunkt"},
  stores: {store_id: "Filiale", name: "Bezeichnung", city: "Ort", region: "Gebiet", size_sqft: "Flaeche"}
};
const FILES: Record<string, string> = {transactions: "transactions.csv", refunds: "refunds.csv", stores: "store_locations.csv"};

/** A loader's output as tables (a tar's members by name, or the one Arrow file). */
async function load(loader: string, dataDir: string): Promise<Map<string, Record<string, unknown>[]>> {
  const {stdout} = await run(process.execPath, [join(root, "src", "data", loader)], {
    cwd: join(root, "src", "data"),
    env: {...process.env, PULSE_DATA_DIR: dataDir, BRIDGE_URL: "off"},
    encoding: "buffer",
    maxBuffer: 1 << 30
  });
  const tables = new Map<string, Record<string, unknown>[]>();
  // Plain JSON values (lists as arrays); events_per_second is a timing, not data.
  const rows = (bytes: Uint8Array) =>
    tableFromIPC(bytes)
      .toArray()
      .map((row) => JSON.parse(JSON.stringify(row, (key, value) => (key === "events_per_second" ? undefined : typeof value === "bigint" ? String(value) : value))));
  if (!loader.endsWith(".tar.js")) tables.set(loader.replace(/\.js$/, ""), rows(stdout));
  else {
    const out = join(dir, "untar", `${loader}-${Math.random().toString(36).slice(2)}`);
    mkdirSync(out, {recursive: true});
    writeFileSync(join(out, "archive.tar"), stdout);
    await run("tar", ["-xf", "archive.tar"], {cwd: out});
    for (const name of readdirSync(out).filter((n) => n.endsWith(".arrow")).sort()) tables.set(name, rows(readFileSync(join(out, name))));
  }
  return tables;
}

const metadataOf = (bytes: Uint8Array) => tableFromIPC(bytes).schema.metadata;

describe("PULSE_DATA_DIR with a mapping.json", () => {
  const canonical = join(dir, "canonical");
  const german = join(dir, "german");
  beforeAll(() => {
    // 25 days: the forecast backtests 14 days and needs more than 21.
    generate(canonical, "--transactions", "3000", "--days", "25");
    mkdirSync(german);
    for (const [kind, file] of Object.entries(FILES)) {
      const [header, ...rest] = readFileSync(join(canonical, file), "utf8").split("\n");
      writeFileSync(join(german, file), [header.split(",").map((name) => renamed[kind][name] ?? name).join(","), ...rest].join("\n"));
    }
    writeFileSync(join(german, "product_catalog.csv"), readFileSync(join(canonical, "product_catalog.csv")));
    writeFileSync(join(german, "inventory.csv"), readFileSync(join(canonical, "inventory.csv")));
    writeFileSync(join(german, "mapping.json"), JSON.stringify(renamed));
  });

  test.each(LOADERS)("%s gives the same tables as the canonical folder", async (loader) => {
    const [expected, actual] = await Promise.all([load(loader, canonical), load(loader, german)]);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [name, rows] of expected) {
      if (name !== "late.arrow" && name !== "rejects.arrow" && name !== "refunds_daily.arrow") expect(rows.length, name).toBeGreaterThan(0);
      expect(actual.get(name), name).toEqual(rows);
    }
  }, 120_000);
});

describe("PULSE_DATA_DIR with a transactions file alone, 10 days, foreign column names, no mapping", () => {
  const only = join(dir, "only");
  beforeAll(() => {
    const source = join(dir, "only-source");
    generate(source, "--transactions", "3000", "--days", "10");
    mkdirSync(only);
    const synonyms: Record<string, string> = {transaction_id: "Receipt", timestamp: "Sold At", store_id: "Shop", product_id: "SKU", customer_id: "Customer", quantity: "Qty", unit_price: "Price", payment_method: "Payment"};
    const [header, ...rest] = readFileSync(join(source, "transactions.csv"), "utf8").split("\n");
    writeFileSync(join(only, "transactions.csv"), [header.split(",").map((name) => synonyms[name] ?? name).join(","), ...rest].join("\n"));
  });

  test.each(LOADERS)("%s succeeds", async (loader) => {
    const tables = await load(loader, only);
    expect(tables.size).toBeGreaterThan(0);
    if (loader === "aggregates.tar.js") {
      // Stores and products are those the sales name, in region (category) "unknown".
      const stores = tables.get("stores.arrow")!;
      expect(stores.length).toBeGreaterThan(1);
      expect(new Set(stores.map((s) => s.region))).toEqual(new Set(["unknown"]));
      expect(tables.get("sales_daily.arrow")!.length).toBeGreaterThan(0);
    }
    if (loader === "inventory.tar.js") {
      // Too few days for the backtest: the three files, empty, saying why.
      expect([...tables.keys()]).toEqual(["backtest.arrow", "forecast.arrow", "inventory.arrow"]);
      for (const rows of tables.values()) expect(rows).toEqual([]);
    }
  }, 120_000);

  test("the forecast's empty tables carry the reason for the inventory page", async () => {
    const {stdout} = await run(process.execPath, [join(root, "src", "data", "inventory.tar.js")], {cwd: join(root, "src", "data"), env: {...process.env, PULSE_DATA_DIR: only}, encoding: "buffer", maxBuffer: 1 << 30});
    const out = join(dir, "reason");
    mkdirSync(out, {recursive: true});
    writeFileSync(join(out, "a.tar"), stdout);
    await run("tar", ["-xf", "a.tar"], {cwd: out});
    expect(metadataOf(readFileSync(join(out, "inventory.arrow"))).get("unavailable")).toMatch(/backtest needs more than 21 days of sales, got 10/);
  }, 60_000);
});
