import type {Product, RefundEvent, SaleEvent, Store} from "../../stream-bridge/events.ts";
import {UNIT_SCALE} from "../../stream-bridge/engine/groupTable.ts";
import type {Columns} from "../io/arrow.ts";

/**
 * The tables behind the sales, refunds and store pages' filters (date range, region, store,
 * category). The windowing engine groups by one dimension at a time (store OR category), which
 * cannot answer "revenue by category in store S01"; these tables keep the dimensions together at
 * a grain small enough to ship (a UTC day or hour), and DuckDB-WASM sums them under any filter.
 *
 * - salesDaily (day, store, category, payment): additive measures. `transactions` counts distinct
 *   transactions with a line in the group: exact for one category (the pages filter one category
 *   at a time), an over-count when summed across categories; use transactionsHourly for totals.
 * - transactionsHourly (hour, store, payment): distinct transactions, additive (a transaction has
 *   one store, payment and time: those of its first line, as in the engine).
 * - productsDaily (day, store, product): for top products under any filter (join `products`).
 * - refundsDaily (day, store, product, reason): refund amount and count by the refund's own time.
 * - stores, products: the dimension rows, for joins (region, category, names): the stores (products)
 *   file's, else one row per id the events name, its region (category) from the sales file's region
 *   (category) column at the id's first sale, as the engine decides it, or "unknown".
 * Money is summed in integer cents and written as whole units (float64); units are summed in millionths
 * (exact for quantities of up to six decimals, weights included, as in the engine) and written as float64.
 */
export interface SalesCube {
  salesDaily: Columns;
  transactionsHourly: Columns;
  productsDaily: Columns;
  refundsDaily: Columns;
  stores: Columns;
  products: Columns;
  /** Latest sale or refund time, epoch ms; null without events. */
  asOf: number | null;
  inputRows: {sales: number; refunds: number};
}

export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const UNKNOWN = "unknown";

interface Measures {
  cents: number;
  /** Millionths of a unit (UNIT_SCALE). */
  units: number;
  lines: number;
  transactions: Set<string>;
  /** The transaction last added: a transaction's lines usually come together, so most adds are skipped. */
  last: string | undefined;
}

interface Group {
  parts: (string | number)[];
  m: Measures;
}

function bucket(time: number, size: number): number {
  return Math.floor(time / size) * size;
}

function measures(): Measures {
  return {cents: 0, units: 0, lines: 0, transactions: new Set(), last: undefined};
}

/**
 * The group of `parts` in a tree of Maps, one level per part: cheaper than joining the parts into
 * one string key per line (1M lines), and `all` collects the groups for sorting.
 */
function groupOf(root: Map<string | number, unknown>, parts: (string | number)[], all: Group[]): Group {
  let level = root;
  const last = parts.length - 1;
  for (let i = 0; i < last; ++i) {
    let next = level.get(parts[i]) as Map<string | number, unknown> | undefined;
    if (!next) level.set(parts[i], (next = new Map()));
    level = next;
  }
  let group = level.get(parts[last]) as Group | undefined;
  if (!group) {
    level.set(parts[last], (group = {parts, m: measures()}));
    all.push(group);
  }
  return group;
}

/** Adds a line; `distinct` also counts its transaction (only salesDaily has that column: the set is most of the cost). */
function add(group: Group, sale: SaleEvent, distinct: boolean): void {
  const m = group.m;
  m.cents += sale.amount;
  m.units += Math.round(sale.quantity * UNIT_SCALE);
  m.lines += 1;
  if (distinct && m.last !== sale.transactionId) m.transactions.add((m.last = sale.transactionId));
}

/** Groups in a fixed order (by their key parts), so the same events give the same files. */
function sorted<T extends {parts: (string | number)[]}>(groups: Iterable<T>): T[] {
  return [...groups].sort((a, b) => {
    for (let i = 0; i < a.parts.length; ++i) {
      const x = a.parts[i];
      const y = b.parts[i];
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
}

export function salesCube(
  sales: Iterable<SaleEvent>,
  refunds: Iterable<RefundEvent>,
  dimensions: {stores?: Map<string, Store>; products?: Map<string, Product>} = {}
): SalesCube {
  const cube = new SalesCubeBuilder(dimensions);
  for (const sale of sales) cube.sale(sale);
  for (const refund of refunds) cube.refund(refund);
  return cube.result();
}

type HourGroup = {parts: (string | number)[]; transactions: number; cents: number; lines: number};

/** salesCube one event at a time, so a reader can stream a file through it instead of holding every event. */
export class SalesCubeBuilder {
  /** Stores and products the events name that no dimension file gives (see SalesCube.stores). */
  private readonly seenStores = new Map<string, Store>();
  private readonly seenProducts = new Map<string, Product>();
  private readonly dailyTree = new Map<string | number, unknown>();
  private readonly daily: Group[] = [];
  private readonly productTree = new Map<string | number, unknown>();
  private readonly byProduct: Group[] = [];
  private readonly hourly = new Map<string, HourGroup>();
  // The first line of each transaction decides its store, payment and hour.
  private readonly firstLine = new Map<string, HourGroup>();
  private readonly refundGroups = new Map<string, {parts: (string | number)[]; cents: number; count: number}>();
  private asOf: number | null = null;
  private saleCount = 0;
  private refundCount = 0;

  constructor(private readonly dimensions: {stores?: Map<string, Store>; products?: Map<string, Product>} = {}) {}

  private categoryOf(productId: string): string {
    return (this.dimensions.products?.get(productId) ?? this.seenProducts.get(productId))?.category ?? UNKNOWN;
  }

  /** Notes a store and product no dimension file gives; the first sale naming one decides its region (category). */
  private see(storeId: string, productId: string, region: string | null | undefined, category: string | null | undefined): void {
    if (!this.dimensions.stores?.has(storeId) && !this.seenStores.has(storeId)) {
      this.seenStores.set(storeId, {storeId, name: storeId, city: "", region: region || UNKNOWN});
    }
    if (!this.dimensions.products?.has(productId) && !this.seenProducts.has(productId)) {
      this.seenProducts.set(productId, {productId, name: productId, category: category || UNKNOWN, subCategory: "", brand: ""});
    }
  }

  sale(sale: SaleEvent): void {
    ++this.saleCount;
    this.see(sale.storeId, sale.productId, sale.region, sale.category);
    if (this.asOf === null || sale.time > this.asOf) this.asOf = sale.time;
    const day = bucket(sale.time, DAY);
    add(groupOf(this.dailyTree, [day, sale.storeId, this.categoryOf(sale.productId), sale.payment], this.daily), sale, true);
    add(groupOf(this.productTree, [day, sale.storeId, sale.productId], this.byProduct), sale, false);
    let group = this.firstLine.get(sale.transactionId);
    if (group === undefined) {
      const parts = [bucket(sale.time, HOUR), sale.storeId, sale.payment];
      const key = parts.join("\u0000");
      group = this.hourly.get(key);
      if (!group) this.hourly.set(key, (group = {parts, transactions: 0, cents: 0, lines: 0}));
      this.firstLine.set(sale.transactionId, group);
      group.transactions += 1;
    }
    group.cents += sale.amount;
    group.lines += 1;
  }

  refund(refund: RefundEvent): void {
    ++this.refundCount;
    this.see(refund.storeId, refund.productId, null, null);
    if (this.asOf === null || refund.time > this.asOf) this.asOf = refund.time;
    const parts = [bucket(refund.time, DAY), refund.storeId, refund.productId, refund.reason];
    const key = parts.join("\u0000");
    let group = this.refundGroups.get(key);
    if (!group) this.refundGroups.set(key, (group = {parts, cents: 0, count: 0}));
    group.cents += refund.amount;
    group.count += 1;
  }

  result(): SalesCube {
    const {daily, byProduct, hourly, refundGroups, dimensions, seenStores, seenProducts, asOf, saleCount, refundCount} = this;
    const d = sorted(daily);
    const p = sorted(byProduct);
    const h = sorted(hourly.values());
    const r = sorted(refundGroups.values());
    const stores = [...(dimensions.stores?.values() ?? []), ...seenStores.values()].sort((a, b) => (a.storeId < b.storeId ? -1 : 1));
    const products = [...(dimensions.products?.values() ?? []), ...seenProducts.values()].sort((a, b) => (a.productId < b.productId ? -1 : 1));
    return {
      salesDaily: {
        day: {type: "timestamp", values: d.map((g) => g.parts[0])},
        store: {type: "utf8", values: d.map((g) => g.parts[1])},
        category: {type: "utf8", values: d.map((g) => g.parts[2])},
        payment: {type: "utf8", values: d.map((g) => g.parts[3])},
        revenue: {type: "float64", values: d.map((g) => g.m.cents / 100)},
        units: {type: "float64", values: d.map((g) => g.m.units / UNIT_SCALE)},
        lines: {type: "int32", values: d.map((g) => g.m.lines)},
        transactions: {type: "int32", values: d.map((g) => g.m.transactions.size)}
      },
      transactionsHourly: {
        hour: {type: "timestamp", values: h.map((g) => g.parts[0])},
        store: {type: "utf8", values: h.map((g) => g.parts[1])},
        payment: {type: "utf8", values: h.map((g) => g.parts[2])},
        transactions: {type: "int32", values: h.map((g) => g.transactions)},
        revenue: {type: "float64", values: h.map((g) => g.cents / 100)},
        lines: {type: "int32", values: h.map((g) => g.lines)}
      },
      productsDaily: {
        day: {type: "timestamp", values: p.map((g) => g.parts[0])},
        store: {type: "utf8", values: p.map((g) => g.parts[1])},
        product: {type: "utf8", values: p.map((g) => g.parts[2])},
        revenue: {type: "float64", values: p.map((g) => g.m.cents / 100)},
        units: {type: "float64", values: p.map((g) => g.m.units / UNIT_SCALE)},
        lines: {type: "int32", values: p.map((g) => g.m.lines)}
      },
      refundsDaily: {
        day: {type: "timestamp", values: r.map((g) => g.parts[0])},
        store: {type: "utf8", values: r.map((g) => g.parts[1])},
        product: {type: "utf8", values: r.map((g) => g.parts[2])},
        reason: {type: "utf8", values: r.map((g) => g.parts[3])},
        amount: {type: "float64", values: r.map((g) => g.cents / 100)},
        refunds: {type: "int32", values: r.map((g) => g.count)}
      },
      stores: {
        store: {type: "utf8", values: stores.map((s) => s.storeId)},
        name: {type: "utf8", values: stores.map((s) => s.name)},
        city: {type: "utf8", values: stores.map((s) => s.city)},
        region: {type: "utf8", values: stores.map((s) => s.region)},
        size_sqft: {type: "float64", values: stores.map((s) => s.sizeSqft ?? null)}
      },
      products: {
        product: {type: "utf8", values: products.map((x) => x.productId)},
        name: {type: "utf8", values: products.map((x) => x.name)},
        category: {type: "utf8", values: products.map((x) => x.category)},
        sub_category: {type: "utf8", values: products.map((x) => x.subCategory)},
        brand: {type: "utf8", values: products.map((x) => x.brand)}
      },
      asOf,
      inputRows: {sales: saleCount, refunds: refundCount}
    };
  }
}
