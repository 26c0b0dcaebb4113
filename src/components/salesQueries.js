/**
 * The SQL behind the sales, store and refund pages, over the tables of data/aggregates/
 * (loaders/aggregates/salesCube.ts). Every query takes the same filters and applies all of them:
 *   {from: "YYYY-MM-DD", to: "YYYY-MM-DD" (inclusive), region: "" | name, store: "" | id, category: "" | name}
 * ("" means all). Sums are cast to DOUBLE: DuckDB returns HUGEINT/DECIMAL sums as BigInt or
 * Decimal objects, which Plot silently drops.
 */

const where = (alias, {category = true, time = "day"} = {}) => `${alias}.${time} >= CAST(? AS TIMESTAMP) AND ${alias}.${time} < CAST(? AS TIMESTAMP) + INTERVAL 1 DAY
  AND (? = '' OR st.region = ?) AND (? = '' OR ${alias}.store = ?)${category ? ` AND (? = '' OR ${category === true ? `${alias}.category` : category} = ?)` : ""}`;

function params(f, {category = true} = {}) {
  const p = [f.from, f.to, f.region ?? "", f.region ?? "", f.store ?? "", f.store ?? ""];
  if (category) p.push(f.category ?? "", f.category ?? "");
  return p;
}

const rows = async (db, query, values) => Array.from(await db.query(query, values), (row) => row.toJSON());

/** Revenue, units, lines per store (with its name and region). */
export function revenueByStore(db, f) {
  return rows(
    db,
    `SELECT s.store, st.name, coalesce(st.region, 'unknown') AS region, SUM(s.revenue)::DOUBLE AS revenue,
       SUM(s.units)::DOUBLE AS units, SUM(s.lines)::DOUBLE AS lines, any_value(st.size_sqft) AS size_sqft
     FROM sales_daily s LEFT JOIN stores st USING (store) WHERE ${where("s")}
     GROUP BY ALL ORDER BY revenue DESC`,
    params(f)
  );
}

/** Revenue, units and lines by one column of sales_daily ("category" or "payment"), largest first. */
export function revenueBy(db, f, column) {
  if (column !== "category" && column !== "payment") throw new Error(`invalid column: ${column}`);
  return rows(
    db,
    `SELECT s.${column}, SUM(s.revenue)::DOUBLE AS revenue, SUM(s.units)::DOUBLE AS units, SUM(s.lines)::DOUBLE AS lines
     FROM sales_daily s LEFT JOIN stores st USING (store) WHERE ${where("s")}
     GROUP BY ALL ORDER BY revenue DESC`,
    params(f)
  );
}

/** The `limit` best-selling products by revenue. */
export function topProducts(db, f, limit = 15) {
  return rows(
    db,
    `SELECT s.product, coalesce(p.name, s.product) AS name, coalesce(p.category, 'unknown') AS category,
       SUM(s.revenue)::DOUBLE AS revenue, SUM(s.units)::DOUBLE AS units
     FROM products_daily s LEFT JOIN stores st USING (store) LEFT JOIN products p USING (product)
     WHERE ${where("s", {category: "coalesce(p.category, 'unknown')"})}
     GROUP BY ALL ORDER BY revenue DESC, s.product LIMIT ${Number(limit)}`,
    params(f)
  );
}

/** Revenue per store and period ("week" starts on Monday, "month"), periods as Dates. */
export function revenueByPeriod(db, f, period = "week") {
  if (period !== "week" && period !== "month" && period !== "day") throw new Error(`invalid period: ${period}`);
  return rows(
    db,
    `SELECT date_trunc('${period}', s.day) AS period, s.store, coalesce(st.name, s.store) AS name, SUM(s.revenue)::DOUBLE AS revenue
     FROM sales_daily s LEFT JOIN stores st USING (store) WHERE ${where("s")}
     GROUP BY ALL ORDER BY period, s.store`,
    params(f)
  );
}

/** Cumulative revenue per region over days. */
export function cumulativeRevenue(db, f) {
  return rows(
    db,
    `WITH daily AS (
       SELECT s.day, coalesce(st.region, 'unknown') AS region, SUM(s.revenue)::DOUBLE AS revenue
       FROM sales_daily s LEFT JOIN stores st USING (store) WHERE ${where("s")} GROUP BY ALL)
     SELECT day, region, revenue, SUM(revenue) OVER (PARTITION BY region ORDER BY day)::DOUBLE AS cumulative
     FROM daily ORDER BY day, region`,
    params(f)
  );
}

/**
 * Transactions per hour. Without a category filter from transactions_hourly (a transaction counted
 * once); with one, transactions containing that category, per day (sales_daily's grain).
 */
export function transactionVolume(db, f) {
  if (f.category)
    return rows(
      db,
      `SELECT s.day AS time, SUM(s.transactions)::DOUBLE AS transactions, 'day' AS grain
       FROM sales_daily s LEFT JOIN stores st USING (store) WHERE ${where("s")} GROUP BY ALL ORDER BY time`,
      params(f)
    );
  return rows(
    db,
    `SELECT s.hour AS time, SUM(s.transactions)::DOUBLE AS transactions, 'hour' AS grain
     FROM transactions_hourly s LEFT JOIN stores st USING (store)
     WHERE ${where("s", {category: false, time: "hour"})} GROUP BY ALL ORDER BY time`,
    params(f, {category: false})
  );
}

/** Headline figures under the filters: revenue, units, lines, transactions (see transactionVolume). */
export async function salesSummary(db, f) {
  const [sales] = await rows(
    db,
    `SELECT SUM(s.revenue)::DOUBLE AS revenue, SUM(s.units)::DOUBLE AS units, SUM(s.lines)::DOUBLE AS lines
     FROM sales_daily s LEFT JOIN stores st USING (store) WHERE ${where("s")}`,
    params(f)
  );
  const volume = await transactionVolume(db, f);
  const transactions = volume.reduce((n, r) => n + r.transactions, 0);
  return {...sales, transactions, averageOrder: transactions && !f.category ? sales.revenue / transactions : null};
}

/** Refund amount and count by reason (refunds are filtered by their own date). */
export function refundsByReason(db, f) {
  return rows(
    db,
    // A refund without a reason (a refunds file without the column, a return read from the sales file) is "not given".
    `SELECT coalesce(nullif(r.reason, ''), 'not given') AS reason, SUM(r.amount)::DOUBLE AS amount, SUM(r.refunds)::DOUBLE AS refunds
     FROM refunds_daily r LEFT JOIN stores st USING (store) LEFT JOIN products p USING (product)
     WHERE ${where("r", {category: "coalesce(p.category, 'unknown')"})}
     GROUP BY ALL ORDER BY amount DESC`,
    params(f)
  );
}

/**
 * Refund rate per product or store: refunded amount / gross sales and refunds / sale lines in the
 * same period (a refund counts on its own date, so a rate near the period's start can exceed what
 * the period's sales alone would give).
 */
export function refundRates(db, f, by = "product", limit = 20) {
  if (by !== "product" && by !== "store") throw new Error(`invalid refund rate grouping: ${by}`);
  const names = by === "product" ? "LEFT JOIN products n ON n.product = x.id" : "LEFT JOIN stores n ON n.store = x.id";
  return rows(
    db,
    `WITH sales AS (
       SELECT s.${by} AS id, SUM(s.revenue)::DOUBLE AS revenue, SUM(s.lines)::DOUBLE AS lines
       FROM products_daily s LEFT JOIN stores st USING (store) LEFT JOIN products p USING (product)
       WHERE ${where("s", {category: "coalesce(p.category, 'unknown')"})} GROUP BY ALL),
     refunds AS (
       SELECT r.${by} AS id, SUM(r.amount)::DOUBLE AS amount, SUM(r.refunds)::DOUBLE AS refunds
       FROM refunds_daily r LEFT JOIN stores st USING (store) LEFT JOIN products p USING (product)
       WHERE ${where("r", {category: "coalesce(p.category, 'unknown')"})} GROUP BY ALL)
     SELECT x.id, coalesce(n.name, x.id) AS name, x.revenue, x.lines, coalesce(y.amount, 0) AS amount, coalesce(y.refunds, 0) AS refunds,
       coalesce(y.amount, 0) / x.revenue AS amount_rate, coalesce(y.refunds, 0) / x.lines AS rate
     FROM sales x LEFT JOIN refunds y USING (id) ${names}
     WHERE x.lines >= ${by === "product" ? 20 : 1}
     ORDER BY amount_rate DESC, x.id LIMIT ${Number(limit)}`,
    [...params(f), ...params(f)]
  );
}

/** Gross sales and refunds per day, and net = gross − refunds. */
export function grossVsNet(db, f) {
  return rows(
    db,
    `WITH gross AS (
       SELECT s.day, SUM(s.revenue)::DOUBLE AS gross FROM sales_daily s LEFT JOIN stores st USING (store) WHERE ${where("s")} GROUP BY ALL),
     refunded AS (
       SELECT r.day, SUM(r.amount)::DOUBLE AS refunds FROM refunds_daily r LEFT JOIN stores st USING (store) LEFT JOIN products p USING (product)
       WHERE ${where("r", {category: "coalesce(p.category, 'unknown')"})} GROUP BY ALL)
     SELECT day, coalesce(gross, 0) AS gross, coalesce(refunds, 0) AS refunds, coalesce(gross, 0) - coalesce(refunds, 0) AS net
     FROM gross FULL JOIN refunded USING (day) ORDER BY day`,
    [...params(f), ...params(f)]
  );
}

/** What the filters offer: stores (id, name, city, region), categories and the days with data. */
export async function salesContext(db) {
  const [stores, categories, [span]] = await Promise.all([
    rows(db, "SELECT store, name, city, region, size_sqft FROM stores ORDER BY store"),
    rows(db, "SELECT DISTINCT category FROM sales_daily ORDER BY category"),
    rows(db, "SELECT min(day) AS first, max(day) AS last FROM sales_daily")
  ]);
  return {stores, categories: categories.map((c) => c.category), first: span.first, last: span.last};
}

/** Daily revenue of every store (for a store's trend against its peers). */
export function dailyRevenueByStore(db, f) {
  return rows(
    db,
    `SELECT s.day, s.store, coalesce(st.name, s.store) AS name, SUM(s.revenue)::DOUBLE AS revenue
     FROM sales_daily s LEFT JOIN stores st USING (store) WHERE ${where("s")}
     GROUP BY ALL ORDER BY s.day, s.store`,
    params({...f, store: "", region: ""})
  );
}
