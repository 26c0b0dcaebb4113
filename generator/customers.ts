import {Alias} from "./alias.ts";
import type {Rng} from "./prng.ts";

/** Hidden customer types, so RFM segments and k-means clusters have real structure to find. */
export const SEGMENTS = ["loyal", "big_spender", "occasional", "lapsed", "new"] as const;
export type Segment = (typeof SEGMENTS)[number];
const LOYAL = 0;
const BIG = 1;
const LAPSED = 3;
const NEW = 4;

/** Segment shares and relative visit rates. */
const SHARE = [0.18, 0.05, 0.47, 0.15, 0.15];
const RATE = [8, 3, 1, 4, 4];

export const PAYMENTS = ["card", "cash", "mobile_wallet", "gift_card", "store_credit"] as const;
const MEMBER_PAYMENT = [0.56, 0.1, 0.27, 0.05, 0.02];
const GUEST_PAYMENT = [0.5, 0.3, 0.15, 0.05, 0];

/** Lines per basket (1–6) before affinities add partners. */
const BASKET_SIZE: Record<"member" | "loyal" | "big" | "guest", number[]> = {
  member: [30, 25, 18, 13, 8, 6],
  loyal: [22, 24, 20, 15, 11, 8],
  big: [5, 10, 20, 25, 22, 18],
  guest: [40, 26, 16, 10, 5, 3]
};

export interface Customers {
  count: number;
  segment: Uint8Array;
  home: Uint8Array;
  /** Active from/to (epoch ms): lapsed customers stop, new customers start part way through. */
  from: Float64Array;
  to: Float64Array;
  payment: Uint8Array;
  /** Draws a customer in proportion to their visit rate. */
  visits: Alias;
  /** Customer index → id ("C000042"); the width fits the count. */
  id(index: number): string;
}

export function customers(rng: Rng, count: number, start: number, end: number, storeTraffic: Alias): Customers {
  const segment = new Uint8Array(count);
  const home = new Uint8Array(count);
  const from = new Float64Array(count);
  const to = new Float64Array(count);
  const payment = new Uint8Array(count);
  const rates = new Float64Array(count);
  const segmentAlias = new Alias(SHARE);
  const memberPayment = new Alias(MEMBER_PAYMENT);
  const span = end - start;
  for (let i = 0; i < count; ++i) {
    const s = segmentAlias.sample(rng);
    segment[i] = s;
    home[i] = storeTraffic.sample(rng);
    from[i] = s === NEW ? start + span * rng.uniform(0.5, 0.92) : start;
    to[i] = s === LAPSED ? start + span * rng.uniform(0.1, 0.5) : end;
    payment[i] = memberPayment.sample(rng);
    // Log-normal spread within a segment: some loyal customers shop daily, some weekly.
    rates[i] = RATE[s] * Math.exp(0.5 * rng.normal());
  }
  const width = Math.max(6, String(count).length);
  return {count, segment, home, from, to, payment, visits: new Alias(rates), id: (index) => `C${String(index + 1).padStart(width, "0")}`};
}

export const basketSizes = {
  member: new Alias(BASKET_SIZE.member),
  loyal: new Alias(BASKET_SIZE.loyal),
  big: new Alias(BASKET_SIZE.big),
  guest: new Alias(BASKET_SIZE.guest)
};

export const payments = {member: new Alias(MEMBER_PAYMENT), guest: new Alias(GUEST_PAYMENT)};

export function sizeAlias(segment: number | -1): Alias {
  return segment === -1 ? basketSizes.guest : segment === BIG ? basketSizes.big : segment === LOYAL ? basketSizes.loyal : basketSizes.member;
}

export function isBigSpender(segment: number): boolean {
  return segment === BIG;
}
