/**
 * The queries of salesQueries.js in plain JavaScript over the Arrow tables themselves, so a page can
 * draw its first charts before DuckDB-WASM has started (fetching and compiling its ~35 MB of wasm
 * takes seconds on two cores). Same names, same filters, same rows in the same order: each function
 * takes `tables` ({sales_daily, transactions_hourly, products_daily, refunds_daily, stores, products}:
 * Arrow Tables, as loadTables() returns them) where salesQueries.js takes the DuckDBClient.
 * Times are epoch milliseconds, as DuckDB-WASM's TIMESTAMPs reach JavaScript through Framework's client.
 * Pages use it only for their initial filters and go through DuckDB SQL once a filter changes;
 * test/browser/pages/snapshotAgreement.test.ts checks that both answer alike.
 */
import {date} from "./format.js";

const DAY = 86_400_000;

/** Rows of an Arrow table with timestamps as epoch ms, memoized per table (every query rereads them). */
const cache = new WeakMap();
function rowsOf(table) {
  if (!table) return [];
  let rows = cache.get(table);
  if (rows) return rows;
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((name) => Array.from(table.getChild(name), (v) => (v instanceof Date ? +v : typeof v === "bigint" ? Number(v) : v)));
  rows = new Array(table.numRows);
  for (let i = 0; i < rows.length; ++i) {
    const row = {};
    for (let j = 0; j < names.length; ++j) row[names[j]] = columns[j][i];
    rows[i] = row;
  }
  cache.set(table, rows);
  return rows;
}

const byKey = (table, key) => new Map(rowsOf(table).map((r) => [r[key], r]));
const utc = (day) => Date.parse(`${day}T00:00:00Z`);

/**
 * The rows of `table` that pass the filters, as salesQueries.js's WHERE clause reads them: the day
 * (or hour) within [from, to + 1 day), the store's region and id, and the category (the row's own,
 * or its product's with "unknown" for a product not in the catalogue).
 */
function filtered(tables, name, f, {category = "own", time = "day"} = {}) {
  const stores = byKey(tables.stores, "store");
  const products = category === "product" ? byKey(tables.products, "product") : null;
  const from = utc(f.from);
  const to = utc(f.to) + DAY;
  return rowsOf(tables[name]).filter((r) => {
    if (!(r[time] >= from && r[time] < to)) return false;
    if (f.region && stores.get(r.store)?.region !== f.region) return false;
    if (f.store && r.store !== f.store) return false;
    if (category && f.category) {
      const c = category === "product" ? products.get(r.product)?.category ?? "unknown" : r.category;
      if (c !== f.category) return false;
    }
    return true;
  });
}

/** Groups rows by key(row), keeping the first row of each group and summing the listed columns. */
function sumBy(rows, key, columns) {
  const groups = new Map();
  for (const r of rows) {
    const k = key(r);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = {first: r, sums: Object.fromEntries(columns.map((c) => [c, 0]))}));
    for (const c of columns) g.sums[c] += r[c];
  }
  return Array.from(groups.values());
}

/** SQL's ORDER BY for JavaScript: comparators applied in turn (strings compare by code unit, as DuckDB's binary collation does). */
const order = (...comparators) => (a, b) => {
  for (const compare of comparators) {
    const c = compare(a, b);
    if (c) return c;
  }
  return 0;
};
const asc = (key) => (a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0);
const desc = (key) => (a, b) => asc(key)(b, a);

/** date_trunc('week' | 'month' | 'day', t) in UTC; DuckDB's weeks start on Monday. */
function truncate(t, period) {
  const d = new Date(t);
  if (period === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const day = Math.floor(t / DAY) * DAY;
  return period === "week" ? day - ((d.getUTCDay() + 6) % 7) * DAY : day;
}

export function revenueByStore(tables, f) {
  const stores = byKey(tables.stores, "store");
  return sumBy(filtered(tables, "sales_daily", f), (r) => r.store, ["revenue", "units", "lines"])
    .map(({first, sums}) => {
      const st = stores.get(first.store);
      return {store: first.store, name: st?.name ?? null, region: st?.region ?? "unknown", ...sums, size_sqft: st?.size_sqft ?? null};
    })
    .sort(desc("revenue"));
}

export function revenueBy(tables, f, column) {
  if (column !== "category" && column !== "payment") throw new Error(`invalid column: ${column}`);
  return sumBy(filtered(tables, "sales_daily", f), (r) => r[column], ["revenue", "units", "lines"])
    .map(({first, sums}) => ({[column]: first[column], ...sums}))
    .sort(desc("revenue"));
}

export function topProducts(tables, f, limit = 15) {
  const products = byKey(tables.products, "product");
  return sumBy(filtered(tables, "products_daily", f, {category: "product"}), (r) => r.product, ["revenue", "units"])
    .map(({first, sums}) => {
      const p = products.get(first.product);
      return {product: first.product, name: p?.name ?? first.product, category: p?.category ?? "unknown", ...sums};
    })
    .sort(order(desc("revenue"), asc("product")))
    .slice(0, Number(limit));
}

export function revenueByPeriod(tables, f, period = "week") {
  if (period !== "week" && period !== "month" && period !== "day") throw new Error(`invalid period: ${period}`);
  const stores = byKey(tables.stores, "store");
  return sumBy(filtered(tables, "sales_daily", f), (r) => `${truncate(r.day, period)} ${r.store}`, ["revenue"])
    .map(({first, sums}) => ({period: truncate(first.day, period), store: first.store, name: stores.get(first.store)?.name ?? first.store, ...sums}))
    .sort(order(asc("period"), asc("store")));
}

export function cumulativeRevenue(tables, f) {
  const stores = byKey(tables.stores, "store");
  const daily = sumBy(filtered(tables, "sales_daily", f), (r) => `${r.day} ${stores.get(r.store)?.region ?? "unknown"}`, ["revenue"])
    .map(({first, sums}) => ({day: first.day, region: stores.get(first.store)?.region ?? "unknown", revenue: sums.revenue}))
    .sort(order(asc("day"), asc("region")));
  const running = new Map();
  return daily.map((r) => {
    const cumulative = (running.get(r.region) ?? 0) + r.revenue;
    running.set(r.region, cumulative);
    return {...r, cumulative};
  });
}

export function transactionVolume(tables, f) {
  const [name, time, grain] = f.category ? ["sales_daily", "day", "day"] : ["transactions_hourly", "hour", "hour"];
  return sumBy(filtered(tables, name, f, {category: f.category ? "own" : false, time}), (r) => r[time], ["transactions"])
    .map(({first, sums}) => ({time: first[time], transactions: sums.transactions, grain}))
    .sort(asc("time"));
}

export function salesSummary(tables, f) {
  const rows = filtered(tables, "sales_daily", f);
  // SUM over no rows is NULL in SQL.
  const sum = (c) => (rows.length ? rows.reduce((s, r) => s + r[c], 0) : null);
  const sales = {revenue: sum("revenue"), units: sum("units"), lines: sum("lines")};
  const transactions = transactionVolume(tables, f).reduce((n, r) => n + r.transactions, 0);
  return {...sales, transactions, averageOrder: transactions && !f.category ? sales.revenue / transactions : null};
}

export function refundsByReason(tables, f) {
  // As the SQL: a refund without a reason is "not given".
  const reason = (r) => r.reason || "not given";
  return sumBy(filtered(tables, "refunds_daily", f, {category: "product"}), reason, ["amount", "refunds"])
    .map(({first, sums}) => ({reason: reason(first), ...sums}))
    .sort(desc("amount"));
}

export function refundRates(tables, f, by = "product", limit = 20) {
  if (by !== "product" && by !== "store") throw new Error(`invalid refund rate grouping: ${by}`);
  const names = by === "product" ? byKey(tables.products, "product") : byKey(tables.stores, "store");
  const refunds = new Map(
    sumBy(filtered(tables, "refunds_daily", f, {category: "product"}), (r) => r[by], ["amount", "refunds"]).map(({first, sums}) => [first[by], sums])
  );
  return sumBy(filtered(tables, "products_daily", f, {category: "product"}), (r) => r[by], ["revenue", "lines"])
    .filter(({sums}) => sums.lines >= (by === "product" ? 20 : 1))
    .map(({first, sums}) => {
      const id = first[by];
      const {amount = 0, refunds: count = 0} = refunds.get(id) ?? {};
      return {id, name: names.get(id)?.name ?? id, revenue: sums.revenue, lines: sums.lines, amount, refunds: count, amount_rate: amount / sums.revenue, rate: count / sums.lines};
    })
    .sort(order(desc("amount_rate"), asc("id")))
    .slice(0, Number(limit));
}

export function grossVsNet(tables, f) {
  const days = new Map();
  const at = (day) => days.get(day) ?? days.set(day, {day, gross: 0, refunds: 0}).get(day);
  for (const r of filtered(tables, "sales_daily", f)) at(r.day).gross += r.revenue;
  for (const r of filtered(tables, "refunds_daily", f, {category: "product"})) at(r.day).refunds += r.amount;
  return Array.from(days.values())
    .sort(asc("day"))
    .map((d) => ({...d, net: d.gross - d.refunds}));
}

export function salesContext(tables) {
  const stores = rowsOf(tables.stores)
    .map(({store, name, city, region, size_sqft}) => ({store, name, city, region, size_sqft}))
    .sort(asc("store"));
  const sales = rowsOf(tables.sales_daily);
  const categories = [...new Set(sales.map((r) => r.category))].sort();
  let first = Infinity;
  let last = -Infinity;
  for (const {day} of sales) (first = Math.min(first, day)), (last = Math.max(last, day));
  return {stores, categories, first: sales.length ? first : null, last: sales.length ? last : null};
}

export function dailyRevenueByStore(tables, f) {
  const stores = byKey(tables.stores, "store");
  return sumBy(filtered(tables, "sales_daily", {...f, store: "", region: ""}), (r) => `${r.day} ${r.store}`, ["revenue"])
    .map(({first, sums}) => ({day: first.day, store: first.store, name: stores.get(first.store)?.name ?? first.store, ...sums}))
    .sort(order(asc("day"), asc("store")));
}

/**
 * Whether the filters are the page's initial ones (every day, every region, store and category, or
 * the page's own store), the only ones pages answer from the snapshot rather than DuckDB.
 */
export function initialFilters(f, context, fixed = {}) {
  return f.from === date(context.first) && f.to === date(context.last) && !f.region && !f.category && (f.store ?? "") === (fixed.store ?? "");
}
