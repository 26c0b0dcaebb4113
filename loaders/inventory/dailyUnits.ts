import type {SaleEvent} from "../../stream-bridge/events.ts";

export const DAY_MS = 86_400_000;

/** Units sold per product per UTC day on one gap-free day grid; days with no sale are 0. */
export interface DailyUnits {
  /** Epoch day number (floor(time / DAY_MS)) of index 0. */
  firstDay: number;
  /** Number of days on the grid. */
  length: number;
  /** Product ids, sorted. */
  products: string[];
  /** units.get(product)[i]: units sold on day firstDay + i. */
  units: Map<string, Float64Array>;
  /** promo.get(product)[i]: share of that day's units sold with a discount (0 when nothing sold). */
  promo: Map<string, Float64Array>;
  /** Share of all units (every product) sold with a discount, per day: a chain-wide promotion shows here. */
  chainPromo: Float64Array;
  /** Same grid per store × product (key `${store}|${product}`), for the store split and σ. */
  storeUnits: Map<string, Float64Array>;
}

export type SaleLike = Pick<SaleEvent, "time" | "storeId" | "productId" | "quantity" | "discount">;

export const storeKey = (storeId: string, productId: string) => `${storeId}|${productId}`;

/**
 * Builds the daily grid from sale lines. Demand is gross units sold: refunds do not lower demand
 * (the sale happened); they only move stock (see stockLevels). `extraProducts` (stocked but never
 * sold) get an all-zero series so they are forecast too. `lastDay` extends the grid to the as-of day.
 */
export function dailyUnits(sales: Iterable<SaleLike>, {extraProducts = [], lastDay}: {extraProducts?: Iterable<string>; lastDay?: number} = {}): DailyUnits {
  let first = Infinity;
  let last = -Infinity;
  const list: SaleLike[] = Array.isArray(sales) ? sales : Array.from(sales);
  for (const sale of list) {
    const day = Math.floor(sale.time / DAY_MS);
    if (day < first) first = day;
    if (day > last) last = day;
  }
  if (lastDay !== undefined && lastDay > last) last = lastDay;
  if (first === Infinity) first = last === -Infinity ? 0 : last;
  const length = last === -Infinity ? 0 : last - first + 1;
  const names = new Set<string>(extraProducts);
  for (const sale of list) names.add(sale.productId);
  const products = [...names].sort();
  const units = new Map(products.map((p) => [p, new Float64Array(length)]));
  const discounted = new Map(products.map((p) => [p, new Float64Array(length)]));
  const storeUnits = new Map<string, Float64Array>();
  // store → product → series while reading (no key string per line), then keyed `${store}|${product}` in first-seen order.
  const byStore = new Map<string, Map<string, Float64Array>>();
  for (const sale of list) {
    const i = Math.floor(sale.time / DAY_MS) - first;
    units.get(sale.productId)![i] += sale.quantity;
    if (sale.discount > 0) discounted.get(sale.productId)![i] += sale.quantity;
    let ofStore = byStore.get(sale.storeId);
    if (!ofStore) byStore.set(sale.storeId, (ofStore = new Map()));
    let series = ofStore.get(sale.productId);
    if (!series) {
      ofStore.set(sale.productId, (series = new Float64Array(length)));
      storeUnits.set(storeKey(sale.storeId, sale.productId), series);
    }
    series[i] += sale.quantity;
  }
  const promo = new Map<string, Float64Array>();
  const all = new Float64Array(length);
  const allDiscounted = new Float64Array(length);
  for (const p of products) {
    const u = units.get(p)!;
    const d = discounted.get(p)!;
    promo.set(p, d.map((x, i) => (u[i] > 0 ? x / u[i] : 0)));
    for (let i = 0; i < length; ++i) (all[i] += u[i]), (allDiscounted[i] += d[i]);
  }
  const chainPromo = allDiscounted.map((x, i) => (all[i] > 0 ? x / all[i] : 0));
  return {firstDay: first, length, products, units, promo, chainPromo, storeUnits};
}
