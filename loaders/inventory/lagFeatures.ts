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
 *   lastweek  — y[same weekday, last week before o] / L (for h = 0 this is lag 7);
 *   twoweeks  — the same weekday a week earlier / L (lag 14 for h = 0), −1 when there is none;
 *   lag1      — y[o − 1] / L, the latest day;
 *   scale     — log1p(7-day mean): tells sparse, noisy series from busy ones;
 *   promo     — share of the product's units sold on discount on the target day;
 *   chainPromo — share of all units sold on discount on the target day (a chain-wide promotion lifts
 *               every product, discounted or not);
 *   promoWindow — mean chainPromo over the 7 days behind L.
 * Chain-wide promotion days (chainPromo ≥ PROMO_DAY_SHARE) are left out of L and skipped by the
 * lags (the same weekday a week earlier, the day before): right after a promotion weekend they
 * would inflate every forecast of the next week, a situation the training rows before it never show.
 * Target-day promotions are known for history (training) but not ahead: forecasts assume none is
 * planned (0), so a promotion explains its own spike instead of teaching the trees that Fridays
 * triple. The target is y[t] / L; a prediction is multiplied back by L. There is no "days ahead"
 * feature: with a short history the long horizons only reach the latest training days and the
 * trees used it as a proxy for whatever happened on them (a promotion).
 * Ratios are rounded to 0.2 (clipped to 0…RATIO_MAX), shares to 0.1: ml-cart tries every distinct
 * value as a split, so coarse values keep training fast (see demandForest.ts).
 */
export const FEATURES = ["weekday", "lastweek", "twoweeks", "lag1", "scale", "promo", "chainPromo", "promoWindow"] as const;

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

/** A day is a (chain-wide) promotion day when at least this share of all units sold on discount (normally 2–4%). */
export const PROMO_DAY_SHARE = 0.15;

const isPromoDay = (chainPromo: ArrayLike<number> | undefined, i: number) => chainPromo !== undefined && i < chainPromo.length && chainPromo[i] >= PROMO_DAY_SHARE;

/**
 * The level L at origin o: mean of y over the 7 days before o, leaving out promotion days when at
 * least 3 others remain (a promotion weekend would otherwise inflate every forecast of the next
 * week); at least 1/7. Also returns the raw 7-day mean for the scale feature.
 */
export function level({y, chainPromo}: Series, origin: number): number {
  return levels({y, chainPromo}, origin).L;
}

function levels({y, chainPromo}: Series, origin: number): {L: number; mean7: number} {
  let sum = 0;
  let clean = 0;
  let n = 0;
  for (let i = origin - 7; i < origin; ++i) {
    sum += y[i];
    if (!isPromoDay(chainPromo, i)) (clean += y[i]), ++n;
  }
  return {L: Math.max(n >= 3 ? clean / n : sum / 7, MIN_LEVEL), mean7: sum / 7};
}

/** The latest day at or before `from`, stepping back by `step`, that is not a promotion day (at most 3 steps); else `from`. */
function ordinaryDay(chainPromo: ArrayLike<number> | undefined, from: number, step: number, floor: number): number {
  for (let i = from, k = 0; i >= floor && k < 3; i -= step, ++k) if (!isPromoDay(chainPromo, i)) return i;
  return from;
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
  const {L, mean7} = levels(series, origin);
  let window = 0;
  for (let i = origin - 7; i < origin; ++i) window += at(chainPromo, i);
  const week = ordinaryDay(chainPromo, origin - 7 + (ahead % 7), 7, 0);
  const before = week - 7 >= 0 ? ordinaryDay(chainPromo, week - 7, 7, 0) : -1;
  const t = origin + ahead;
  return [
    weekday(firstDay + t),
    ratio(y[week] / L),
    before >= 0 ? ratio(y[before] / L) : -1,
    ratio(y[ordinaryDay(chainPromo, origin - 1, 1, origin - 7)] / L),
    tenth(Math.log1p(mean7)),
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
    const L = level(series, o);
    for (let h = 0; h < horizon && o + h < end; ++h) {
      X.push(lagFeatures(series, o, h, firstDay, true));
      target.push(series.y[o + h] / L);
      days.push(o + h);
    }
  }
  return {X, y: target, days};
}
