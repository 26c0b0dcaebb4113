import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {fromArrow, tableRows} from "../../loaders/io/arrow.ts";
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
