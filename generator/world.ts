import {Alias} from "./alias.ts";
import {calendar, Clock, DAY, isPromoDay, type Calendar} from "./calendar.ts";
import {catalog, type Catalog} from "./catalog.ts";
import {customers, type Customers} from "./customers.ts";
import {Rng} from "./prng.ts";
import {refundTime} from "./refund.ts";
import {emptyDraft, Shopper} from "./shopper.ts";
import type {StockPlan} from "./stock.ts";
import {stores, type Store} from "./stores.ts";

export interface WorldOptions {
  seed: number;
  /** Epoch ms of the first day, UTC midnight. */
  start: number;
  days: number;
  /** Transaction lines to write. */
  transactions: number;
}

/** Everything fixed before the first sale: the cast, the calendar and the stock policy. */
export interface World {
  stores: Store[];
  catalog: Catalog;
  customers: Customers;
  calendar: Calendar;
  storeTraffic: Alias;
  shopper: Shopper;
  plan: StockPlan;
  /** Multiplies each product's refund risk so about REFUND_TARGET of lines come back within the period. */
  refundScale: number;
}

export const REFUND_TARGET = 0.072;
/** Lines per known customer over the period (about seven visits): enough for frequency to vary. */
const LINES_PER_CUSTOMER = 19;
/** Customers are the one table that grows with --transactions; the cap keeps memory bounded (~16 MB). */
const MAX_CUSTOMERS = 400_000;
const CALIBRATION_BASKETS = 30_000;

export function world(options: WorldOptions): World {
  const {seed, start, days, transactions} = options;
  const rng = new Rng(seed, "world");
  const storeList = stores(rng);
  const storeTraffic = new Alias(storeList.map((s) => s.traffic));
  const products = catalog(rng);
  const cal = calendar(rng, start, days);
  const people = customers(rng, Math.min(MAX_CUSTOMERS, Math.max(50, Math.round(transactions / LINES_PER_CUSTOMER))), cal.start, cal.end, storeTraffic);
  const shopper = new Shopper(products, people, storeTraffic);
  const demand = calibrate(new Rng(seed, "calibrate"), shopper, products, cal, storeList.length);
  const plan = stockPlan(new Rng(seed, "plan"), products, storeList.length, demand, transactions / days);
  return {stores: storeList, catalog: products, customers: people, calendar: cal, storeTraffic, shopper, plan, refundScale: REFUND_TARGET / demand.refundRate};
}

interface Demand {
  /** Units of each product per line written. */
  unitsPerLine: Float64Array;
  /** Share of lines per store. */
  storeShare: Float64Array;
  /** Expected refund rate with scale 1, counting only refunds that fall inside the period. */
  refundRate: number;
}

/**
 * Runs the shopper without shelves over a sample of the period to learn what the stock policy
 * and the refund rate need: units per product, lines per store, refunds that land in the period.
 */
function calibrate(rng: Rng, shopper: Shopper, products: Catalog, cal: Calendar, storeCount: number): Demand {
  const unitsPerLine = new Float64Array(products.products.length);
  const storeShare = new Float64Array(storeCount);
  const clock = new Clock(cal);
  const draft = emptyDraft();
  let lines = 0;
  let refunds = 0;
  for (let i = 0; i < CALIBRATION_BASKETS; ++i) {
    const time = clock.at((i + 0.5) / CALIBRATION_BASKETS);
    shopper.draft(rng, time, isPromoDay(cal, Math.floor((time - cal.start) / DAY)), draft);
    draft.products.forEach((p, j) => {
      unitsPerLine[p] += draft.quantities[j];
      if (refundTime(rng, time) < cal.end) refunds += products.products[p].refundRisk;
    });
    storeShare[draft.store] += draft.products.length;
    lines += draft.products.length;
  }
  for (let p = 0; p < unitsPerLine.length; ++p) unitsPerLine[p] /= lines;
  for (let s = 0; s < storeCount; ++s) storeShare[s] /= lines;
  return {unitsPerLine, storeShare, refundRate: Math.max(refunds / lines, 1e-6)};
}

/**
 * Stock policy from expected demand. Every store starts with the product's starting stock (enough
 * for the busiest store to get through a lead time, plus 6–16 days of an average store's demand),
 * reorders when stock falls to the expected demand over the lead time plus a safety margin
 * (demand is lumpy: two or three units per line), and orders two weeks' worth. Troubled products
 * start thin and reorder from a forecast a third of the truth, so they run out for days while
 * the order is on its way; promotions are not planned for, so promoted lines may run short too.
 */
function stockPlan(rng: Rng, products: Catalog, storeCount: number, demand: Demand, linesPerDay: number): StockPlan {
  const n = products.products.length;
  const cells = storeCount * n;
  const plan: StockPlan = {
    stores: storeCount,
    products: n,
    startingStock: new Int32Array(cells),
    reorderPoint: new Int32Array(cells),
    orderQuantity: new Int32Array(cells),
    leadTimeDays: new Int32Array(cells)
  };
  const busiest = Math.max(...demand.storeShare) * storeCount;
  for (const product of products.products) {
    const p = product.index;
    const lead = product.leadTimeDays;
    const averageStoreDaily = (linesPerDay * demand.unitsPerLine[p]) / storeCount;
    const cover = product.troubled ? rng.uniform(6, 9) : busiest * (lead + 1) + rng.uniform(6, 16);
    product.startingStock = Math.max(6, Math.ceil(averageStoreDaily * cover));
    for (let s = 0; s < storeCount; ++s) {
      const cell = s * n + p;
      const daily = linesPerDay * demand.unitsPerLine[p] * demand.storeShare[s];
      const duringLead = daily * (lead + 1);
      plan.startingStock[cell] = product.startingStock;
      plan.leadTimeDays[cell] = lead;
      plan.reorderPoint[cell] = product.troubled
        ? Math.max(1, Math.ceil(duringLead * 0.3))
        : Math.ceil(duringLead + 2.3 * Math.sqrt(2 * duringLead) + product.maxQuantity);
      plan.orderQuantity[cell] = Math.max(4, Math.ceil(daily * 14), product.troubled ? 0 : plan.reorderPoint[cell] - Math.floor(duringLead) + 1);
    }
  }
  return plan;
}
