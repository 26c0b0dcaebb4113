import {createReadStream} from "node:fs";
import {createInterface} from "node:readline";
import {DuckDBInstance} from "@duckdb/node-api";

/**
 * The windows `pulse aggregate` computes, recomputed with DuckDB over the same CSV: the sale
 * measures (revenue in cents, units, lines, distinct transactions, distinct customers) of every
 * (window, dimension, key). Refund attribution (to the original transaction's store and payment)
 * is not re-implemented here. Late sale lines are left out, like the engine leaves them out of
 * windows: their (transaction, product, time) come from the batch's late.arrow.
 */

export interface WindowQuery {
  transactions: string;
  stores?: string;
  products?: string;
  windowMs: number;
  dimensions: string[];
  /** Sale lines the engine found late. */
  late: {transactionId: string; productId: string; time: number}[];
}

const KEY: Record<string, string> = {
  all: "'all'",
  store: "store_id",
  region: "region",
  category: "category",
  product: "product_id",
  payment: "payment_method"
};

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

export function windowsSql(q: WindowQuery): string {
  const read = (path: string) => `read_csv(${sqlString(path)}, header = true, all_varchar = true)`;
  const stores = q.stores ? `select store_id, region from ${read(q.stores)}` : `select null::varchar as store_id, null::varchar as region where false`;
  const products = q.products ? `select product_id, category from ${read(q.products)}` : `select null::varchar as product_id, null::varchar as category where false`;
  const late = q.late.length
    ? `select * from (values ${q.late.map((l) => `(${sqlString(l.transactionId)}, ${sqlString(l.productId)}, ${l.time}::BIGINT)`).join(", ")}) late(transaction_id, product_id, ts)`
    : `select null::varchar as transaction_id, null::varchar as product_id, null::bigint as ts where false`;
  const sets = q.dimensions.map((d) => (d === "all" ? "(ws)" : `(ws, ${KEY[d]})`)).join(", ");
  // GROUPING() of a dimension's key column is 0 in that dimension's grouping set.
  const dim = `case ${q.dimensions
    .filter((d) => d !== "all")
    .map((d) => `when grouping(${KEY[d]}) = 0 then '${d}'`)
    .join(" ")} else 'all' end`;
  const key = `case ${q.dimensions
    .filter((d) => d !== "all")
    .map((d) => `when grouping(${KEY[d]}) = 0 then ${KEY[d]}`)
    .join(" ")} else 'all' end`;
  return `
    with s as (
      select epoch_ms(strptime(timestamp, '%Y-%m-%dT%H:%M:%SZ')) as ts, transaction_id, store_id, product_id,
        nullif(trim(customer_id), '') as customer_id, payment_method, quantity::BIGINT as qty,
        quantity::BIGINT * (unit_price::DECIMAL(18, 2) * 100)::BIGINT - (discount::DECIMAL(18, 2) * 100)::BIGINT as cents
      from ${read(q.transactions)}
    ),
    f as (
      select s.*, (s.ts // ${q.windowMs}) * ${q.windowMs} as ws, coalesce(st.region, 'unknown') as region, coalesce(p.category, 'unknown') as category
      from s left join (${stores}) st using (store_id) left join (${products}) p using (product_id)
      where not exists (select 1 from (${late}) l where l.transaction_id = s.transaction_id and l.product_id = s.product_id and l.ts = s.ts)
    )
    select ${dim} as dimension, ${key} as key, ws, sum(cents) as revenue, sum(qty) as units, count(*) as lines,
      count(distinct transaction_id) as transactions, count(distinct customer_id) as customers
    from f group by grouping sets (${sets})`;
}

/** Runs the query; returns "dimension|key|windowStart" → "revenue units lines transactions customers", and the time it took. */
export async function duckdbWindows(q: WindowQuery): Promise<{rows: Map<string, string>; ms: number}> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const started = performance.now();
    const result = await connection.runAndReadAll(windowsSql(q));
    const ms = performance.now() - started;
    const rows = new Map<string, string>();
    for (const r of result.getRowObjectsJS()) {
      rows.set(`${r.dimension}|${r.key}|${Number(r.ws)}`, `${Number(r.revenue)} ${Number(r.units)} ${Number(r.lines)} ${Number(r.transactions)} ${Number(r.customers)}`);
    }
    return {rows, ms};
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The same keys and measures from windows.arrow rows (money back to exact cents); rows without sales are skipped. */
export function arrowWindows(rows: Record<string, unknown>[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) {
    if (!(r.lines as number)) continue;
    out.set(`${r.dimension}|${r.key}|${r.window_start}`, `${Math.round((r.revenue as number) * 100)} ${r.units} ${r.lines} ${r.transactions} ${r.customers}`);
  }
  return out;
}

export function compareWindows(ours: Map<string, string>, theirs: Map<string, string>): {agree: boolean; rows: number; differences: string[]} {
  const differences: string[] = [];
  for (const [id, value] of ours) {
    const other = theirs.get(id);
    if (other !== value) differences.push(`${id}: pulse ${value}, duckdb ${other ?? "missing"}`);
  }
  for (const [id, value] of theirs) if (!ours.has(id)) differences.push(`${id}: pulse missing, duckdb ${value}`);
  return {agree: differences.length === 0, rows: ours.size, differences};
}

/** (transaction, product, time) of the given transactions.csv lines (clean data: one record per line). */
export async function saleLines(path: string, lines: Set<number>): Promise<{transactionId: string; productId: string; time: number}[]> {
  const out: {transactionId: string; productId: string; time: number}[] = [];
  if (!lines.size) return out;
  let n = 0;
  let header: string[] = [];
  for await (const text of createInterface({input: createReadStream(path), crlfDelay: Infinity})) {
    ++n;
    if (n === 1) header = text.split(",");
    else if (lines.has(n)) {
      const f = text.split(",");
      const get = (name: string) => f[header.indexOf(name)];
      out.push({transactionId: get("transaction_id"), productId: get("product_id"), time: Date.parse(get("timestamp"))});
    }
  }
  return out;
}
