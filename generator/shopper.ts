import type {Alias} from "./alias.ts";
import type {Catalog} from "./catalog.ts";
import {isBigSpender, payments, sizeAlias, type Customers} from "./customers.ts";
import type {Rng} from "./prng.ts";

/** One shopping trip before the shelves have their say. Reused between calls (no garbage per basket). */
export interface Draft {
  /** Customer index, or -1 for a guest checkout. */
  customer: number;
  store: number;
  payment: number;
  products: number[];
  quantities: number[];
}

export const MAX_LINES = 6;
const GUEST_SHARE = 0.2;
const HOME_STORE = 0.85;
const PREFERRED_PAYMENT = 0.75;
const MORE_UNITS = 0.32;

export function emptyDraft(): Draft {
  return {customer: -1, store: 0, payment: 0, products: [], quantities: []};
}

/**
 * Draws who shops, where, and what: 1–6 distinct products by Zipf popularity, plus planted
 * partners (pasta → its sauce, phone → its case), so association rules find real lift.
 */
export class Shopper {
  /** Position of each product within its sub-category (for partner lookup). */
  private readonly position: Int32Array;

  constructor(
    private readonly catalog: Catalog,
    private readonly customers: Customers,
    private readonly storeTraffic: Alias
  ) {
    this.position = new Int32Array(catalog.products.length);
    for (const sub of catalog.subCategories) sub.products.forEach((p, i) => (this.position[p] = i));
  }

  draft(rng: Rng, time: number, promo: boolean, out: Draft): Draft {
    const {customers, catalog} = this;
    out.customer = -1;
    if (!rng.chance(GUEST_SHARE)) {
      // Rejection keeps lapsed customers away after they lapse and new ones away before they join.
      for (let tries = 0; tries < 8; ++tries) {
        const c = customers.visits.sample(rng);
        if (customers.from[c] <= time && time < customers.to[c]) {
          out.customer = c;
          break;
        }
      }
    }
    const c = out.customer;
    const segment = c < 0 ? -1 : customers.segment[c];
    out.store = c >= 0 && rng.chance(HOME_STORE) ? customers.home[c] : this.storeTraffic.sample(rng);
    out.payment = c < 0 ? payments.guest.sample(rng) : rng.chance(PREFERRED_PAYMENT) ? customers.payment[c] : payments.member.sample(rng);
    const size = sizeAlias(segment).sample(rng) + 1;
    const pool = c >= 0 && isBigSpender(segment) ? catalog.premiumPopularity : promo ? catalog.promoPopularity : catalog.popularity;
    const products = out.products;
    products.length = 0;
    out.quantities.length = 0;
    this.add(rng, out, pool.sample(rng));
    let expanded = 0;
    for (;;) {
      while (expanded < products.length && products.length < MAX_LINES) this.partners(rng, out, products[expanded++]);
      if (products.length >= size) break;
      let tries = 0;
      let p = pool.sample(rng);
      while (products.includes(p) && ++tries < 10) p = pool.sample(rng);
      if (tries === 10) break;
      this.add(rng, out, p);
    }
    return out;
  }

  private partners(rng: Rng, out: Draft, product: number): void {
    const {catalog} = this;
    for (const affinity of catalog.affinities[catalog.products[product].sub]) {
      if (out.products.length >= MAX_LINES) return;
      const target = catalog.subCategories[affinity.to];
      const r = rng.next();
      let partner = -1;
      if (r < affinity.partner) partner = target.products[this.position[product] % affinity.partners];
      else if (r < affinity.partner + affinity.any) partner = target.products[target.alias.sample(rng)];
      if (partner >= 0 && !out.products.includes(partner)) this.add(rng, out, partner);
    }
  }

  private add(rng: Rng, out: Draft, product: number): void {
    const max = this.catalog.products[product].maxQuantity;
    let quantity = 1;
    while (quantity < max && rng.chance(MORE_UNITS)) ++quantity;
    out.products.push(product);
    out.quantities.push(quantity);
  }
}
