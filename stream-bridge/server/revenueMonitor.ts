import type {Alert} from "../../loaders/alerts/alert.ts";
import {ANOMALY_DEFAULTS, revenueAnomalies, type WindowRevenue} from "../../loaders/alerts/revenueAnomalies.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface RevenueMonitorOptions {
  /** The engine's window and hop (rolling up needs tumbling windows that tile the alert window). */
  windowMs: number;
  hopMs?: number;
  /** Judged window: 1 h, or the engine window when that is longer (and tiles a day). */
  alertWindowMs?: number;
  /** Baseline: the same window one period, two periods… earlier (default a day), how many, how many at least. */
  periodMs?: number;
  baselinePeriods?: number;
  minBaseline?: number;
  /** Store names for the message (the chain-wide key is "all"). */
  names?: Map<string, string>;
}

/** Saved in checkpoints so a restarted bridge keeps its baseline. */
export interface RevenueMonitorState {
  sums: [number, number][];
  first: number | null;
  next: number | null;
}

export interface RevenueMonitor {
  /** Why revenue alerts are off (a window that does not tile the alert window, hopping windows); null when on. */
  readonly disabled: string | null;
  readonly alertWindowMs: number;
  /**
   * One flush of the engine: its window rows (only final "all" rows count) and the watermark.
   * Returns the alerts of the alert windows the watermark completed, oldest first.
   */
  update(windows: Iterable<{dimension: string; key: string; windowStart: number; revenue: number; final: boolean}>, watermark: number | null): Alert[];
  save(): RevenueMonitorState;
  restore(state: RevenueMonitorState): void;
}

/**
 * Live revenue spikes and drops, by the rule of loaders/alerts/revenueAnomalies.ts (same score,
 * floors, thresholds, message and alert ids) on a rolling baseline a replay reaches quickly:
 * chain-wide revenue per hour, judged once the watermark passes the end of the hour (every engine
 * window in it is final), against the same hour on each of the previous 7 days (at least 3):
 *   score = (revenue − median) / max(1.4826 × MAD, 0.15 × median, 0.5 × mean hourly revenue of the kept history)
 * warning at |score| ≥ 5, critical at ≥ 8; the mean is over the 7 days before the hour (or since the
 * first data). Hours without a final window count as 0. The batch
 * alerts use the same-weekday baseline over 4 weeks instead, which a live replay reaches only after
 * two weeks of event time. History is bounded: (baselinePeriods + 1) periods of hourly sums.
 */
export function createRevenueMonitor(options: RevenueMonitorOptions): RevenueMonitor {
  const {windowMs, periodMs = DAY_MS, baselinePeriods = 7, minBaseline = 3, names = new Map()} = options;
  const hopMs = options.hopMs ?? windowMs;
  const alertWindowMs = options.alertWindowMs ?? (windowMs <= HOUR_MS ? HOUR_MS : windowMs);
  let disabled: string | null = null;
  if (hopMs !== windowMs) disabled = "hopping windows overlap: their revenue cannot be summed into hours";
  else if (alertWindowMs % windowMs !== 0) disabled = `the window (${windowMs} ms) does not tile the alert window (${alertWindowMs} ms)`;
  else if (periodMs % alertWindowMs !== 0) disabled = `the alert window (${alertWindowMs} ms) does not tile the baseline period (${periodMs} ms)`;
  const keepMs = (baselinePeriods + 1) * periodMs;
  const sums = new Map<number, number>();
  /** Start of the first alert window with data; baselines do not reach before it. */
  let first: number | null = null;
  /** Next alert window to judge. */
  let next: number | null = null;

  /**
   * The history an hour is judged on is fixed by the hour alone (not by how many hours one flush
   * completes), so alerts are the same at any replay speed: from the baseline's first period, or
   * from the first data if later, to the hour itself.
   */
  function judge(start: number): Alert[] {
    const from = Math.max(first!, start - baselinePeriods * periodMs);
    const rows: WindowRevenue[] = [{key: "all", windowStart: from, revenue: 0}];
    for (const [windowStart, revenue] of sums) if (windowStart >= from && windowStart <= start) rows.push({key: "all", windowStart, revenue});
    const anomalies = revenueAnomalies(
      rows,
      {...ANOMALY_DEFAULTS, windowMs: alertWindowMs, periodMs, baselinePeriods, minBaseline, asOf: start + alertWindowMs},
      names
    );
    return anomalies.filter((a) => a.time === start);
  }

  return {
    disabled,
    alertWindowMs,
    update(windows, watermark) {
      if (disabled) return [];
      for (const w of windows) {
        if (!w.final || w.dimension !== "all") continue;
        const start = Math.floor(w.windowStart / alertWindowMs) * alertWindowMs;
        // A window in an hour already judged (only when the watermark jumped past it) is left out.
        if (next !== null && start < next) continue;
        sums.set(start, (sums.get(start) ?? 0) + w.revenue);
        if (first === null || start < first) first = start;
        if (next === null || start < next) next = start;
      }
      if (watermark === null || next === null) return [];
      const alerts: Alert[] = [];
      // A jump of the watermark (a gap in the data, a --loop lap) judges at most the kept history.
      if (watermark - next > keepMs) next = Math.floor((watermark - keepMs) / alertWindowMs) * alertWindowMs;
      while (next + alertWindowMs <= watermark) {
        alerts.push(...judge(next));
        next += alertWindowMs;
      }
      for (const start of sums.keys()) if (start < next - keepMs) sums.delete(start);
      if (first !== null && first < next - keepMs) first = next - keepMs;
      return alerts;
    },
    save: () => ({sums: [...sums], first, next}),
    restore(state) {
      sums.clear();
      for (const [start, revenue] of state.sums) sums.set(start, revenue);
      first = state.first;
      next = state.next;
    }
  };
}
