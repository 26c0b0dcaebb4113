/**
 * Alerts from both producers in one shape: the batch file (data/alerts/alerts.arrow, written by
 * `pulse alerts`) and the bridge's live `alerts` table (revenue spikes and drops, stock-outs and
 * hardware thresholds, as it raises them; business alerts are worded by the same loaders/alerts code).
 * Row: {id, time, severity, kind, subject, store, message, value, threshold, source: "batch"|"live"}.
 */

export const SEVERITIES = ["critical", "warning", "info"];

/** Every alert kind either producer raises (a fixed list, so filters do not reset as live alerts arrive). */
export const KINDS = ["revenue_drop", "revenue_spike", "stockout", "slow_product", "weak_store", "hardware"];

export function batchAlerts(rows) {
  return rows.map((a) => ({
    id: a.id,
    time: a.time,
    severity: a.severity,
    kind: a.kind,
    subject: a.subject_name ?? a.subject_id,
    store: a.store ?? null,
    message: a.message,
    value: a.value,
    threshold: a.threshold,
    source: "batch"
  }));
}

export function liveAlerts(rows) {
  return rows.map((a) => ({id: a.id, time: a.time, severity: a.severity, kind: a.kind, subject: a.subject, store: a.store ?? null, message: a.message, value: a.value, threshold: a.threshold, source: "live"}));
}

/** Live alerts first (newest first), then the batch ones by severity and time. */
export function mergeAlerts(batch, live = []) {
  const rank = (a) => SEVERITIES.indexOf(a.severity);
  const seen = new Set(live.map((a) => a.id));
  return [...[...live].sort((a, b) => b.time - a.time), ...batch.filter((a) => !seen.has(a.id)).sort((a, b) => rank(a) - rank(b) || b.time - a.time || (a.id < b.id ? -1 : 1))];
}

/**
 * The alerts the filters keep: severities (a list), kind and store ("" = all), and a search in
 * the subject and message (any case).
 */
export function filterAlerts(alerts, {severities = SEVERITIES, kind = "", store = "", search = ""} = {}) {
  const needle = search.trim().toLowerCase();
  return alerts.filter(
    (a) =>
      severities.includes(a.severity) &&
      (!kind || a.kind === kind) &&
      (!store || a.store === store) &&
      (!needle || `${a.subject ?? ""} ${a.message}`.toLowerCase().includes(needle))
  );
}
