import {rmSync} from "node:fs";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {FILES} from "../../../generator/generate.ts";
import {dailyUnits, DAY_MS} from "../../../loaders/inventory/dailyUnits.ts";
import {readInputs, type Inputs} from "../../../loaders/inventory/readInputs.ts";
import {RESTOCKING_REASONS, stockLevels} from "../../../loaders/inventory/stockLevels.ts";
import {generatedData} from "../../fixtures/inventory/generated.ts";

let dir = "";
let input: Inputs;
let query: (sql: string) => Promise<Record<string, unknown>[]>;
let close = () => {};

// A generated data set (stock-outs, restocks, audits, refunds) read by DuckDB as the oracle.
beforeAll(async () => {
  ({dir} = await generatedData({seed: 7, days: 21, transactions: 6000}));
  input = await readInputs({transactions: join(dir, FILES.transactions), refunds: join(dir, FILES.refunds), inventory: join(dir, FILES.inventory), products: join(dir, FILES.products)}, () => {});

  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  query = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  close = () => (connection.closeSync(), instance.closeSync());
  const csv = (file: string, columns: Record<string, string>) =>
    `read_csv('${join(dir, file)}', header = true, auto_detect = false, timestampformat = '%Y-%m-%dT%H:%M:%SZ', columns = ${JSON.stringify(columns).replaceAll('"', "'")})`;
  await connection.run(`create table sales as select row_number() over () as line, * from ${csv(FILES.transactions, {
    transaction_id: "VARCHAR", timestamp: "TIMESTAMP", store_id: "VARCHAR", product_id: "VARCHAR", customer_id: "VARCHAR",
    quantity: "INTEGER", unit_price: "DECIMAL(12,2)", discount: "DECIMAL(12,2)", payment_method: "VARCHAR"})}`);
  await connection.run(`create table refunds as select * from ${csv(FILES.refunds, {
    refund_id: "VARCHAR", original_transaction_id: "VARCHAR", product_id: "VARCHAR", store_id: "VARCHAR", customer_id: "VARCHAR",
    refund_amount: "DECIMAL(12,2)", reason: "VARCHAR", timestamp: "TIMESTAMP"})}`);
  await connection.run(`create table inventory as select row_number() over () as line, * from ${csv(FILES.inventory, {
    timestamp: "TIMESTAMP", store_id: "VARCHAR", product_id: "VARCHAR", event_type: "VARCHAR", quantity: "INTEGER"})}`);
  await connection.run(`create table products as select * from ${csv(FILES.products, {
    product_id: "VARCHAR", name: "VARCHAR", category: "VARCHAR", sub_category: "VARCHAR", brand: "VARCHAR",
    base_price: "DECIMAL(12,2)", starting_stock: "INTEGER", lead_time_days: "INTEGER"})}`);
});
afterAll(() => {
  close();
  if (dir) rmSync(dir, {recursive: true, force: true});
});

describe("stockLevels against DuckDB", () => {
  it("agrees on every store × product's book stock", async () => {
    const reasons = RESTOCKING_REASONS.map((r) => `'${r}'`).join(", ");
    const expected = await query(`
      with keys as (select distinct store_id, product_id from inventory union select distinct store_id, product_id from sales),
      last_count as (
        select store_id, product_id, quantity as start, timestamp as counted from inventory where event_type = 'stock_count'
        qualify row_number() over (partition by store_id, product_id order by timestamp desc, line desc) = 1),
      book as (select k.store_id, k.product_id, c.counted, coalesce(c.start, p.starting_stock, 0) as start
        from keys k left join last_count c using (store_id, product_id) left join products p using (product_id)),
      restocked as (select b.store_id, b.product_id, sum(i.quantity) as n from book b join inventory i using (store_id, product_id)
        where i.event_type = 'restock' and (b.counted is null or i.timestamp >= b.counted) group by all),
      sold as (select b.store_id, b.product_id, sum(s.quantity) as n from book b join sales s using (store_id, product_id)
        where b.counted is null or s.timestamp >= b.counted group by all),
      line as (select transaction_id, product_id, quantity, (quantity * unit_price - discount) * 100 as cents
        from sales qualify row_number() over (partition by transaction_id, product_id order by line) = 1),
      returned as (select b.store_id, b.product_id,
          sum(least(l.quantity, greatest(1, round((r.refund_amount * 100)::double / (l.cents::double / l.quantity))))) as n
        from refunds r join line l on l.transaction_id = r.original_transaction_id and l.product_id = r.product_id
        join book b on b.store_id = r.store_id and b.product_id = r.product_id
        where r.reason in (${reasons}) and (b.counted is null or r.timestamp >= b.counted) group by all)
      select b.store_id, b.product_id, greatest(0, b.start + coalesce(rs.n, 0) + coalesce(rt.n, 0) - coalesce(s.n, 0))::integer as on_hand,
        greatest(0, coalesce(s.n, 0) - b.start - coalesce(rs.n, 0) - coalesce(rt.n, 0))::integer as oversold
      from book b left join restocked rs using (store_id, product_id) left join sold s using (store_id, product_id)
        left join returned rt using (store_id, product_id)
      order by store_id, product_id`);
    const startingStock = new Map([...input.products!].map(([id, p]) => [id, p.startingStock!]));
    const {levels} = stockLevels({...input, startingStock});
    expect(levels.map((l) => ({store_id: l.storeId, product_id: l.productId, on_hand: l.onHand, oversold: l.oversold}))).toEqual(expected);
    // The data really runs out somewhere, and really returns goods.
    expect(levels.some((l) => l.onHand === 0)).toBe(true);
    expect(levels.reduce((a, l) => a + l.returned, 0)).toBeGreaterThan(0);
  });

  it("agrees on units sold per product per UTC day", async () => {
    const grid = dailyUnits(input.sales);
    const rows = await query(`select product_id, (epoch(date_trunc('day', timestamp)) * 1000)::bigint as day, sum(quantity)::integer as units,
      sum(case when discount > 0 then quantity else 0 end)::integer as discounted from sales group by all order by all`);
    const expected = new Map(rows.map((r) => [`${r.product_id}|${r.day}`, [r.units, r.discounted]]));
    let compared = 0;
    for (const p of grid.products) {
      const units = grid.units.get(p)!;
      const promo = grid.promo.get(p)!;
      for (let i = 0; i < grid.length; ++i) {
        const [u, d] = (expected.get(`${p}|${(grid.firstDay + i) * DAY_MS}`) ?? [0, 0]) as number[];
        expect([p, i, units[i]]).toEqual([p, i, u]);
        expect(promo[i]).toBeCloseTo(u ? d / u : 0, 12);
        ++compared;
      }
    }
    expect(compared).toBe(200 * 21);
  });
});
