/**
 * Helpers over the tidy hardware rows ({time, metric, key, value, unit, source, reason}; see
 * docs/hardware.md), from the snapshot file or the bridge's `hardware` table.
 */

/** The newest reading of each metric and key: Map "metric|key" → row. */
export function latestReadings(rows) {
  const latest = new Map();
  for (const row of rows) {
    const id = `${row.metric}|${row.key ?? ""}`;
    const seen = latest.get(id);
    if (!seen || row.time >= seen.time) latest.set(id, row);
  }
  return latest;
}

/** The newest reading of one metric (and key), or null when the data never had it. */
export function reading(latest, metric, key = null) {
  return latest.get(`${metric}|${key ?? ""}`) ?? null;
}

/** Every newest reading of a metric, one per key, ordered by key (cores numerically). */
export function readingsOf(latest, metric) {
  return [...latest.values()].filter((r) => r.metric === metric).sort((a, b) => String(a.key).localeCompare(String(b.key), "en", {numeric: true}));
}

/** Measured values of some metrics over time, labelled for a chart legend: [{time, value, label}]. */
export function history(rows, labels) {
  return rows.filter((r) => r.value != null && labels[r.metric] !== undefined).map((r) => ({time: r.time, value: r.value, label: labels[r.metric] + (r.key ? ` ${r.key}` : "")})).sort((a, b) => a.time - b.time);
}
