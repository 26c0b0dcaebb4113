import type {Rng} from "./prng.ts";

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Trading hours (UTC = local time: every store is in one time zone) and relative footfall per hour. */
const WEEKDAY = {open: 8, weights: [0.35, 0.55, 0.75, 0.9, 1.25, 1.15, 0.85, 0.85, 1.0, 1.35, 1.45, 1.1, 0.6]};
const SATURDAY = {open: 8, weights: [0.4, 0.7, 1.0, 1.25, 1.4, 1.4, 1.35, 1.3, 1.2, 1.05, 0.9, 0.7, 0.45]};
const SUNDAY = {open: 10, weights: [0.8, 1.1, 1.3, 1.3, 1.2, 1.0, 0.7]};
/** Day-of-week factor, Sunday first: quiet early week, Friday and Saturday peaks, a short busy Sunday. */
const DOW = [1.6, 0.85, 0.8, 0.85, 0.95, 1.1, 1.3];
const PROMO_LIFT = 1.8;

export interface Calendar {
  start: number;
  end: number;
  days: number;
  promoFirstDay: number;
  promoDays: number;
  /** Open hours: slot i starts at slotStart[i] and lasts an hour; its share of footfall is weight[i]. */
  slotStart: Float64Array;
  weight: Float64Array;
  /** cumulative[i] = sum of weight[0..i). */
  cumulative: Float64Array;
}

/** Footfall over the period: opening hours, weekly rhythm, ±6% daily noise, and a promotion weekend. */
export function calendar(rng: Rng, start: number, days: number): Calendar {
  const startDow = new Date(start).getUTCDay();
  let promoFirstDay = Math.floor(days * 0.4);
  for (let d = promoFirstDay; d < days; ++d) {
    if ((startDow + d) % 7 === 5) {
      promoFirstDay = d;
      break;
    }
  }
  const promoDays = Math.min(3, days - promoFirstDay);
  const starts: number[] = [];
  const weights: number[] = [];
  for (let d = 0; d < days; ++d) {
    const dow = (startDow + d) % 7;
    const hours = dow === 0 ? SUNDAY : dow === 6 ? SATURDAY : WEEKDAY;
    let factor = DOW[dow] * Math.exp(0.06 * rng.normal());
    if (d >= promoFirstDay && d < promoFirstDay + promoDays) factor *= PROMO_LIFT;
    hours.weights.forEach((w, h) => {
      starts.push(start + d * DAY + (hours.open + h) * HOUR);
      weights.push(w * factor);
    });
  }
  const cumulative = new Float64Array(weights.length + 1);
  for (let i = 0; i < weights.length; ++i) cumulative[i + 1] = cumulative[i] + weights[i];
  return {start, end: start + days * DAY, days, promoFirstDay, promoDays, slotStart: Float64Array.from(starts), weight: Float64Array.from(weights), cumulative};
}

export function isPromoDay(cal: Calendar, day: number): boolean {
  return day >= cal.promoFirstDay && day < cal.promoFirstDay + cal.promoDays;
}

/**
 * Maps a position u in [0, 1) of the period's footfall to a time (whole seconds). Positions must
 * not decrease between calls: the cursor only moves forward, so a whole run costs O(slots).
 */
export class Clock {
  private slot = 0;
  constructor(private readonly cal: Calendar) {}

  at(u: number): number {
    const {cumulative, weight, slotStart} = this.cal;
    const last = weight.length - 1;
    const target = u * cumulative[last + 1];
    while (this.slot < last && cumulative[this.slot + 1] <= target) ++this.slot;
    const i = this.slot;
    const within = Math.min(Math.max((target - cumulative[i]) / weight[i], 0), 0.9999);
    return Math.floor((slotStart[i] + within * HOUR) / 1000) * 1000;
  }
}
