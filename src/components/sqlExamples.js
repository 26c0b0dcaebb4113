import {arrowRows} from "./liveView.js";

/**
 * Example queries for the SQL explorer, one per kind of table. An example may carry `snapshot`:
 * the same query in JavaScript over the Arrow tables ({totals, stores, ...}), returning what
 * resultRows() makes of DuckDB's answer, so the explorer can show the first result while DuckDB-WASM
 * starts (test/browser/pages/snapshotAgreement.test.ts holds the two to the same answer).
 */
export const sqlExamples = [
  {label: "Live revenue by store", sql: "SELECT store, sum(revenue) AS revenue, sum(lines) AS lines\nFROM live\nGROUP BY store\nORDER BY revenue DESC"},
  {label: "Rows in live", sql: "SELECT count(*) AS rows, max(event_time) AS newest_event, max(received_at) AS received\nFROM live"},
  {label: "Revenue by store", sql: "SELECT t.key AS store, s.name, t.revenue, t.refund_amount, t.net_revenue\nFROM totals t JOIN stores s ON s.store = t.key\nWHERE t.dimension = 'store'\nORDER BY t.revenue DESC", snapshot: revenueByStore},
  {label: "Daily revenue by region", sql: "SELECT s.day, st.region, SUM(s.revenue)::DOUBLE AS revenue\nFROM sales_daily s JOIN stores st USING (store)\nGROUP BY ALL\nORDER BY s.day, st.region"},
  {label: "Transactions per hour of day", sql: "SELECT hour(hour) AS hour_of_day, SUM(transactions)::DOUBLE AS transactions\nFROM transactions_hourly\nGROUP BY ALL\nORDER BY hour_of_day"},
  {label: "Strongest rules", sql: "SELECT array_to_string(antecedent, ' + ') AS if_bought, array_to_string(consequent, ' + ') AS then_buy, lift, confidence, count\nFROM rules\nORDER BY lift DESC\nLIMIT 20"},
  {label: "Customers per segment", sql: "SELECT segment, count(*) AS customers, avg(monetary) AS average_spend\nFROM customers\nGROUP BY segment\nORDER BY customers DESC"},
  {label: "Reorders by store", sql: "SELECT store, count(*) FILTER (WHERE alert = 'urgent') AS urgent, count(*) FILTER (WHERE alert = 'soon') AS soon\nFROM inventory\nGROUP BY store\nORDER BY urgent DESC"},
  {label: "Alerts by kind", sql: "SELECT kind, severity, count(*) AS alerts\nFROM alerts\nGROUP BY ALL\nORDER BY alerts DESC"},
  {label: "Latest hardware readings", sql: "SELECT metric, key, arg_max(value, time) AS value, any_value(unit) AS unit, arg_max(reason, time) AS reason\nFROM hardware\nGROUP BY metric, key\nORDER BY metric, key"}
];

/** The "Revenue by store" example without DuckDB: totals of dimension store joined to their store. */
function revenueByStore({totals, stores}) {
  const names = new Map(arrowRows(stores).map((s) => [s.store, s.name]));
  const rows = arrowRows(totals)
    .filter((t) => t.dimension === "store" && names.has(t.key))
    .map((t) => ({store: t.key, name: names.get(t.key), revenue: t.revenue, refund_amount: t.refund_amount, net_revenue: t.net_revenue}))
    .sort((a, b) => b.revenue - a.revenue);
  const type = (table, name) => String(table.schema.fields.find((f) => f.name === name).type);
  const columns = [
    {name: "store", kind: "string", type: type(totals, "key")},
    {name: "name", kind: "string", type: type(stores, "name")},
    ...["revenue", "refund_amount", "net_revenue"].map((name) => ({name, kind: "number", type: type(totals, name)}))
  ];
  return {columns, rows};
}
