import {formatCents} from "../lib/money.ts";
import {DAY, isPromoDay, Clock} from "./calendar.ts";
import {reasonWeights, REFUND_REASONS} from "./catalog.ts";
import {csvRow} from "./csv.ts";
import {PAYMENTS} from "./customers.ts";
import {dirtyKinds, DirtyWriter, INVENTORY_SPEC, REFUNDS_SPEC, TRANSACTIONS_SPEC, type DirtySpec, type ManifestEntry} from "./dirty.ts";
import {Heap, type Timed} from "./heap.ts";
import {Alias} from "./alias.ts";
import {Rng} from "./prng.ts";
import {refundAmount, refundTime} from "./refund.ts";
import {Reorderer, type LatenessStats} from "./reorder.ts";
import {emptyDraft} from "./shopper.ts";
import {RESTOCK, Stock, type InventoryRecord} from "./stock.ts";
import {Timestamps} from "./timestamp.ts";
import {CsvWriter, type RowSink, type Sink} from "./writer.ts";
import {UNDERPERFORMING_STORE} from "./stores.ts";
import {world, type WorldOptions} from "./world.ts";

export interface GenerateOptions extends WorldOptions {
  dirty: boolean;
}

export const FILES = {
  stores: "store_locations.csv",
  products: "product_catalog.csv",
  transactions: "transactions.csv",
  refunds: "refunds.csv",
  inventory: "inventory.csv"
} as const;

export type Outputs = Record<keyof typeof FILES, Sink>;

export interface Summary {
  seed: number;
  start: string;
  days: number;
  rows: Record<keyof typeof FILES, number>;
  baskets: number;
  customers: number;
  guestLineShare: number;
  refundRate: number;
  promotion: {first: string; days: number};
  underperformingStore: string;
  lateness: {transactions: LatenessStats; refunds: LatenessStats};
  lostDemand: {lines: number; units: number; topProducts: {productId: string; units: number}[]};
  stockOuts: {cells: number; restocks: number; audits: number};
  dirty?: {malformed: number; valid: number};
}

export interface GenerateResult {
  summary: Summary;
  /** Malformed rows injected by --dirty (empty otherwise). */
  manifest: ManifestEntry[];
  /** Valid-but-awkward rows and file features added by --dirty (BOM, CRLF, quoting). */
  valid: ManifestEntry[];
}

/** Numbers only (ids are formatted when written): up to two weeks of refunds wait in memory. */
interface PendingRefund extends Timed {
  basket: number;
  product: number;
  store: number;
  /** Customer index, -1 for a guest. */
  customer: number;
  amount: number;
  reason: number;
}

/** Chance a dirty file gets an injected row after a real one (at least enough for every kind ~2.5 times). */
function dirtyRate(kinds: number, expectedRows: number): number {
  return Math.min(0.25, Math.max(0.004, (2.5 * kinds) / Math.max(1, expectedRows)));
}

/**
 * Writes the five files for `options` to `outputs`, streaming: memory holds the world (stores,
 * products, customers, stock per store × product), refunds not yet due and the few rows held
 * back to arrive late, never the rows themselves. `onProgress` gets the lines written so far.
 */
export async function generate(options: GenerateOptions, outputs: Outputs, onProgress?: (lines: number) => void): Promise<GenerateResult> {
  const {seed, transactions: total} = options;
  const w = world(options);
  const {calendar: cal, catalog, customers, plan} = w;
  const products = catalog.products;
  const storeIds = w.stores.map((s) => s.id);
  const productIds = products.map((p) => p.id);
  const priceTexts = products.map((p) => formatCents(p.priceCents));
  const manifest: ManifestEntry[] = [];
  const valid: ManifestEntry[] = [];

  const writeDimension = (sink: Sink, header: string[], rows: (string | number)[][]) => {
    const writer = new CsvWriter(sink);
    writer.row(header.join(","));
    for (const row of rows) writer.row(csvRow(row));
    writer.flush();
  };
  writeDimension(
    outputs.stores,
    ["store_id", "name", "city", "region", "size_sqft", "opened"],
    w.stores.map((s) => [s.id, s.name, s.city, s.region, s.sizeSqft, s.opened])
  );
  writeDimension(
    outputs.products,
    ["product_id", "name", "category", "sub_category", "brand", "base_price", "starting_stock", "lead_time_days"],
    products.map((p) => [p.id, p.name, p.category, p.subCategory, p.brand, formatCents(p.priceCents), p.startingStock, p.leadTimeDays])
  );

  // Dirty transactions and refunds look like a spreadsheet export: BOM and CRLF; inventory stays LF.
  const open = (sink: Sink, spec: DirtySpec, bom: boolean, expectedRows: number): {writer: CsvWriter; rows: RowSink; dirty?: DirtyWriter} => {
    const writer = new CsvWriter(sink, options.dirty && bom ? "\r\n" : "\n");
    if (options.dirty && bom) {
      writer.raw("\uFEFF");
      valid.push({file: spec.file, line: 1, kind: "bom"}, {file: spec.file, line: 1, kind: "crlf"});
    }
    writer.row(spec.columns.join(","));
    if (!options.dirty) return {writer, rows: writer};
    const dirty = new DirtyWriter(writer, spec, new Rng(seed, `dirty:${spec.file}`), dirtyRate(dirtyKinds(spec).length, expectedRows), manifest, valid);
    return {writer, rows: dirty, dirty};
  };
  const tx = open(outputs.transactions, TRANSACTIONS_SPEC, true, total);
  const rf = open(outputs.refunds, REFUNDS_SPEC, true, total * 0.07);
  const inv = open(outputs.inventory, INVENTORY_SPEC, false, plan.stores * plan.products * (1 + cal.days / 7));
  const writers = [tx.writer, rf.writer, inv.writer];

  const txTimes = new Timestamps();
  const refundTimes = new Timestamps();
  const invTimes = new Timestamps();
  let inventoryRows = 0;
  const stock = new Stock(plan, new Rng(seed, "stock"), cal.start, cal.end, (r: InventoryRecord) => {
    ++inventoryRows;
    inv.rows.row(`${invTimes.format(r.time)},${storeIds[r.store]},${productIds[r.product]},${r.type === RESTOCK ? "restock" : "stock_count"},${r.quantity}`);
  });
  stock.open();

  const idWidth = Math.max(8, String(total).length);
  const transactionId = (basket: number) => `T${String(basket).padStart(idWidth, "0")}`;
  let refundCount = 0;
  const refundsOut = new Reorderer<PendingRefund>(new Rng(seed, "late:refunds"), (r, time) => {
    const id = `R${String(++refundCount).padStart(idWidth, "0")}`;
    const customer = r.customer >= 0 ? customers.id(r.customer) : "";
    rf.rows.row(`${id},${transactionId(r.basket)},${productIds[r.product]},${storeIds[r.store]},${customer},${formatCents(r.amount)},${REFUND_REASONS[r.reason]},${refundTimes.format(time)}`);
  });
  const salesOut = new Reorderer<string[]>(new Rng(seed, "late:transactions"), (rows) => {
    for (const row of rows) tx.rows.row(row);
  });

  const rng = new Rng(seed, "sales");
  const refundRng = new Rng(seed, "refunds");
  const reasons = products.map((p) => new Alias(reasonWeights(p)));
  const refundChance = products.map((p) => Math.min(0.6, p.refundRisk * w.refundScale));
  const pending = new Heap<PendingRefund>();
  const seen = new Uint8Array(customers.count);
  const clock = new Clock(cal);
  const draft = emptyDraft();
  let lines = 0;
  let baskets = 0;
  let guestLines = 0;
  let refundSeq = 0;
  let lastU = 0;
  let nextProgress = 1 << 16;

  while (lines < total) {
    // A basket's time comes from its place in the line sequence (plus up to two lines of jitter),
    // mapped through the footfall calendar: exactly `total` lines fill the period, whatever is lost.
    const u = Math.max(lastU, (lines + 2 * rng.next()) / total);
    lastU = u;
    const time = clock.at(u);
    stock.advance(time);
    for (let r = pending.peek(); r && r.time <= time; r = pending.peek()) refundsOut.offer(pending.pop()!, r.time, 1);

    const day = Math.floor((time - cal.start) / DAY);
    const promo = isPromoDay(cal, day);
    w.shopper.draft(rng, time, promo, draft);
    const store = draft.store;
    const customer = draft.customer >= 0 ? customers.id(draft.customer) : "";
    const payment = PAYMENTS[draft.payment];
    const rows: string[] = [];
    let id = "";
    let ts = "";
    for (let i = 0; i < draft.products.length && lines + rows.length < total; ++i) {
      const p = draft.products[i];
      const quantity = stock.take(store, p, draft.quantities[i], time);
      if (quantity === 0) continue;
      if (rows.length === 0) {
        id = transactionId(baskets + 1);
        ts = txTimes.format(time);
      }
      const gross = quantity * products[p].priceCents;
      // Promoted products are 20% or 25% off during the promotion; 3% of other lines carry a 10% coupon.
      const percent = promo && products[p].promoted ? (p % 2 ? 25 : 20) : rng.chance(0.03) ? 10 : 0;
      const discount = Math.round((gross * percent) / 100);
      rows.push(`${id},${ts},${storeIds[store]},${productIds[p]},${customer},${quantity},${priceTexts[p]},${percent ? formatCents(discount) : "0.00"},${payment}`);
      if (refundRng.chance(refundChance[p])) {
        const at = refundTime(refundRng, time);
        const reason = reasons[p].sample(refundRng);
        const amount = refundAmount(refundRng, gross - discount, quantity, REFUND_REASONS[reason]);
        if (at < cal.end) pending.push({time: at, seq: refundSeq++, basket: baskets + 1, product: p, store, customer: draft.customer, amount, reason});
      }
    }
    if (rows.length === 0) continue;
    ++baskets;
    lines += rows.length;
    if (draft.customer >= 0) seen[draft.customer] = 1;
    else guestLines += rows.length;
    salesOut.offer(rows, time, rows.length);
    if (lines >= nextProgress) {
      onProgress?.(lines);
      nextProgress += 1 << 16;
    }
    for (const writer of writers) if (writer.needsDrain) await writer.drain();
  }

  stock.advance(cal.end);
  for (let r = pending.pop(); r; r = pending.pop()) refundsOut.offer(r, r.time, 1);
  salesOut.finish();
  refundsOut.finish();
  tx.dirty?.finish();
  rf.dirty?.finish();
  inv.dirty?.finish();
  for (const writer of writers) writer.flush();
  onProgress?.(lines);

  const lost = stock.stats.lostByProduct;
  const summary: Summary = {
    seed,
    start: new Date(cal.start).toISOString().slice(0, 10),
    days: cal.days,
    rows: {stores: w.stores.length, products: products.length, transactions: lines, refunds: refundCount, inventory: inventoryRows},
    baskets,
    customers: seen.reduce((n, s) => n + s, 0),
    guestLineShare: round(guestLines / Math.max(1, lines)),
    refundRate: round(refundCount / Math.max(1, lines)),
    promotion: {first: new Date(cal.start + cal.promoFirstDay * DAY).toISOString().slice(0, 10), days: cal.promoDays},
    underperformingStore: UNDERPERFORMING_STORE,
    lateness: {transactions: salesOut.stats, refunds: refundsOut.stats},
    lostDemand: {
      lines: stock.stats.lostLines,
      units: stock.stats.lostUnits,
      topProducts: Array.from(lost, (units, p) => ({productId: productIds[p], units}))
        .filter((x) => x.units > 0)
        .sort((a, b) => b.units - a.units || a.productId.localeCompare(b.productId))
        .slice(0, 5)
    },
    stockOuts: {cells: stock.stats.cellsOut, restocks: stock.stats.restocks, audits: stock.stats.audits}
  };
  if (options.dirty) summary.dirty = {malformed: manifest.length, valid: valid.length};
  manifest.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  valid.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return {summary, manifest, valid};
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
