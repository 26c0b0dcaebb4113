import {alertId, fmt, money, type Alert} from "./alert.ts";
import {named} from "./named.ts";

/** Revenue (cents) of one window of one key: a store id, or "all" for the whole chain. */
export interface WindowRevenue {
  key: string;
  windowStart: number;
  revenue: number;
}

export interface AnomalyOptions {
  windowMs: number;
  /** Seasonality: a window is compared with the windows one period, two periods… earlier (default: a week). */
  periodMs: number;
  /** How many earlier periods form the baseline, and how many must exist. */
  baselinePeriods: number;
  minBaseline: number;
  /** |score| at or above which a window is a warning / critical. */
  warningScore: number;
  criticalScore: number;
  /** The scale is at least this share of the baseline median (so a very steady hour is not hair-trigger)… */
  relativeFloor: number;
  /** …and at least this share of the key's mean window revenue (so quiet hours, median ≈ 0, stay quiet). */
  meanFloor: number;
  /** Only windows that ended by this time are judged (the last one may be partial). */
  asOf: number;
}

/**
 * Same hour (or day) of the same weekday over the previous 4 weeks: trading hours and footfall
 * differ by weekday (a short Sunday, busy Saturdays), so "the same hour yesterday" would call every
 * Sunday evening a drop. Two earlier weeks are enough to judge, so 30 days of data give 2–3 weeks.
 */
export const ANOMALY_DEFAULTS: Omit<AnomalyOptions, "asOf"> = {
  windowMs: 3_600_000,
  periodMs: 7 * 86_400_000,
  baselinePeriods: 4,
  minBaseline: 2,
  warningScore: 5,
  criticalScore: 8,
  relativeFloor: 0.15,
  meanFloor: 0.5
};

export interface WindowScore {
  key: string;
  windowStart: number;
  revenue: number;
  median: number;
  scale: number;
  score: number;
}

/**
 * Robust score of each window against the same window one period, two periods… earlier:
 *   score = (revenue − median) / max(1.4826 × MAD, relativeFloor × median, meanFloor × key mean).
 * 1.4826 × MAD estimates σ for normal data, and neither median nor MAD moves for one earlier anomaly.
 * Windows with no sale count as 0 revenue (a dead hour is exactly what a drop looks like).
 */
export function scoreWindows(rows: Iterable<WindowRevenue>, partial: Partial<AnomalyOptions> & {asOf: number}): WindowScore[] {
  const o = {...ANOMALY_DEFAULTS, ...partial};
  const byKey = new Map<string, Map<number, number>>();
  let first = Infinity;
  for (const r of rows) {
    let m = byKey.get(r.key);
    if (!m) byKey.set(r.key, (m = new Map()));
    m.set(r.windowStart, (m.get(r.windowStart) ?? 0) + r.revenue);
    if (r.windowStart < first) first = r.windowStart;
  }
  const last = Math.floor((o.asOf - o.windowMs) / o.windowMs) * o.windowMs; // the last window that ended by asOf
  const scores: WindowScore[] = [];
  if (first === Infinity) return scores;
  const windows = Math.max(0, Math.round((last - first) / o.windowMs) + 1);
  for (const [key, m] of byKey) {
    let total = 0;
    for (const v of m.values()) total += v;
    const mean = total / Math.max(1, windows);
    for (let w = first; w <= last; w += o.windowMs) {
      const base: number[] = [];
      for (let k = 1; k <= o.baselinePeriods; ++k) {
        const t = w - k * o.periodMs;
        if (t < first) break;
        base.push(m.get(t) ?? 0);
      }
      if (base.length < o.minBaseline) continue;
      const med = median(base);
      const mad = median(base.map((v) => Math.abs(v - med)));
      const scale = Math.max(1.4826 * mad, o.relativeFloor * med, o.meanFloor * mean, 1);
      const revenue = m.get(w) ?? 0;
      scores.push({key, windowStart: w, revenue, median: med, scale, score: (revenue - med) / scale});
    }
  }
  return scores;
}

export function revenueAnomalies(rows: Iterable<WindowRevenue>, partial: Partial<AnomalyOptions> & {asOf: number}, names: Map<string, string> = new Map()): Alert[] {
  const o = {...ANOMALY_DEFAULTS, ...partial};
  const alerts: Alert[] = [];
  for (const s of scoreWindows(rows, o)) {
    if (Math.abs(s.score) < o.warningScore) continue;
    const kind = s.score > 0 ? "revenue_spike" : "revenue_drop";
    const all = s.key === "all";
    const name = all ? "all stores" : names.get(s.key) ?? null;
    const where = all ? "all stores" : named(name, s.key);
    const when = windowText(s.windowStart, o.windowMs);
    alerts.push({
      id: alertId(kind, s.key, s.windowStart),
      severity: Math.abs(s.score) >= o.criticalScore ? "critical" : "warning",
      kind,
      subjectType: all ? "all" : "store",
      subjectId: s.key,
      subjectName: name,
      storeId: all ? null : s.key,
      productId: null,
      message: `Revenue ${s.score > 0 ? "spike" : "drop"} at ${where}, ${when}: ${money(s.revenue)} against a usual ${money(s.median)} (${baselineText(o)}; score ${fmt(s.score, 1)})`,
      value: s.revenue / 100,
      threshold: (s.median + Math.sign(s.score) * o.warningScore * s.scale) / 100,
      baseline: s.median / 100,
      time: s.windowStart
    });
  }
  return alerts;
}

function windowText(start: number, windowMs: number): string {
  const from = new Date(start).toISOString();
  if (windowMs === 86_400_000) return `${from.slice(0, 10)} (${WEEKDAYS[new Date(start).getUTCDay()]})`;
  return `${from.slice(0, 10)} (${WEEKDAYS[new Date(start).getUTCDay()]}) ${from.slice(11, 16)}–${new Date(start + windowMs).toISOString().slice(11, 16)} UTC`;
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function baselineText({windowMs, periodMs, baselinePeriods}: {windowMs: number; periodMs: number; baselinePeriods: number}): string {
  const unit = windowMs === 86_400_000 ? "day" : "hour";
  if (periodMs === 7 * 86_400_000) return `median of the same ${unit === "day" ? "weekday" : "hour and weekday"} over the previous ${baselinePeriods} weeks`;
  if (periodMs === 86_400_000) return `median of the same ${unit} over the previous ${baselinePeriods} days`;
  return `median of the same ${unit} over the previous ${baselinePeriods} periods`;
}

/** Sums windows into coarser ones (hourly → daily): epoch-aligned windows tile them exactly. */
export function rollUp(rows: Iterable<WindowRevenue>, windowMs: number): WindowRevenue[] {
  const sums = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const w = Math.floor(r.windowStart / windowMs) * windowMs;
    let m = sums.get(r.key);
    if (!m) sums.set(r.key, (m = new Map()));
    m.set(w, (m.get(w) ?? 0) + r.revenue);
  }
  const out: WindowRevenue[] = [];
  for (const [key, m] of sums) for (const [windowStart, revenue] of m) out.push({key, windowStart, revenue});
  return out;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Hourly (windowMs) sale revenue per store and for "all", when the engine's batch mode is not used. */
export function windowRevenue(sales: Iterable<{time: number; storeId: string; amount: number}>, windowMs = 3_600_000): WindowRevenue[] {
  // key → window start → cents: no key string built per line (1M lines).
  const sums = new Map<string, Map<number, number>>();
  const all = new Map<number, number>();
  sums.set("all", all);
  for (const s of sales) {
    const w = Math.floor(s.time / windowMs) * windowMs;
    let store = sums.get(s.storeId);
    if (!store) sums.set(s.storeId, (store = new Map()));
    store.set(w, (store.get(w) ?? 0) + s.amount);
    all.set(w, (all.get(w) ?? 0) + s.amount);
  }
  const out: WindowRevenue[] = [];
  for (const [key, m] of sums) for (const [windowStart, revenue] of m) out.push({key, windowStart, revenue});
  return out;
}
