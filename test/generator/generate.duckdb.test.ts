import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {afterAll, describe, expect, it} from "vitest";
import {FILES} from "../../generator/generate.ts";
import {generateInMemory} from "./memorySinks.ts";

const dir = mkdtempSync(join(tmpdir(), "pulse-duckdb-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

// DuckDB's CSV reader, told the contract's types, as an independent reader of the files.
const table = (file: string, columns: Record<string, string>) =>
  `read_csv('${join(dir, file)}', header = true, auto_detect = false, timestampformat = '%Y-%m-%dT%H:%M:%SZ', columns = ${JSON.stringify(columns).replaceAll('"', "'")})`;

describe("generated files read by DuckDB", () => {
  it("parse with the contract's types, and every refund joins to a real, earlier, larger-or-equal line", async () => {
    const {files, summary} = await generateInMemory({seed: 11, transactions: 8000, days: 20});
    for (const [key, name] of Object.entries(FILES)) writeFileSync(join(dir, name), files[key as keyof typeof FILES]);
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const query = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson();
    try {
      await connection.run(`create view transactions as select * from ${table("transactions.csv", {
        transaction_id: "VARCHAR", timestamp: "TIMESTAMP", store_id: "VARCHAR", product_id: "VARCHAR", customer_id: "VARCHAR",
        quantity: "INTEGER", unit_price: "DECIMAL(12,2)", discount: "DECIMAL(12,2)", payment_method: "VARCHAR"})}`);
      await connection.run(`create view refunds as select * from ${table("refunds.csv", {
        refund_id: "VARCHAR", original_transaction_id: "VARCHAR", product_id: "VARCHAR", store_id: "VARCHAR", customer_id: "VARCHAR",
        refund_amount: "DECIMAL(12,2)", reason: "VARCHAR", timestamp: "TIMESTAMP"})}`);
      await connection.run(`create view inventory as select * from ${table("inventory.csv", {
        timestamp: "TIMESTAMP", store_id: "VARCHAR", product_id: "VARCHAR", event_type: "VARCHAR", quantity: "INTEGER"})}`);
      await connection.run(`create view stores as select * from ${table("store_locations.csv", {
        store_id: "VARCHAR", name: "VARCHAR", city: "VARCHAR", region: "VARCHAR", size_sqft: "INTEGER", opened: "DATE"})}`);
      await connection.run(`create view products as select * from ${table("product_catalog.csv", {
        product_id: "VARCHAR", name: "VARCHAR", category: "VARCHAR", sub_category: "VARCHAR", brand: "VARCHAR",
        base_price: "DECIMAL(12,2)", starting_stock: "INTEGER", lead_time_days: "INTEGER"})}`);

      const [counts] = await query(`select (select count(*) from transactions) as t, (select count(*) from refunds) as r,
        (select count(*) from inventory) as i, (select count(*) from stores) as s, (select count(*) from products) as p`);
      expect(counts).toEqual({t: "8000", r: String(summary.rows.refunds), i: String(summary.rows.inventory), s: "10", p: "200"});

      const [joined] = await query(`select count(*) as n from refunds r join transactions t
        on t.transaction_id = r.original_transaction_id and t.product_id = r.product_id and t.store_id = r.store_id
        and coalesce(t.customer_id, '') = coalesce(r.customer_id, '')
        where r.timestamp > t.timestamp and r.refund_amount > 0 and r.refund_amount <= t.quantity * t.unit_price - t.discount`);
      expect(joined.n).toBe(String(summary.rows.refunds));

      // Names with a quoted comma and a doubled quote come through whole.
      const names = await query(`select name from stores where name like '%,%' union all select name from products where name like '%"%' or name like '%,%' order by name`);
      expect(names.map((r) => r.name)).toContain("Harbourside Retail Park, Cardiff Bay");
      expect(names.map((r) => r.name)).toContain('Ironside Cast Iron Skillet 12"');

      // Catalog prices are what the lines charge.
      const [mismatch] = await query(`select count(*) as n from transactions t join products p using (product_id) where t.unit_price <> p.base_price`);
      expect(mismatch.n).toBe("0");
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
