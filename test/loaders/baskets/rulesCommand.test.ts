import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, afterEach, beforeEach, describe, expect, it, vi} from "vitest";
import {main} from "../../../cli/main.ts";
import {fromArrow, tableRows} from "../../../loaders/io/arrow.ts";

const fixtures = resolve(import.meta.dirname, "../../fixtures/baskets");
const groceries = resolve(import.meta.dirname, "../../../../shared/data/groceries.csv");
const dir = mkdtempSync(join(tmpdir(), "pulse-rules-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

let stderr = "";
beforeEach(() => {
  stderr = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

const read = (path: string) => {
  const table = fromArrow(readFileSync(path));
  return {rows: tableRows(table), meta: Object.fromEntries(table.schema.metadata)};
};
const key = (r: Record<string, unknown>) => `${(r.antecedent as string[]).join("+")} => ${(r.consequent as string[]).join("+")}`;

describe("pulse rules", () => {
  it("mines transactions as baskets of distinct products (mlxtend's example as a transactions file)", async () => {
    const out = join(dir, "products.arrow");
    const code = await main(["rules", "--transactions", join(fixtures, "transactions.csv"), "--min-support", "0.6", "--min-confidence", "0.7", "--max-consequent", "3", "--out", out, "--itemsets", join(dir, "itemsets.arrow")]);
    expect(code).toBe(0);
    const {rows, meta} = read(out);
    expect(rows).toHaveLength(12);
    expect(JSON.parse(meta.input_rows)).toEqual({transactions: 27});
    expect(meta).toMatchObject({source: "batch", baskets: "5", min_count: "3", itemsets: "11", rules: "12"});
    expect(meta.as_of).toBe("2024-03-05T10:00:06.000Z");
    const eggsOnion = rows.find((r) => key(r) === "P03 => P04")!; // Eggs => Onion
    expect(eggsOnion).toMatchObject({support: 0.6, confidence: 0.75, lift: 1.25, leverage: 0.12, conviction: 1.6, count: 3});
    expect(read(join(dir, "itemsets.arrow")).rows).toHaveLength(11);
    expect(stderr).toMatch(/5 baskets.*11 itemsets, 12 rules/);
  });

  it("mines categories with --by category", async () => {
    const out = join(dir, "categories.arrow");
    const code = await main(["rules", "--transactions", join(fixtures, "transactions.csv"), "--by", "category", "--products", join(fixtures, "product_catalog.csv"), "--min-support", "0.4", "--out", out]);
    expect(code).toBe(0);
    // By hand: Dairy and Produce are in all 5 baskets, Spices in 2 (always with both).
    expect(read(out).rows.map(key).sort()).toEqual(["Dairy => Produce", "Dairy+Spices => Produce", "Produce => Dairy", "Produce+Spices => Dairy", "Spices => Dairy", "Spices => Produce"]);
  });

  it("reproduces the Groceries benchmark from a basket file", async () => {
    const out = join(dir, "groceries.arrow");
    expect(await main(["rules", "--baskets", groceries, "--min-support", "0.001", "--out", out])).toBe(0);
    const {rows, meta} = read(out);
    expect(rows).toHaveLength(5668);
    expect(key(rows[0])).toBe("Instant food products+soda => hamburger meat");
    expect(meta.as_of).toBe("");
    process.stdout.write(stderr);
  });

  it.each([
    [["--baskets", "x", "--min-support", "0"], /--min-support: "0"/],
    [["--baskets", "x", "--min-support", "1.5"], /--min-support/],
    [["--baskets", "x", "--min-confidence", "2"], /--min-confidence/],
    [["--baskets", "x", "--max-consequent", "0"], /--max-consequent/],
    [["--baskets", "x", "--by", "brand"], /--by: "brand"/],
    [["--baskets", "x", "--transactions", "y"], /cannot be combined/],
    [[], /--transactions or --baskets/],
    [["--baskets", "x", "--by", "category"], /--by category applies to --transactions/],
    [["--baskets", "x", "--frobnicate", "1"], /unknown option --frobnicate/]
  ])("exits 2 naming the option for %j", async (args, message) => {
    expect(await main(["rules", ...args, "--out", join(dir, "never.arrow")])).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 1 naming a missing input file", async () => {
    expect(await main(["rules", "--baskets", join(dir, "missing.csv"), "--out", join(dir, "never.arrow")])).toBe(1);
    expect(stderr).toMatch(/missing\.csv/);
  });
});
