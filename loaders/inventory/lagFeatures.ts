/**
 * Scale-free lag features, so one model can serve slow and fast sellers and a trend does not push
 * the target outside the range the trees saw (trees cannot extrapolate). Everything is relative to
 * the level = mean of the 7 days before the target day (floored at 1/7: one unit a week):
 *   weekday  — of the target day, Monday = 0 (UTC days);
 *   lag1, lag7, lag14 — y[t−k] / level (lag14 = −1 while there is less than 14 days of history);
 *   scale    — log1p(7-day mean): tells sparse, noisy series from busy ones;
 *   promo    — share of units sold on discount the day before (a running promotion likely continues;
 *              the target day's own discounts would leak its sales).
 * The target is y[t] / level; a prediction is multiplied back by the level.
 * Ratios are rounded to 0.1 (clipped to 0…10): ml-cart tries every distinct value as a split, so
 * coarse values keep training fast (see demandForest.ts).
 */
export const FEATURES = ["weekday", "lag1", "lag7", "lag14", "scale", "promo"] as const;

/** The first target day that has a full 7-day level. */
export const WARMUP_DAYS = 7;
const MIN_LEVEL = 1 / 7;

export interface Series {
  /** Units per day; may be longer than the days used (predictions are appended during a forecast). */
  y: ArrayLike<number>;
  /** Discounted share of units per day (missing days count as 0). */
  promo?: ArrayLike<number>;
}

export function weekday(epochDay: number): number {
  return (epochDay + 3) % 7; // 1970-01-01 was a Thursday
}

export function level(y: ArrayLike<number>, t: number): number {
  let sum = 0;
  for (let i = t - 7; i < t; ++i) sum += y[i];
  return Math.max(sum / 7, MIN_LEVEL);
}

const ratio = (v: number) => Math.round(Math.min(10, Math.max(0, v)) * 10) / 10;

/** Feature row for target day index t (needs t ≥ WARMUP_DAYS); `firstDay` is the epoch day of index 0. */
export function lagFeatures({y, promo}: Series, t: number, firstDay: number): number[] {
  if (t < WARMUP_DAYS) throw new RangeError(`lag features need ${WARMUP_DAYS} days of history, got ${t}`);
  let sum = 0;
  for (let i = t - 7; i < t; ++i) sum += y[i];
  const base = Math.max(sum / 7, MIN_LEVEL);
  return [
    weekday(firstDay + t),
    ratio(y[t - 1] / base),
    ratio(y[t - 7] / base),
    t >= 14 ? ratio(y[t - 14] / base) : -1,
    Math.round(Math.log1p(sum / 7) * 10) / 10,
    promo && t - 1 < promo.length ? Math.round(promo[t - 1] * 10) / 10 : 0
  ];
}

/** Training rows for target days from..to−1 of one series. */
export function trainingRows(series: Series, firstDay: number, from: number, to: number): {X: number[][]; y: number[]; days: number[]} {
  const X: number[][] = [];
  const target: number[] = [];
  const days: number[] = [];
  for (let t = Math.max(from, WARMUP_DAYS); t < to; ++t) {
    X.push(lagFeatures(series, t, firstDay));
    target.push(series.y[t] / level(series.y, t));
    days.push(t);
  }
  return {X, y: target, days};
}
