/**
 * One shape for the live panels whether their data come from the bridge's WebSocket state or from
 * the Arrow snapshot files: rows named like the Arrow columns (snake_case), money in whole units,
 * times in epoch ms. Components then draw either without knowing which.
 *
 * view = {source: "live"|"snapshot", asOf, kpis, windows, totals, late, alerts, hardware, feed, tables}
 * (`tables`: the names the state has, so a page can tell "no rows yet" from "not sent by this bridge").
 */

const MONEY = new Set(["revenue", "refundAmount", "netRevenue", "grossRevenue", "refunds", "averageOrderValue", "amount"]);

/** camelCase → snake_case ("windowStart" → "window_start"). */
function snake(name) {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A wire row (cents, camelCase) as a snapshot row (whole units, snake_case). */
export function wireRow(row) {
  const out = {};
  for (const [name, value] of Object.entries(row)) out[snake(name)] = MONEY.has(name) && typeof value === "number" ? value / 100 : value;
  return out;
}

/** The view of a protocol ClientState (see protocol.ts); tables the bridge does not send are empty. */
export function stateView(state) {
  const rows = (name) => {
    const table = state.tables[name];
    return table ? Array.from(table.rows.values(), wireRow) : [];
  };
  const [kpis = null] = rows("kpis");
  return {
    source: "live",
    asOf: state.watermark,
    kpis,
    windows: rows("windows"),
    totals: rows("totals"),
    late: rows("late"),
    alerts: rows("alerts"),
    hardware: rows("hardware"),
    feed: rows("feed"),
    tables: Object.keys(state.tables)
  };
}

/** Rows of an Arrow table as plain objects (timestamps as epoch ms). */
export function arrowRows(table) {
  if (!table) return [];
  const fields = table.schema.fields.map((f) => f.name);
  const columns = fields.map((name) => table.getChild(name));
  const rows = new Array(table.numRows);
  for (let i = 0; i < table.numRows; ++i) {
    const row = {};
    for (let j = 0; j < fields.length; ++j) {
      const value = columns[j].get(i);
      row[fields[j]] = value instanceof Date ? +value : typeof value === "bigint" ? Number(value) : value;
    }
    rows[i] = row;
  }
  return rows;
}

/** Schema metadata value (Arrow keeps strings); null when absent. */
export function metadata(table, key) {
  return table?.schema.metadata.get(key) ?? null;
}

/** The view of the snapshot files (data/aggregates/*.arrow); `asOf` is the snapshot's watermark. */
export function snapshotView({kpis, windows, totals, late, alerts = null, hardware = null}) {
  const asOf = metadata(kpis, "as_of_ms");
  return {
    source: "snapshot",
    producer: metadata(kpis, "source"),
    asOf: asOf ? Number(asOf) : null,
    kpis: arrowRows(kpis)[0] ?? null,
    windows: arrowRows(windows),
    totals: arrowRows(totals),
    late: arrowRows(late),
    alerts: arrowRows(alerts),
    hardware: arrowRows(hardware),
    feed: [],
    tables: []
  };
}
