import {execFileSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {fromArrow, tableRows} from "../../../loaders/io/arrow.ts";

/** Shared by the oracle tests: generated inputs, a DuckDB connection, and the SQL GROUP BY oracle. */

export const root = resolve(import.meta.dirname, "../../..");
export const pulse = resolve(root, "bin/pulse.js");

/** Runs `pulse generate` (the generator engineer's CLI) into `out`. */
export function generate(out: string, ...args: string[]): void {
  execFileSync(process.execPath, [pulse, "generate", "--seed", "7", "--days", "3", "--transactions", "20000", "--out", out, ...args], {stdio: "pipe"});
}

export function arrowRows(path: string): Record<string, any>[] {
  return tableRows(fromArrow(readFileSync(path)));
}

export function arrowMeta(path: string): Map<string, string> {
  return fromArrow(readFileSync(path)).schema.metadata;
}

export async function duck(): Promise<{connection: DuckDBConnection; all: (sql: string) => Promise<Record<string, any>[]>; close: () => void}> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  // One thread: row_number() over () then follows the file order, which gives physical line numbers.
  await connection.run("SET threads = 1");
  return {
    connection,
    all: async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS(),
    close: () => {
      connection.closeSync();
      instance.closeSync();
    }
  };
}

const ms = (column: string) => `epoch_ms(strptime(${column}, '%Y-%m-%dT%H:%M:%SZ'))`;
const cents = (column: string) => `(${column}::DECIMAL(18, 2) * 100)::BIGINT`;

/**
 * Loads the generated CSVs into DuckDB tables: sales(line, ts, transaction_id, store_id, product_id,
 * customer_id, qty, cents, payment_method), refunds(line, ts, original_transaction_id, product_id,
 * store_id, cents), stores, products, inventory(line, ts). Only `csv` files that exist are loaded.
 */
export async function loadTables(all: (sql: string) => Promise<unknown>, files: {transactions: string; refunds?: string; stores?: string; products?: string; inventory?: string}): Promise<void> {
  const read = (path: string) => `read_csv('${path}', header = true, all_varchar = true)`;
  await all(`create or replace table sales as select line, ${ms("timestamp")} as ts, transaction_id, store_id, product_id, customer_id,
    quantity::BIGINT as qty, quantity::BIGINT * ${cents("unit_price")} - ${cents("discount")} as cents, payment_method
    from (select row_number() over () + 1 as line, * from ${read(files.transactions)})`);
  if (files.refunds) {
    await all(`create or replace table refunds as select line, ${ms("timestamp")} as ts, original_transaction_id, product_id, store_id, ${cents("refund_amount")} as cents
      from (select row_number() over () + 1 as line, * from ${read(files.refunds)})`);
  }
  if (files.inventory) await all(`create or replace table inventory as select line, ${ms("timestamp")} as ts from (select row_number() over () + 1 as line, * from ${read(files.inventory)})`);
  if (files.stores) await all(`create or replace table stores as select store_id, region from ${read(files.stores)}`);
  else await all(`create or replace table stores (store_id VARCHAR, region VARCHAR)`);
  if (files.products) await all(`create or replace table products as select product_id, category from ${read(files.products)}`);
  else await all(`create or replace table products (product_id VARCHAR, category VARCHAR)`);
}

const dimensionKeys: Record<string, string> = {
  all: "'all'",
  store: "store_id",
  region: "coalesce(region, 'unknown')",
  category: "coalesce(category, 'unknown')",
  product: "product_id",
  payment: "payment_method"
};

/**
 * The GROUP BY oracle. `windows(ts)` is a SQL expression giving the list of window starts of an
 * event (a one-element list for tumbling windows; [0] for totals). Sales come from `salesTable`,
 * refunds from `refundsTable` (with store_id and payment_method already attributed).
 * Returns "dimension|key|windowStart revenue units lines transactions customers refundAmount refundCount" strings.
 */
export async function groupBy(
  all: (sql: string) => Promise<Record<string, any>[]>,
  {dimensions, windows, salesTable, refundsTable}: {dimensions: string[]; windows: (ts: string) => string; salesTable: string; refundsTable?: string}
): Promise<string[]> {
  const parts = dimensions.map((dim) => {
    const key = dimensionKeys[dim];
    const sales = `select '${dim}' as dim, ${key} as key, unnest(${windows("ts")}) as ws, cents, qty, transaction_id, customer_id
      from ${salesTable} left join stores using (store_id) left join products using (product_id)`;
    const refunds = refundsTable
      ? `select '${dim}' as dim, ${key} as key, unnest(${windows("ts")}) as ws, cents from ${refundsTable} left join stores using (store_id) left join products using (product_id)`
      : `select '' as dim, '' as key, 0::BIGINT as ws, 0::BIGINT as cents where false`;
    return `select coalesce(s.dim, r.dim) as dim, coalesce(s.key, r.key) as key, coalesce(s.ws, r.ws) as ws,
        coalesce(s.revenue, 0) as revenue, coalesce(s.units, 0) as units, coalesce(s.lines, 0) as lines,
        coalesce(s.transactions, 0) as transactions, coalesce(s.customers, 0) as customers,
        coalesce(r.refund_amount, 0) as refund_amount, coalesce(r.refund_count, 0) as refund_count
      from (select dim, key, ws, sum(cents) as revenue, sum(qty) as units, count(*) as lines,
              count(distinct transaction_id) as transactions, count(distinct customer_id) as customers
            from (${sales}) group by all) s
      full outer join (select dim, key, ws, sum(cents) as refund_amount, count(*) as refund_count from (${refunds}) group by all) r
      on s.dim = r.dim and s.key = r.key and s.ws = r.ws`;
  });
  const rows = await all(parts.join("\nunion all\n"));
  return rows.map((row) => measuresLine(row.dim, row.key, Number(row.ws), row)).sort();
}

function measuresLine(dim: string, key: string, ws: number, m: Record<string, any>): string {
  const n = (v: unknown) => Number(v);
  return `${dim}|${key}|${ws} ${n(m.revenue)} ${n(m.units)} ${n(m.lines)} ${n(m.transactions)} ${n(m.customers)} ${n(m.refund_amount)} ${n(m.refund_count)}`;
}

/** The same strings from windows.arrow / totals.arrow rows (money back to exact cents). */
export function arrowLines(rows: Record<string, any>[], windowStart: (row: Record<string, any>) => number): string[] {
  const c = (units: number) => Math.round(units * 100);
  return rows
    .map((row) =>
      measuresLine(row.dimension, row.key, windowStart(row), {
        revenue: c(row.revenue),
        units: row.units,
        lines: row.lines,
        transactions: row.transactions,
        customers: row.customers,
        refund_amount: c(row.refund_amount),
        refund_count: row.refund_count
      })
    )
    .sort();
}
