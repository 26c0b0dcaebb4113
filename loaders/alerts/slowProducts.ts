import {alertId, fmt, type Alert} from "./alert.ts";
import {named} from "./named.ts";

export interface SlowProductOptions {
  /** Look-back window in days, ending at asOf. */
  days: number;
  /** Share of in-stock products with sales that count as the bottom sellers (at least one product). */
  bottomShare: number;
  asOf: number;
}

export const SLOW_DEFAULTS = {days: 7, bottomShare: 0.05};

/**
 * Products that do not move:
 *  - warning: no sale in the last `days` days while units are on hand (or stock is unknown: no inventory given);
 *  - info: the bottom `bottomShare` by units over the same days among in-stock products that did sell.
 * A product with nothing on hand is not slow, it is out of stock (the stock-out alerts cover it).
 * `candidates` are the products that should be on sale (catalog ∪ stocked ∪ sold); `onHand` is
 * units across all stores, or undefined when no inventory was given.
 */
export function slowProducts(
  sales: Iterable<{time: number; productId: string; quantity: number}>,
  candidates: Iterable<string>,
  onHand: Map<string, number> | undefined,
  partial: Partial<SlowProductOptions> & {asOf: number},
  names: Map<string, string> = new Map()
): Alert[] {
  const {days, bottomShare, asOf} = {...SLOW_DEFAULTS, ...partial};
  const since = asOf - days * 86_400_000;
  const units = new Map<string, number>();
  for (const id of candidates) units.set(id, 0);
  for (const s of sales) {
    if (!units.has(s.productId)) units.set(s.productId, 0);
    if (s.time > since && s.time <= asOf) units.set(s.productId, units.get(s.productId)! + s.quantity);
  }
  const inStock = [...units].filter(([id]) => !onHand || (onHand.get(id) ?? 0) > 0);
  const alerts: Alert[] = [];
  const product = (id: string) => named(names.get(id), id);
  const stockText = (id: string) => (onHand ? `${onHand.get(id)} units on hand` : "stock not known");
  for (const [id, sold] of inStock) {
    if (sold > 0) continue;
    alerts.push(slow(id, "warning", `No sale of ${product(id)} in the last ${days} days, ${stockText(id)}`, 0, 0));
  }
  const selling = inStock.filter(([, sold]) => sold > 0).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  if (selling.length) {
    const count = Math.max(1, Math.floor(selling.length * bottomShare));
    const cut = selling[count - 1][1];
    const median = selling[selling.length >> 1][1];
    for (const [id, sold] of selling) {
      if (sold > cut) break;
      alerts.push(slow(id, "info", `${product(id)} sold ${fmt(sold)} units in the last ${days} days (bottom ${fmt(100 * bottomShare, 0)}% of products; median ${fmt(median)}), ${stockText(id)}`, sold, cut, median));
    }
  }
  return alerts;

  function slow(id: string, severity: Alert["severity"], message: string, value: number, threshold: number, baseline: number | null = null): Alert {
    return {id: alertId("slow_product", id, asOf), severity, kind: "slow_product", subjectType: "product", subjectId: id, subjectName: names.get(id) ?? null, storeId: null, productId: id, message, value, threshold, baseline, time: asOf};
  }
}
