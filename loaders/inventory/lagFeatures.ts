/**
 * Features for a direct multi-day forecast: every row is (origin o, days ahead h), target day
 * t = o + h, and uses only sales before o, so one model forecasts all horizons without feeding its
 * own predictions back (a recursive forecast of a ratio compounds its errors: one high day raises
 * the level, which raises the next day…).
 *
 * Everything is relative to the level L = mean of the 7 days before o (floored at 1/7: one unit a
 * week), so one model serves slow and fast sellers and a trend does not push the target outside
 * the range the trees saw (trees cannot extrapolate):
 *   weekday   — of the target day, Monday = 0 (UTC days);
 *   ahead     — h, 0 = the origin day itself;
 *   lastweek  — y[same weekday, last week before o] / L (for h = 0 this is lag 7);
 *   twoweeks  — the same weekday a week earlier / L (lag 14 for h = 0), −1 when there is none;
 *   lag1      — y[o − 1] / L, the latest day;
 *   scale     — log1p(7-day mean): tells sparse, noisy series from busy ones;
 *   promo     — share of the product's units sold on discount on the target day;
 *   chainPromo — share of all units sold on discount on the target day (a chain-wide promotion lifts
 *               every product, discounted or not);
 *   promoWindow — mean chainPromo over the 7 days behind L (a promotion there inflates L).
 * Target-day promotions are known for history (training) but not ahead: forecasts assume none is
 * planned (0), so a promotion explains its own spike instead of teaching the trees that Fridays
 * triple. The target is y[t] / L; a prediction is multiplied back by L.
 * Ratios are rounded to 0.2 (clipped to 0…RATIO_MAX), shares to 0.1: ml-cart tries every
 * distinct value as a split, so coarse values keep training fast (see demandForest.ts).
 */
export const FEATURES = ["weekday", "ahead", "lastweek", "twoweeks", "lag1", "scale", "promo", "chainPromo", "promoWindow"] as const;

/** Days of history a row needs before its origin. */
export const WARMUP_DAYS = 7;
/** Ratios are rounded to 1 / RATIO_STEPS (0.2) and clipped at RATIO_MAX. */
export const RATIO_STEPS = 5;
export const RATIO_MAX = 8;
const MIN_LEVEL = 1 / 7;

export interface Series {
  /** Units per day. */
  y: ArrayLike<number>;
  /** Share of the product's units sold on discount, per day (missing: 0). */
  promo?: ArrayLike<number>;
  /** Share of all units sold on discount, per day (missing: 0). */
  chainPromo?: ArrayLike<number>;
}

export function weekday(epochDay: number): number {
  return (epochDay + 3) % 7; // 1970-01-01 was a Thursday
}

/** The level L at origin o: mean of y[o − 7 … o − 1], at least 1/7. */
export function level(y: ArrayLike<number>, origin: number): number {
  let sum = 0;
  for (let i = origin - 7; i < origin; ++i) sum += y[i];
  return Math.max(sum / 7, MIN_LEVEL);
}

const ratio = (v: number) => Math.round(Math.min(RATIO_MAX, Math.max(0, v)) * RATIO_STEPS) / RATIO_STEPS;
const tenth = (v: number) => Math.round(v * 10) / 10;
const at = (values: ArrayLike<number> | undefined, i: number) => (values && i >= 0 && i < values.length ? values[i] : 0);

/**
 * Feature row for origin o (needs o ≥ WARMUP_DAYS) and h days ahead; `firstDay` is the epoch day of
 * index 0. `promoKnown`: the target day's promotion shares are history (training), else taken as 0.
 */
export function lagFeatures(series: Series, origin: number, ahead: number, firstDay: number, promoKnown = false): number[] {
  if (origin < WARMUP_DAYS) throw new RangeError(`lag features need ${WARMUP_DAYS} days of history, got ${origin}`);
  const {y, promo, chainPromo} = series;
  let sum = 0;
  let window = 0;
  for (let i = origin - 7; i < origin; ++i) (sum += y[i]), (window += at(chainPromo, i));
  const L = Math.max(sum / 7, MIN_LEVEL);
  const week = origin - 7 + (ahead % 7);
  const t = origin + ahead;
  return [
    weekday(firstDay + t),
    ahead,
    ratio(y[week] / L),
    week >= 7 ? ratio(y[week - 7] / L) : -1,
    ratio(y[origin - 1] / L),
    tenth(Math.log1p(sum / 7)),
    promoKnown ? tenth(at(promo, t)) : 0,
    promoKnown ? tenth(at(chainPromo, t)) : 0,
    tenth(window / 7)
  ];
}

/** Training rows of one series: every origin o ≥ WARMUP_DAYS and h < horizon whose target day is before `end`. */
export function trainingRows(series: Series, firstDay: number, end: number, horizon: number): {X: number[][]; y: number[]; days: number[]} {
  const X: number[][] = [];
  const target: number[] = [];
  const days: number[] = [];
  for (let o = WARMUP_DAYS; o < end; ++o) {
    const L = level(series.y, o);
    for (let h = 0; h < horizon && o + h < end; ++h) {
      X.push(lagFeatures(series, o, h, firstDay, true));
      target.push(series.y[o + h] / L);
      days.push(o + h);
    }
  }
  return {X, y: target, days};
}
