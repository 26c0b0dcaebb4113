import {DAY, HOUR} from "./calendar.ts";
import {Heap, type Timed} from "./heap.ts";
import type {Rng} from "./prng.ts";

export const STOCK_COUNT = 0;
export const RESTOCK = 1;

export interface InventoryRecord {
  time: number;
  store: number;
  product: number;
  type: typeof STOCK_COUNT | typeof RESTOCK;
  quantity: number;
}

/** Per store × product (cell = store * products + product). */
export interface StockPlan {
  stores: number;
  products: number;
  startingStock: Int32Array;
  reorderPoint: Int32Array;
  orderQuantity: Int32Array;
  leadTimeDays: Int32Array;
}

export interface StockStats {
  /** Sale lines that found the shelf empty (no line written). */
  lostLines: number;
  /** Units asked for but not on the shelf (whole lost lines and the short part of partial ones). */
  lostUnits: number;
  /** Store × product cells that reached zero at least once. */
  cellsOut: number;
  restocks: number;
  audits: number;
  /** Lost units per product. */
  lostByProduct: Int32Array;
}

interface Pending extends Timed {
  cell: number;
  /** Units arriving, or -1 for a store-wide audit. */
  quantity: number;
}

const AUDIT = -1;
/** Deliveries arrive before opening, 06:00–07:30. */
const DELIVERY_HOUR = 6;
const AUDIT_HOUR = 5;
const AUDIT_EVERY_DAYS = 7;
/** Chance an audit finds a unit or two missing (theft, breakage), so counts differ from the book. */
const SHRINK = 0.06;

/**
 * Shelf stock per store × product. A sale takes what is on the shelf (never more: the rest is
 * lost demand); falling to the reorder point places an order that arrives after the product's
 * lead time; a weekly audit reports the true count. Records come out in time order through `emit`.
 */
export class Stock {
  readonly stats: StockStats;
  private readonly onHand: Int32Array;
  private readonly onOrder: Uint8Array;
  private readonly wentOut: Uint8Array;
  private readonly pending = new Heap<Pending>();
  private seq = 0;

  constructor(
    private readonly plan: StockPlan,
    private readonly rng: Rng,
    private readonly start: number,
    private readonly end: number,
    private readonly emit: (record: InventoryRecord) => void
  ) {
    const cells = plan.stores * plan.products;
    this.onHand = new Int32Array(cells);
    this.onOrder = new Uint8Array(cells);
    this.wentOut = new Uint8Array(cells);
    this.stats = {lostLines: 0, lostUnits: 0, cellsOut: 0, restocks: 0, audits: 0, lostByProduct: new Int32Array(plan.products)};
  }

  /** Emits the opening stock counts and schedules the audits. */
  open(): void {
    const {stores, products, startingStock} = this.plan;
    for (let s = 0; s < stores; ++s) {
      for (let p = 0; p < products; ++p) {
        const cell = s * products + p;
        this.onHand[cell] = startingStock[cell];
        this.emit({time: this.start, store: s, product: p, type: STOCK_COUNT, quantity: startingStock[cell]});
      }
    }
    for (let t = this.start + AUDIT_EVERY_DAYS * DAY + AUDIT_HOUR * HOUR; t < this.end; t += AUDIT_EVERY_DAYS * DAY) {
      this.pending.push({time: t, seq: this.seq++, cell: -1, quantity: AUDIT});
    }
  }

  /** Applies deliveries and audits due at or before `time`. */
  advance(time: number): void {
    for (let next = this.pending.peek(); next && next.time <= time && next.time < this.end; next = this.pending.peek()) {
      this.pending.pop();
      if (next.quantity === AUDIT) this.audit(next.time);
      else this.deliver(next);
    }
  }

  /** Sells up to `quantity` units; returns the units sold (0 when the shelf is empty). */
  take(store: number, product: number, quantity: number, time: number): number {
    const cell = store * this.plan.products + product;
    const onHand = this.onHand[cell];
    const sold = onHand < quantity ? onHand : quantity;
    if (sold < quantity) {
      this.stats.lostUnits += quantity - sold;
      this.stats.lostByProduct[product] += quantity - sold;
      if (sold === 0) ++this.stats.lostLines;
    }
    this.onHand[cell] = onHand - sold;
    if (onHand - sold === 0 && !this.wentOut[cell]) {
      this.wentOut[cell] = 1;
      ++this.stats.cellsOut;
    }
    this.maybeOrder(cell, time);
    return sold;
  }

  private maybeOrder(cell: number, time: number): void {
    if (this.onOrder[cell] || this.onHand[cell] > this.plan.reorderPoint[cell]) return;
    this.onOrder[cell] = 1;
    const day = Math.floor((time - this.start) / DAY);
    const arrival = this.start + (day + this.plan.leadTimeDays[cell]) * DAY + DELIVERY_HOUR * HOUR + this.rng.int(90) * 60_000;
    this.pending.push({time: arrival, seq: this.seq++, cell, quantity: this.plan.orderQuantity[cell]});
  }

  private deliver(delivery: Pending): void {
    const {cell, quantity, time} = delivery;
    this.onHand[cell] += quantity;
    this.onOrder[cell] = 0;
    ++this.stats.restocks;
    const products = this.plan.products;
    this.emit({time, store: Math.floor(cell / products), product: cell % products, type: RESTOCK, quantity});
    this.maybeOrder(cell, time);
  }

  private audit(time: number): void {
    ++this.stats.audits;
    const {stores, products} = this.plan;
    for (let s = 0; s < stores; ++s) {
      for (let p = 0; p < products; ++p) {
        const cell = s * products + p;
        if (this.onHand[cell] > 0 && this.rng.chance(SHRINK)) {
          this.onHand[cell] = Math.max(0, this.onHand[cell] - this.rng.between(1, 2));
          if (this.onHand[cell] === 0 && !this.wentOut[cell]) {
            this.wentOut[cell] = 1;
            ++this.stats.cellsOut;
          }
        }
        this.emit({time, store: s, product: p, type: STOCK_COUNT, quantity: this.onHand[cell]});
        this.maybeOrder(cell, time);
      }
    }
  }
}
