import {DAY, HOUR} from "./calendar.ts";
import type {Rng} from "./prng.ts";

/** Returns desk hours: a refund time outside 09:00–20:00 moves to the next opening. */
const DESK_OPEN = 9;
const DESK_CLOSE = 20;

/** Time from sale to refund: a third within a day, half within 1–5 days, the rest up to two weeks. */
export function refundDelay(rng: Rng): number {
  const r = rng.next();
  if (r < 0.3) return rng.uniform(1, 24) * HOUR;
  if (r < 0.8) return rng.uniform(1, 5) * DAY;
  return rng.uniform(5, 14) * DAY;
}

/** When the customer comes back: always after the sale, always while the desk is open, whole seconds. */
export function refundTime(rng: Rng, saleTime: number): number {
  const t = saleTime + refundDelay(rng);
  const day = Math.floor(t / DAY) * DAY;
  const hour = (t - day) / HOUR;
  const jitter = rng.int(7200) * 1000;
  const at = hour < DESK_OPEN ? day + DESK_OPEN * HOUR + jitter : hour >= DESK_CLOSE ? day + DAY + DESK_OPEN * HOUR + jitter : t;
  return Math.floor(at / 1000) * 1000;
}

/**
 * How much comes back, in cents, never more than the line's amount: usually everything; one
 * unit of several sometimes; a goodwill half for some defective or damaged items.
 */
export function refundAmount(rng: Rng, amount: number, quantity: number, reason: string): number {
  const r = rng.next();
  if (quantity > 1 && r < 0.35) return Math.max(1, Math.floor((amount * rng.between(1, quantity - 1)) / quantity));
  if ((reason === "defective" || reason === "damaged_shipping") && r > 0.85) return Math.max(1, Math.floor(amount / 2));
  return amount;
}
