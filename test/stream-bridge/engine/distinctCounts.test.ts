import {describe, expect, it} from "vitest";
import {createEngine, restoreEngine} from "../../../stream-bridge/engine/index.ts";
import {DIMENSIONS, type Engine, type EngineOptions, type WindowRow} from "../../../stream-bridge/engine/types.ts";
import type {Product, SaleEvent, Store} from "../../../stream-bridge/events.ts";

/*
 * The engine counts distinct transactions and customers through shortcuts: the store and payment
 * of an id's first line (per window and in the totals), four inline products per id, bit columns
 * by customer index for keys < 256. Each shortcut falls back to a pair set; these streams are made
 * to hit every fallback (receipts whose lines change store, payment and region, interleaved
 * receipts, customers with many receipts and products in one window, more than 256 products and
 * stores) and are checked against plain Sets, with and without a save/restore in the middle.
 */

const M = 60_000;

function random(seed: number): () => number {
  return () => (seed = (seed * 48271) % 2147483647) / 2147483647;
}

interface Setup {
  stores: Map<string, Store>;
  products: Map<string, Product>;
  events: SaleEvent[];
}

/** Receipts interleaved (several open at once), `n` lines, keys drawn from the given cardinalities. */
function stream(seed: number, n: number, storeCount: number, productCount: number, customerCount: number): Setup {
  const r = random(seed);
  const stores = new Map<string, Store>(Array.from({length: storeCount}, (_, i) => [`S${i}`, {storeId: `S${i}`, name: "", city: "", region: `R${i % 5}`}]));
  const products = new Map<string, Product>(Array.from({length: productCount}, (_, i) => [`P${i}`, {productId: `P${i}`, name: "", category: `K${i % 7}`, subCategory: "", brand: ""}]));
  const events: SaleEvent[] = [];
  let clock = 1_700_000_000_000;
  let next = 0;
  const open: {id: string; store: number; payment: string; customer: string | null; left: number}[] = [];
  for (let line = 2; events.length < n; ++line) {
    clock += Math.floor(r() * 4000);
    if (open.length < 4 || r() < 0.3) {
      const customer = r() < 0.2 ? null : r() < 0.1 ? "" : `C${Math.floor(r() * customerCount)}`;
      open.push({id: `T${next++}`, store: Math.floor(r() * storeCount), payment: r() < 0.5 ? "card" : "cash", customer, left: 1 + Math.floor(r() * 9)});
    }
    const at = Math.floor(r() * open.length);
    const tx = open[at];
    // Some lines leave the receipt's store or payment, a few come late (within or beyond lateness).
    const store = r() < 0.15 ? Math.floor(r() * storeCount) : tx.store;
    const payment = r() < 0.1 ? "gift" : tx.payment;
    const time = clock - (r() < 0.05 ? Math.floor(r() * 5 * M) : 0);
    // Customers favour a few products, so one customer's receipts repeat and overflow four products.
    const product = r() < 0.5 ? Math.floor(r() * productCount) : (Number(tx.customer?.slice(1) ?? 0) * 7 + Math.floor(r() * 6)) % productCount;
    events.push({kind: "sale", source: "t.csv", line, time, transactionId: tx.id, storeId: `S${store}`, productId: `P${product}`, customerId: tx.customer, quantity: 1 + Math.floor(r() * 3), unitPrice: 0, discount: 0, amount: Math.floor(r() * 5000), payment});
    if (--tx.left === 0) open.splice(at, 1);
  }
  return {stores, products, events};
}

/** Distinct counts per window and totals with Sets, lateness by the earliest window. */
function reference({stores, products, events}: Setup, windowMs: number, hopMs: number, latenessMs: number) {
  type G = {lines: number; tx: Set<string>; cu: Set<string>};
  const windows = new Map<string, G>();
  const totals = new Map<string, G>();
  let max = -Infinity;
  const add = (groups: Map<string, G>, id: string, e: SaleEvent) => {
    let g = groups.get(id);
    if (!g) groups.set(id, (g = {lines: 0, tx: new Set(), cu: new Set()}));
    g.lines++;
    g.tx.add(e.transactionId);
    if (e.customerId) g.cu.add(e.customerId);
  };
  for (const e of events) {
    const starts: number[] = [];
    for (let s = Math.floor(e.time / hopMs) * hopMs; s + windowMs > e.time; s -= hopMs) starts.push(s);
    const late = max - latenessMs >= Math.min(...starts) + windowMs;
    max = Math.max(max, e.time);
    const keys: Record<string, string> = {all: "all", store: e.storeId, region: stores.get(e.storeId)!.region, category: products.get(e.productId)!.category, product: e.productId, payment: e.payment};
    for (const d of DIMENSIONS) add(totals, `${d}|${keys[d]}`, e);
    if (!late) for (const s of starts) for (const d of DIMENSIONS) add(windows, `${d}|${keys[d]}|${s}`, e);
  }
  const lines = (groups: Map<string, G>) => [...groups].map(([id, g]) => `${id} ${g.lines} ${g.tx.size} ${g.cu.size}`).sort();
  return {windows: lines(windows), totals: lines(totals)};
}

function run(setup: Setup, options: EngineOptions, restoreAt = -1) {
  let engine: Engine = createEngine(options);
  const rows: WindowRow[] = [];
  setup.events.forEach((e, i) => {
    engine.push(e);
    if (i % 101 === 0) rows.push(...engine.flush(0).windows.filter((row) => row.final));
    if (i === restoreAt) engine = restoreEngine(JSON.parse(JSON.stringify(engine.save())), options);
  });
  rows.push(...engine.finish(0).windows);
  return {
    windows: rows.map((w) => `${w.dimension}|${w.key}|${w.windowStart} ${w.lines} ${w.transactions} ${w.customers}`).sort(),
    totals: engine.snapshot().totals.map((t) => `${t.dimension}|${t.key} ${t.lines} ${t.transactions} ${t.customers}`).sort()
  };
}

describe("distinct transactions and customers", () => {
  for (const [name, stores, products] of [
    ["few keys (first-line maps, inline products, customer bit columns)", 12, 40],
    ["over 256 products and stores (IndexSet and pair-set fallbacks)", 300, 700]
  ] as const) {
    it(`equal plain Sets with ${name}, tumbling and hopping, through a save/restore`, () => {
      const setup = stream(stores * 31 + products, 6000, stores, products, 60);
      for (const [windowMs, hopMs, latenessMs] of [
        [5 * M, 5 * M, 2 * M],
        [10 * M, 2 * M, 3 * M]
      ]) {
        const options: EngineOptions = {windowMs, hopMs, latenessMs, dimensions: [...DIMENSIONS], stores: setup.stores, products: setup.products, historyWindows: 0};
        const expected = reference(setup, windowMs, hopMs, latenessMs);
        // The streams must exercise what they are for: repeat customers and multi-key receipts.
        expect(expected.totals.filter((row) => row.startsWith("store|")).length).toBe(stores);
        expect(run(setup, options)).toEqual(expected);
        expect(run(setup, options, 2500)).toEqual(expected);
      }
    });
  }
});

describe("transactions of stores with keys past 16 bits", () => {
  it("keep their first line's store and payment for refunds and distinct counts, through a save/restore", () => {
    const options: EngineOptions = {windowMs: M, latenessMs: M, dimensions: ["all", "store", "payment"]};
    const run = (restore: boolean) => {
      let engine = createEngine(options);
      // Intern 70,000 stores so that S69990… get keys that do not fit the packed 16-bit field.
      for (let i = 0; i < 70_000; ++i) engine.keyId("store", `S${i}`);
      const t = 1_700_000_000_000;
      const sale = (line: number, tx: string, store: string, payment: string) =>
        engine.push({kind: "sale", source: "t.csv", line, time: t + line * 1000, transactionId: tx, storeId: store, productId: "P1", customerId: "C1", quantity: 1, unitPrice: 0, discount: 0, amount: 100, payment});
      sale(1, "A", "S69990", "card");
      sale(2, "A", "S5", "cash"); // a later line of A elsewhere: A counts in both stores and both payments
      sale(3, "B", "S3", "card");
      sale(4, "A", "S69990", "card");
      if (restore) engine = restoreEngine(JSON.parse(JSON.stringify(engine.save())), options);
      sale(5, "A", "S5", "cash");
      engine.push({kind: "refund", source: "r.csv", line: 6, time: t + 6000, refundId: "R1", originalTransactionId: "A", productId: "P1", storeId: "S1", customerId: null, amount: 40, reason: ""});
      return engine.snapshot().totals.map((r) => `${r.dimension}|${r.key} ${r.lines} ${r.transactions} ${r.customers} ${r.refundAmount}`).sort();
    };
    const expected = ["all|all 5 2 1 40", "payment|card 3 2 1 40", "payment|cash 2 1 1 0", "store|S3 1 1 1 0", "store|S5 2 1 1 0", "store|S69990 2 1 1 40"];
    expect(run(false)).toEqual(expected);
    expect(run(true)).toEqual(expected);
  });
});
