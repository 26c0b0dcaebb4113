export type Severity = "critical" | "warning" | "info";
export type AlertKind = "slow_product" | "weak_store" | "revenue_spike" | "revenue_drop" | "stockout";

/** One business alert; `value` is the figure in the message, compared with `threshold` (and `baseline`). */
export interface Alert {
  /** Stable: the same inputs give the same ids (kind, subject and time). */
  id: string;
  severity: Severity;
  kind: AlertKind;
  subjectType: "store" | "product" | "store_product" | "all";
  subjectId: string;
  subjectName: string | null;
  storeId: string | null;
  productId: string | null;
  message: string;
  value: number;
  threshold: number | null;
  baseline: number | null;
  /** Epoch ms the alert is about (the window start, or the as-of time). */
  time: number;
}

export function alertId(kind: AlertKind, subjectId: string, time: number): string {
  return `${kind}:${subjectId}:${new Date(time).toISOString()}`;
}

const rank: Record<Severity, number> = {critical: 0, warning: 1, info: 2};

/** Most severe first, then newest, then id (a total order, so output is deterministic). */
export function sortAlerts(alerts: Alert[]): Alert[] {
  return alerts.sort((a, b) => rank[a.severity] - rank[b.severity] || b.time - a.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Figures in messages: integers as is, others with up to `digits` decimals. */
export function fmt(value: number, digits = 1): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

export function money(cents: number): string {
  return (cents / 100).toLocaleString("en-GB", {minimumFractionDigits: 2, maximumFractionDigits: 2});
}
