import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {afterAll, afterEach, beforeEach, describe, expect, it, vi} from "vitest";
import {main} from "../../../cli/main.ts";
import {fromArrow, tableRows} from "../../../loaders/io/arrow.ts";

const fixtures = resolve(import.meta.dirname, "../../fixtures/segments");
const transactions = join(fixtures, "transactions.csv");
const refunds = join(fixtures, "refunds.csv");
const dir = mkdtempSync(join(tmpdir(), "pulse-segments-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

let stderr = "";
beforeEach(() => {
  stderr = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

const read = (path: string) => {
  const table = fromArrow(readFileSync(path));
  return {rows: tableRows(table), meta: Object.fromEntries(table.schema.metadata), fields: table.schema.fields.map((f) => `${f.name}:${f.type}`)};
};

/** RFM by SQL on the same CSVs: an independent computation (DECIMAL money, refunds via the original transaction). */
async function duckRfm(asOf?: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const end = asOf ? `timestamptz '${asOf}'` : `greatest((select max(t) from s), (select max(t) from r))`;
  const reader = await connection.runAndReadAll(`
    with s as (select transaction_id, customer_id, timestamp::timestamptz as t,
                 quantity::int * unit_price::decimal(18, 2) - discount::decimal(18, 2) as amount
               from read_csv('${transactions}', all_varchar = true)),
         r as (select original_transaction_id, customer_id, timestamp::timestamptz as t, refund_amount::decimal(18, 2) as amount
               from read_csv('${refunds}', all_varchar = true)),
         e as (select ${end} as t),
         sales as (select * from s where t <= (select t from e) and coalesce(customer_id, '') <> ''),
         owner as (select distinct transaction_id, customer_id from sales),
         back as (select coalesce(nullif(r.customer_id, ''), o.customer_id) as customer_id, sum(r.amount) as refunded
                  from r left join owner o on o.transaction_id = r.original_transaction_id where r.t <= (select t from e) group by all)
    select customer_id as customer,
           floor((epoch_ms((select t from e)) - epoch_ms(max(sales.t))) / 86400000) as recency,
           count(distinct transaction_id) as frequency,
           (sum(amount) - coalesce(any_value(back.refunded), 0))::double as monetary
    from sales left join back using (customer_id) group by customer_id order by customer_id`);
  const rows = reader.getRowObjectsJson();
  connection.closeSync();
  instance.closeSync();
  return rows.map((row) => ({customer: row.customer, recency: Number(row.recency), frequency: Number(row.frequency), monetary: Number(row.monetary)}));
}

describe("pulse segments", () => {
  it("writes customers, clusters and silhouette tables whose RFM matches DuckDB", async () => {
    const out = join(dir, "all");
    expect(await main(["segments", "--transactions", transactions, "--refunds", refunds, "--seed", "42", "--out", out])).toBe(0);
    const customers = read(join(out, "customers.arrow"));
    expect(customers.fields).toEqual(["customer:Utf8", "recency:Int32", "frequency:Int32", "monetary:Float64", "r:Int32", "f:Int32", "m:Int32", "segment:Utf8", "cluster:Int32"]);
    expect(customers.rows.map(({customer, recency, frequency, monetary}) => ({customer, recency, frequency, monetary}))).toEqual(await duckRfm());
    expect(customers.meta).toMatchObject({source: "batch", customers: "40", guest_lines: "5", guest_transactions: "3", guest_refunds: "1"});
    expect(JSON.parse(customers.meta.input_rows)).toEqual({transactions: 263, refunds: 4});

    const clusters = read(join(out, "clusters.arrow"));
    expect(clusters.fields).toEqual(["cluster:Int32", "recency:Float64", "frequency:Float64", "monetary:Float64", "size:Int32", "silhouette:Float64", "label:Utf8"]);
    expect(clusters.rows.reduce((sum, c) => sum + (c.size as number), 0)).toBe(40);
    expect(new Set(customers.rows.map((c) => c.cluster))).toEqual(new Set(clusters.rows.map((c) => c.cluster)));

    const curve = read(join(out, "silhouette.arrow")).rows;
    expect(curve.map((p) => p.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const best = curve.reduce((a, b) => ((b.silhouette as number) > (a.silhouette as number) ? b : a));
    expect(clusters.rows).toHaveLength(best.k as number);
    expect(stderr).toMatch(/40 customers.*5 guest lines \(3 transactions\)/);
  });

  it("measures recency to the end of an --as-of day and leaves later events out", async () => {
    const out = join(dir, "asof");
    expect(await main(["segments", "--transactions", transactions, "--refunds", refunds, "--as-of", "2024-03-15", "--k", "3", "--out", out])).toBe(0);
    const {rows, meta} = read(join(out, "customers.arrow"));
    expect(rows.map(({customer, recency, frequency, monetary}) => ({customer, recency, frequency, monetary}))).toEqual(await duckRfm("2024-03-15T23:59:59.999Z"));
    expect(meta.as_of).toBe("2024-03-15T23:59:59.999Z");
    expect(Number(meta.after_as_of)).toBeGreaterThan(0);
    expect(read(join(out, "silhouette.arrow")).rows.map((p) => p.k)).toEqual([3]);
  });

  it.each([
    [["--k", "9"], /--k: "9"/],
    [["--k", "1"], /--k: "1"/],
    [["--k", "many"], /--k: "many"/],
    [["--as-of", "2024-02-30"], /--as-of: "2024-02-30"/],
    [["--as-of", "yesterday"], /--as-of: "yesterday"/],
    [["--seed", "-1"], /--seed: "-1"/],
    [["--seed", "1.5"], /--seed: "1.5"/],
    [["--colour", "red"], /unknown option --colour/]
  ])("exits 2 naming the option for %j", async (args, message) => {
    expect(await main(["segments", "--transactions", transactions, "--out", join(dir, "never"), ...args])).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 2 without --transactions", async () => {
    expect(await main(["segments", "--out", join(dir, "never")])).toBe(2);
    expect(stderr).toMatch(/missing required option --transactions/);
  });
});
