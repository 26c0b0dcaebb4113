import {execFileSync} from "node:child_process";
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {makeTable, tableRows, type Columns} from "../../../loaders/io/arrow.ts";
import {readSalesCube} from "../../../loaders/aggregates/readSalesCube.ts";

const root = resolve(import.meta.dirname, "../../..");
const dir = mkdtempSync(join(tmpdir(), "pulse-cube-"));
const generated = join(dir, "generated");
const handmade = join(dir, "handmade");

beforeAll(() => {
  execFileSync(process.execPath, ["bin/pulse.js", "generate", "--seed", "11", "--days", "3", "--transactions", "4000", "--out", generated], {cwd: root, stdio: "ignore"});
  // Edge cases by hand: a basket across categories and an hour boundary of its own, a guest, a product
  // missing from the catalog (rejected as unknown_product, like the bridge), refunds on another day.
  execFileSync("mkdir", ["-p", handmade]);
  writeFileSync(join(handmade, "store_locations.csv"), "store_id,name,city,region,size_sqft,opened\nS1,One,Leeds,North,1000,2020-01-01\nS2,Two,York,North,2000,2020-01-01\n");
  writeFileSync(
    join(handmade, "product_catalog.csv"),
    'product_id,name,category,sub_category,brand,base_price,starting_stock,lead_time_days\nA,"Pasta, 500g",Grocery,Pasta,X,1.00,10,2\nB,Sauce,Grocery,Sauce,X,2.00,10,2\nC,Phone,Electronics,Phones,Y,100.00,5,7\n'
  );
  writeFileSync(
    join(handmade, "transactions.csv"),
    [
      "transaction_id,timestamp,store_id,product_id,customer_id,quantity,unit_price,discount,payment_method",
      "T1,2026-10-01T09:59:59Z,S1,A,C1,2,1.10,0.00,card",
      "T1,2026-10-01T09:59:59Z,S1,B,C1,1,2.05,0.05,card",
      "T1,2026-10-01T09:59:59Z,S1,C,C1,1,99.99,10.00,card",
      "T2,2026-10-01T10:00:00Z,S1,A,,3,1.10,0.30,cash",
      "T3,2026-10-01T23:59:59Z,S2,C,C2,1,100.00,0.00,card",
      "T4,2026-10-02T00:00:00Z,S2,Z,C2,1,5.00,0.00,card",
      "T5,2026-10-02T08:00:00Z,S2,A,C3,1,0.01,0.00,gift_card"
    ].join("\n") + "\n"
  );
  writeFileSync(
    join(handmade, "refunds.csv"),
    [
      "refund_id,original_transaction_id,product_id,store_id,customer_id,refund_amount,reason,timestamp",
      "R1,T1,C,S1,C1,89.99,defective,2026-10-02T12:00:00Z",
      "R2,T3,C,S2,C2,50.00,changed_mind,2026-10-02T13:00:00Z",
      "R3,T1,A,S1,C1,1.10,changed_mind,2026-10-02T14:00:00Z"
    ].join("\n") + "\n"
  );
});

afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Rows of a cube table as plain objects, the way the page reads them (through Arrow). */
function rows(columns: Columns): Record<string, unknown>[] {
  return tableRows(makeTable(columns, {source: "test", asOf: null}));
}

async function duckdb(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

// DuckDB reads the same CSV with exact decimals: the independent oracle for every measure. Rows whose
// store or product is not in the dimension files are left out, as ingest rejects them.
const sources = (d: string) => `
  stores AS (SELECT * FROM read_csv('${d}/store_locations.csv', header = true, all_varchar = true)),
  products AS (SELECT * FROM read_csv('${d}/product_catalog.csv', header = true, all_varchar = true)),
  t AS (SELECT t.*, t.quantity * t.unit_price - t.discount AS amount, p.category
        FROM read_csv('${d}/transactions.csv', header = true, columns = {'transaction_id': 'VARCHAR', 'timestamp': 'TIMESTAMP',
          'store_id': 'VARCHAR', 'product_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'quantity': 'INTEGER',
          'unit_price': 'DECIMAL(18,2)', 'discount': 'DECIMAL(18,2)', 'payment_method': 'VARCHAR'}) t
        JOIN products p USING (product_id) JOIN stores s USING (store_id)),
  r AS (SELECT r.* FROM read_csv('${d}/refunds.csv', header = true, columns = {'refund_id': 'VARCHAR', 'original_transaction_id': 'VARCHAR',
          'product_id': 'VARCHAR', 'store_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'refund_amount': 'DECIMAL(18,2)',
          'reason': 'VARCHAR', 'timestamp': 'TIMESTAMP'}) r
        JOIN products p USING (product_id) JOIN stores s USING (store_id))`;

const expectedDaily = (d: string) => `WITH ${sources(d)}
  SELECT epoch_ms(date_trunc('day', timestamp))::DOUBLE AS day, store_id AS store, category, payment_method AS payment,
    sum(amount)::DOUBLE AS revenue, sum(quantity)::DOUBLE AS units, count(*)::INTEGER AS lines, count(DISTINCT transaction_id)::INTEGER AS transactions
  FROM t GROUP BY ALL ORDER BY day, store, category, payment`;

// A transaction belongs to the hour, store and payment of its lines (one value each in these data, checked below).
const expectedHourly = (d: string) => `WITH ${sources(d)}
  SELECT epoch_ms(date_trunc('hour', timestamp))::DOUBLE AS hour, store_id AS store, payment_method AS payment,
    count(DISTINCT transaction_id)::INTEGER AS transactions, sum(amount)::DOUBLE AS revenue, count(*)::INTEGER AS lines
  FROM t GROUP BY ALL ORDER BY hour, store, payment`;

const expectedProducts = (d: string) => `WITH ${sources(d)}
  SELECT epoch_ms(date_trunc('day', timestamp))::DOUBLE AS day, store_id AS store, product_id AS product,
    sum(amount)::DOUBLE AS revenue, sum(quantity)::DOUBLE AS units, count(*)::INTEGER AS lines
  FROM t GROUP BY ALL ORDER BY day, store, product`;

const expectedRefunds = (d: string) => `WITH ${sources(d)}
  SELECT epoch_ms(date_trunc('day', timestamp))::DOUBLE AS day, store_id AS store, product_id AS product, reason,
    sum(refund_amount)::DOUBLE AS amount, count(*)::INTEGER AS refunds
  FROM r GROUP BY ALL ORDER BY day, store, product, reason`;

/** Cube rows with timestamps as numbers, comparable with DuckDB's. */
const plain = (list: Record<string, unknown>[]) => list.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));

describe("readSalesCube(dir)", () => {
  for (const [name, d] of [
    ["hand-made edge cases", () => handmade],
    ["generated sample data", () => generated]
  ] as const) {
    test(`matches DuckDB over the same CSV, table by table (${name})`, async () => {
      const cube = await readSalesCube(d());
      expect(plain(rows(cube.salesDaily))).toEqual(plain(await duckdb(expectedDaily(d()))));
      expect(plain(rows(cube.transactionsHourly))).toEqual(plain(await duckdb(expectedHourly(d()))));
      expect(plain(rows(cube.productsDaily))).toEqual(plain(await duckdb(expectedProducts(d()))));
      expect(plain(rows(cube.refundsDaily))).toEqual(plain(await duckdb(expectedRefunds(d()))));
    });
  }

  test("a transaction's lines share its hour, store and payment in the generated data (what the hourly oracle assumes)", async () => {
    const [row] = await duckdb(`WITH ${sources(generated)} SELECT max(n)::INTEGER AS n FROM (
      SELECT transaction_id, count(DISTINCT (date_trunc('hour', timestamp), store_id, payment_method)) AS n FROM t GROUP BY 1)`);
    expect(row.n).toBe(1);
  });

  test("counts a basket once per category it touches, and rejects the product missing from the catalog", async () => {
    const cube = await readSalesCube(handmade);
    const daily = rows(cube.salesDaily);
    const oct1 = Date.UTC(2026, 9, 1);
    // T1 has two Grocery lines and one Electronics line: one transaction in each category's row.
    expect(daily.filter((r) => r.day === oct1 && r.store === "S1" && r.payment === "card").map((r) => [r.category, r.transactions, r.revenue])).toEqual([
      ["Electronics", 1, 89.99],
      ["Grocery", 1, 4.2]
    ]);
    // T4 (product Z) is rejected: S2 on 2 October has only T5's line.
    expect(daily.filter((r) => r.store === "S2" && r.day === oct1 + 86_400_000).map((r) => r.lines)).toEqual([1]);
    expect(cube.rejected).toBe(1);
    expect(cube.inputRows).toEqual({sales: 6, refunds: 3});
    expect(cube.asOf).toBe(Date.UTC(2026, 9, 2, 14));
  });

  test("sums fractional quantities exactly (weights: 0.1 + 0.2 kg is 0.3, not 0.30000000000000004 or a truncated 0)", async () => {
    const weights = join(dir, "weights");
    execFileSync("mkdir", ["-p", weights]);
    writeFileSync(
      join(weights, "transactions.csv"),
      [
        "transaction_id,timestamp,store_id,product_id,customer_id,quantity,unit_price,discount,payment_method",
        "W1,2026-10-01T09:00:00Z,S1,Apples,,0.1,3.00,0.00,card",
        "W2,2026-10-01T09:05:00Z,S1,Apples,,0.2,3.00,0.00,card",
        "W3,2026-10-01T09:10:00Z,S1,Apples,,1.255,3.00,0.00,card"
      ].join("\n") + "\n"
    );
    const cube = await readSalesCube(weights);
    expect(rows(cube.productsDaily).map((r) => r.units)).toEqual([1.555]);
    expect(rows(cube.salesDaily).map((r) => r.units)).toEqual([1.555]);
  });
});
