import {execFileSync} from "node:child_process";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {arrowLines, arrowRows, duck, generate, groupBy, loadTables, pulse} from "./oracle.ts";

/**
 * Acceptance: `pulse generate --dirty` output is processed in full; every injected malformed row
 * (dirty_manifest.json) is in rejects.arrow at its line with a fitting reason, nothing else is
 * rejected (the awkward-but-valid rows of dirty_valid.json included), and the aggregates of the
 * valid rows equal a DuckDB GROUP BY over the files with the manifest's lines removed.
 */

/** Generator kind → the reject reasons that fit it (docs/engine.md lists the reasons). */
const fitting: Record<string, string[]> = {
  bad_timestamp: ["bad_timestamp"],
  stray_quote: ["bad_csv"],
  duplicate: ["duplicate_line"],
  missing_field: ["missing_field"],
  extra_field: ["extra_field"],
  empty_field: ["missing_field"],
  unknown_product: ["unknown_product"],
  unknown_store: ["unknown_store"],
  bad_number: ["bad_number"],
  invalid_utf8: ["encoding_error"],
  negative_quantity: ["bad_quantity"],
  nonpositive_quantity: ["bad_quantity"],
  unknown_event_type: ["bad_value"],
  unknown_reason: ["bad_value"],
  nonpositive_amount: ["bad_amount"],
  negative_price: ["bad_amount"],
  bad_discount: ["bad_amount"]
};

interface Entry {
  file: string;
  line: number;
  kind: string;
}

let dir: string;
let data: string;
let out: string;
let manifest: Entry[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pulse-dirty-"));
  data = join(dir, "data");
  out = join(dir, "out");
  generate(data, "--dirty");
  manifest = JSON.parse(readFileSync(join(data, "dirty_manifest.json"), "utf8"));
  const files = ["transactions", "refunds", "inventory"].flatMap((kind) => [`--${kind}`, join(data, `${kind}.csv`)]);
  // 1 day of lateness: the generator holds rows back by at most a few hours, so nothing is late
  // and the windows are a plain GROUP BY of the valid rows.
  execFileSync(
    process.execPath,
    [pulse, "aggregate", ...files, "--stores", join(data, "store_locations.csv"), "--products", join(data, "product_catalog.csv"), "--lateness", "1d", "--out", out],
    {stdio: "pipe"}
  );
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("pulse aggregate on pulse generate --dirty", () => {
  it("rejects every manifest row at its line with a fitting reason, and nothing else", () => {
    const rejects = arrowRows(join(out, "rejects.arrow"));
    const byLine = new Map(rejects.map((r) => [`${r.source}:${r.line}`, r]));
    expect(manifest.length).toBeGreaterThan(100);
    for (const entry of manifest) {
      const reject = byLine.get(`${entry.file}:${entry.line}`);
      expect(reject, `${entry.kind} at ${entry.file}:${entry.line}`).toBeDefined();
      expect(fitting[entry.kind], `known kind ${entry.kind}`).toBeDefined();
      expect(fitting[entry.kind], `${entry.kind} at ${entry.file}:${entry.line}: ${reject!.detail}`).toContain(reject!.reason);
      expect(reject!.raw.length).toBeGreaterThan(0);
    }
    const injected = new Set(manifest.map((e) => `${e.file}:${e.line}`));
    expect(rejects.filter((r) => !injected.has(`${r.source}:${r.line}`))).toEqual([]);
    const valid: Entry[] = JSON.parse(readFileSync(join(data, "dirty_valid.json"), "utf8"));
    expect(valid.length).toBeGreaterThan(0);
    for (const entry of valid) expect(byLine.has(`${entry.file}:${entry.line}`), `${entry.kind} at ${entry.file}:${entry.line}`).toBe(false);

    const [kpis] = arrowRows(join(out, "kpis.arrow"));
    expect(kpis.rejected).toBe(manifest.length);
    expect(kpis.data_quality).toBeCloseTo((kpis.rows_read - manifest.length) / kpis.rows_read, 12);
    expect(kpis.late).toBe(0);
  });

  it("aggregates of the valid rows equal a DuckDB GROUP BY over the files without the manifest's lines", async () => {
    // Physical lines of the manifest are single-line records, so dropping those lines leaves exactly the valid rows.
    const clean = join(dir, "clean");
    mkdirSync(clean);
    for (const file of ["transactions.csv", "refunds.csv", "inventory.csv"]) {
      const drop = new Set(manifest.filter((e) => e.file === file).map((e) => e.line));
      const bytes = readFileSync(join(data, file));
      const lines: Buffer[] = []; // physical lines, terminators kept
      let start = 0;
      for (let i = 0; i < bytes.length; ++i) {
        if (bytes[i] === 10) {
          lines.push(bytes.subarray(start, i + 1));
          start = i + 1;
        }
      }
      if (start < bytes.length) lines.push(bytes.subarray(start));
      writeFileSync(join(clean, file), Buffer.concat(lines.filter((_, k) => !drop.has(k + 1))));
    }
    const db = await duck();
    try {
      await loadTables(db.all, {
        transactions: join(clean, "transactions.csv"),
        refunds: join(clean, "refunds.csv"),
        inventory: join(clean, "inventory.csv"),
        stores: join(data, "store_locations.csv"),
        products: join(data, "product_catalog.csv")
      });
      // Every generated refund follows its sale in time, so all refunds are matched: attribute by the first line.
      await db.all(`create table firsts as select transaction_id, arg_min(store_id, line) as store_id, arg_min(payment_method, line) as payment_method from sales group by 1`);
      await db.all(`create table refunds_attr as select r.line, r.ts, r.cents, r.product_id, f.store_id, f.payment_method
        from refunds r join firsts f on f.transaction_id = r.original_transaction_id`);
      const [{n}] = await db.all(`select (select count(*) from refunds) - (select count(*) from refunds_attr) as n`);
      expect(Number(n)).toBe(0);
      const dimensions = ["all", "store", "region", "category", "product", "payment"];
      const windows = await groupBy(db.all, {dimensions, windows: (ts) => `[(${ts} // 60000) * 60000]`, salesTable: "sales", refundsTable: "refunds_attr"});
      expect(arrowLines(arrowRows(join(out, "windows.arrow")), (row) => row.window_start)).toEqual(windows);
      const totals = await groupBy(db.all, {dimensions, windows: () => "[0]", salesTable: "sales", refundsTable: "refunds_attr"});
      expect(arrowLines(arrowRows(join(out, "totals.arrow")), () => 0)).toEqual(totals);
    } finally {
      db.close();
    }
  });
});
