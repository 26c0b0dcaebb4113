import {describe, expect, it} from "vitest";
import {createEngine, restoreEngine} from "../../../stream-bridge/engine/index.ts";
import {windowRowId, type Dimension, type EngineOptions, type WindowRow} from "../../../stream-bridge/engine/types.ts";
import type {Product, RefundEvent, SaleEvent, Store} from "../../../stream-bridge/events.ts";

const S = 1000;
const M = 60_000;

let line = 1;
function sale(time: number, fields: Partial<SaleEvent> = {}): SaleEvent {
  return {kind: "sale", source: "t.csv", line: ++line, time, transactionId: `T${line}`, storeId: "S1", productId: "P1", customerId: null, quantity: 1, unitPrice: 100, discount: 0, amount: 100, payment: "card", ...fields};
}
function refund(time: number, originalTransactionId: string, fields: Partial<RefundEvent> = {}): RefundEvent {
  return {kind: "refund", source: "r.csv", line: ++line, time, refundId: `R${line}`, originalTransactionId, productId: "P1", storeId: "S1", customerId: null, amount: 50, reason: "defective", ...fields};
}

const base: EngineOptions = {windowMs: M, latenessMs: 10 * S, dimensions: ["all"]};
const pick = <R extends {dimension: string; key: string}>(rows: R[], dimension: string, key: string) => rows.filter((r) => r.dimension === dimension && r.key === key);

describe("windows", () => {
  it("are aligned to the Unix epoch, not to the first event (negative times included)", () => {
    const engine = createEngine({...base, windowMs: 3_600_000});
    engine.push(sale(-30 * S));
    engine.push(sale(Date.UTC(2024, 0, 1, 10, 59, 59)));
    const rows = engine.finish(0).windows;
    expect(rows.map((r) => [r.windowStart, r.windowEnd]).sort((a, b) => a[0] - b[0])).toEqual([
      [-3_600_000, 0],
      [Date.UTC(2024, 0, 1, 10), Date.UTC(2024, 0, 1, 11)]
    ]);
  });

  it("hop: an event is in every window of size W starting at a multiple of the hop that covers it", () => {
    const engine = createEngine({...base, windowMs: 3 * M, hopMs: M, latenessMs: 0});
    engine.push(sale(2 * M + 30 * S, {amount: 700}));
    const rows = engine.finish(0).windows;
    expect(rows.map((r) => [r.windowStart, r.windowEnd, r.revenue])).toEqual([
      [0, 3 * M, 700],
      [M, 4 * M, 700],
      [2 * M, 5 * M, 700]
    ]);
  });

  it("become final when the watermark reaches their end, and each final row is emitted exactly once", () => {
    const engine = createEngine(base);
    const emitted: WindowRow[] = [];
    const pushFlush = (t: number) => {
      engine.push(sale(t));
      emitted.push(...engine.flush(0).windows);
    };
    pushFlush(10 * S); // watermark 0
    pushFlush(69 * S); // watermark 59s: [0, 60s) still open
    expect(emitted.filter((r) => r.final)).toEqual([]);
    pushFlush(70 * S); // watermark 60s = end: final
    emitted.push(...engine.flush(0).windows, ...engine.flush(0).windows);
    const finals = emitted.filter((r) => r.final);
    expect(finals).toHaveLength(1);
    expect(finals[0]).toMatchObject({windowStart: 0, windowEnd: M, lines: 1, revenue: 100});
    // Partial rows came before: the first window's partial, then the second window's updates.
    expect(emitted.filter((r) => !r.final).map((r) => [r.windowStart, r.lines])).toEqual([
      [0, 1],
      [M, 1],
      [M, 2]
    ]);
    const end = engine.finish(0).windows;
    expect(end).toEqual([expect.objectContaining({windowStart: M, lines: 2, final: false})]);
  });

  it("send an event whose window is already final to the late side output (and to the totals)", () => {
    const engine = createEngine({...base, dimensions: ["all", "store"]});
    engine.push(sale(10 * S, {amount: 100}));
    engine.push(sale(70 * S, {amount: 200})); // watermark 60s: [0, 60s) final
    const first = engine.flush(0);
    const lateEvent = sale(59 * S, {amount: 400, storeId: "S2"});
    engine.push(lateEvent); // its window ended at 60s ≤ watermark
    const onTime = sale(61 * S, {amount: 800}); // [60s, 120s) ends after the watermark: on time though older than the max
    engine.push(onTime);
    const changes = engine.flush(0);
    expect(changes.late).toEqual([{source: "t.csv", line: lateEvent.line, eventTime: 59 * S, windowStart: 0, watermark: 60 * S}]);
    expect(changes.windows.filter((r) => r.windowStart === 0)).toEqual([]);
    expect(first.windows.filter((r) => r.final).map((r) => r.revenue)).toEqual([100, 100]);
    expect(pick(changes.totals, "all", "all")[0]).toMatchObject({revenue: 1500, lines: 4});
    expect(pick(changes.totals, "store", "S2")[0]).toMatchObject({revenue: 400, lines: 1});
    expect(changes.kpis).toMatchObject({late: 1, grossRevenue: 1500, watermark: 60 * S, maxEventTime: 70 * S});
    expect(pick(engine.finish(0).windows, "all", "all")[0]).toMatchObject({windowStart: M, revenue: 1000, lines: 2});
  });

  it("decide lateness of a hopped event by its earliest window", () => {
    const engine = createEngine({...base, windowMs: 3 * M, hopMs: M, latenessMs: 0});
    engine.push(sale(3 * M)); // watermark 3m: window [0, 3m) final
    engine.push(sale(2 * M + 59 * S)); // in [0,3m) (final), [1m,4m), [2m,5m): late, left out of all three
    engine.push(sale(3 * M - 1 + M)); // 3m59.999s: earliest window [1m, 4m) is open
    const changes = engine.finish(0);
    expect(changes.late.map((l) => [l.eventTime, l.windowStart])).toEqual([[2 * M + 59 * S, 0]]);
    expect(changes.windows.map((r) => [r.windowStart, r.lines])).toEqual([
      [M, 2],
      [2 * M, 2],
      [3 * M, 2]
    ]);
  });

  it("keep bounded state: final windows leave, only `historyWindows` of them stay for charts", () => {
    const engine = createEngine({...base, historyWindows: 3});
    const evicted: string[] = [];
    for (let minute = 0; minute < 100; ++minute) {
      engine.push(sale(minute * M + 30 * S));
      evicted.push(...engine.flush(0).evicted);
    }
    const state = engine.save() as unknown as {open: unknown[]; pendingFinal: unknown[]; history: unknown[]};
    expect(state.open.length).toBeLessThanOrEqual(2);
    expect(state.pendingFinal).toEqual([]);
    expect(state.history).toHaveLength(3);
    const snapshot = engine.snapshot();
    expect(snapshot.windows.filter((r) => r.final).map((r) => r.windowStart)).toEqual([96 * M, 97 * M, 98 * M]);
    expect(snapshot.windows.filter((r) => !r.final).map((r) => r.windowStart)).toEqual([99 * M]);
    expect(evicted).toHaveLength(96);
    expect(evicted[0]).toBe(windowRowId({dimension: "all", key: "all", windowStart: 0}));
  });
});

describe("measures", () => {
  it("count distinct transactions and customers per group, guests and empty ids excluded", () => {
    const engine = createEngine({...base, dimensions: ["all", "store", "product", "payment"]});
    const t = 5 * S;
    engine.push(sale(t, {transactionId: "A", productId: "P1", customerId: "C1", quantity: 2, amount: 300}));
    engine.push(sale(t, {transactionId: "A", productId: "P2", customerId: "C1"}));
    engine.push(sale(t, {transactionId: "A", productId: "P1", customerId: "C1"})); // same product twice in A
    engine.push(sale(t, {transactionId: "B", productId: "P1", customerId: "C1"}));
    engine.push(sale(t, {transactionId: "C", productId: "P1", customerId: null}));
    engine.push(sale(t, {transactionId: "D", productId: "P1", customerId: ""}));
    // One receipt over two stores and two payments (odd data): counted once per store and per payment.
    engine.push(sale(t, {transactionId: "E", storeId: "S1", payment: "card", customerId: "C2"}));
    engine.push(sale(t, {transactionId: "E", storeId: "S2", payment: "cash", customerId: "C2"}));
    engine.push(sale(t, {transactionId: "E", storeId: "S1", payment: "card", customerId: "C2"}));
    const {windows, totals} = engine.finish(0);
    for (const rows of [windows, totals]) {
      expect(pick(rows, "all", "all")[0]).toMatchObject({lines: 9, units: 10, revenue: 1100, transactions: 5, customers: 2});
      expect(pick(rows, "product", "P1")[0]).toMatchObject({lines: 8, transactions: 5, customers: 2});
      expect(pick(rows, "product", "P2")[0]).toMatchObject({lines: 1, transactions: 1, customers: 1});
      expect(pick(rows, "store", "S1")[0]).toMatchObject({lines: 8, transactions: 5, customers: 2});
      expect(pick(rows, "store", "S2")[0]).toMatchObject({lines: 1, transactions: 1, customers: 1});
      expect(pick(rows, "payment", "cash")[0]).toMatchObject({lines: 1, transactions: 1, customers: 1});
      expect(pick(rows, "payment", "card")[0]).toMatchObject({lines: 8, transactions: 5, customers: 2});
    }
  });

  it("attribute a refund to its transaction's store and payment, in the window of its own time", () => {
    const stores = new Map<string, Store>([
      ["S1", {storeId: "S1", name: "", city: "Leeds", region: "North"}],
      ["S9", {storeId: "S9", name: "", city: "Bath", region: "South"}]
    ]);
    const products = new Map<string, Product>([["P1", {productId: "P1", name: "", category: "Food", subCategory: "", brand: ""}]]);
    const dimensions: Dimension[] = ["all", "store", "region", "category", "product", "payment"];
    const engine = createEngine({...base, latenessMs: 0, dimensions, stores, products});
    engine.push(sale(10 * S, {transactionId: "T1", storeId: "S1", payment: "card", amount: 500}));
    engine.push(refund(5 * M, "T1", {storeId: "S9", amount: 120})); // the row names another store: the sale's wins
    engine.push(refund(6 * M, "T404", {storeId: "S9", amount: 30})); // never seen: unmatched, its own store
    const {windows, totals, kpis} = engine.finish(0);
    const at = (start: number) => windows.filter((r) => r.windowStart === start).map((r) => `${r.dimension}=${r.key} ${r.revenue}/${r.refundAmount}/${r.refundCount}/${r.netRevenue}`);
    expect(at(5 * M)).toEqual(["all=all 0/120/1/-120", "store=S1 0/120/1/-120", "region=North 0/120/1/-120", "category=Food 0/120/1/-120", "product=P1 0/120/1/-120", "payment=card 0/120/1/-120"]);
    expect(at(6 * M)).toEqual(["all=all 0/30/1/-30", "store=S9 0/30/1/-30", "region=South 0/30/1/-30", "category=Food 0/30/1/-30", "product=P1 0/30/1/-30", "payment=unknown 0/30/1/-30"]);
    expect(pick(totals, "store", "S1")[0]).toMatchObject({revenue: 500, refundAmount: 120, netRevenue: 380, transactions: 1});
    expect(kpis).toMatchObject({grossRevenue: 500, refunds: 150, netRevenue: 350, unmatchedRefunds: 1, transactions: 1, averageOrderValue: 500});
  });

  it("key region and category 'unknown' without dimension tables", () => {
    const engine = createEngine({...base, dimensions: ["region", "category"]});
    engine.push(sale(S));
    expect(engine.finish(0).windows.map((r) => `${r.dimension}=${r.key}`)).toEqual(["region=unknown", "category=unknown"]);
  });
});

describe("KPIs", () => {
  it("count rows read, rejects, data quality and events per second from the flush clock", () => {
    const engine = createEngine(base);
    engine.flush(1000);
    for (let i = 0; i < 30; ++i) engine.push(sale(i * S));
    engine.reject({source: "t.csv", line: 99, reason: "bad_number", raw: "x"});
    const {kpis} = engine.flush(3000);
    expect(kpis).toMatchObject({rowsRead: 31, rejected: 1, eventsPerSecond: 15, dataQuality: 30 / 31});
    expect(createEngine(base).flush(0).kpis).toMatchObject({rowsRead: 0, dataQuality: 1, watermark: null, averageOrderValue: 0});
  });
});

describe("options", () => {
  it("reject a hop longer than the window and bad sizes", () => {
    expect(() => createEngine({...base, hopMs: 2 * M})).toThrow(/hopMs/);
    expect(() => createEngine({...base, windowMs: 0})).toThrow(/windowMs/);
    expect(() => createEngine({...base, latenessMs: -1})).toThrow(/latenessMs/);
    expect(() => createEngine({...base, dimensions: ["city" as Dimension]})).toThrow(/dimension: "city"/);
  });
});

/** A brute-force reference: the rules of docs/engine.md with Sets and arrays, no cleverness. */
function reference(events: (SaleEvent | RefundEvent)[], windowMs: number, hopMs: number, latenessMs: number, categoryOf: (product: string) => string) {
  let max = -Infinity;
  const firstLine = new Map<string, SaleEvent>();
  type G = {revenue: number; units: number; lines: number; tx: Set<string>; cu: Set<string>; refundAmount: number; refundCount: number};
  const windows = new Map<string, G>();
  const totals = new Map<string, G>();
  const late: number[] = [];
  const add = (groups: Map<string, G>, id: string, e: SaleEvent | RefundEvent) => {
    let g = groups.get(id);
    if (!g) groups.set(id, (g = {revenue: 0, units: 0, lines: 0, tx: new Set(), cu: new Set(), refundAmount: 0, refundCount: 0}));
    if (e.kind === "sale") {
      g.revenue += e.amount;
      g.units += e.quantity;
      g.lines++;
      g.tx.add(e.transactionId);
      if (e.customerId) g.cu.add(e.customerId);
    } else {
      g.refundAmount += e.amount;
      g.refundCount++;
    }
  };
  for (const e of events) {
    const starts: number[] = [];
    for (let s = Math.floor(e.time / hopMs) * hopMs; s + windowMs > e.time; s -= hopMs) starts.push(s);
    const isLate = max - latenessMs >= Math.min(...starts) + windowMs;
    max = Math.max(max, e.time);
    let keys: [string, string][];
    if (e.kind === "sale") {
      // A late sale is still a seen transaction: later refunds of it are matched.
      if (!firstLine.has(e.transactionId)) firstLine.set(e.transactionId, e);
      keys = [["all", "all"], ["store", e.storeId], ["category", categoryOf(e.productId)], ["product", e.productId], ["payment", e.payment]];
    } else {
      const original = firstLine.get(e.originalTransactionId);
      keys = [["all", "all"], ["store", original ? original.storeId : e.storeId], ["category", categoryOf(e.productId)], ["product", e.productId], ["payment", original ? original.payment : "unknown"]];
    }
    for (const [dim, key] of keys) add(totals, `${dim}|${key}|0`, e);
    if (isLate) {
      late.push(e.line);
      continue;
    }
    for (const s of starts) for (const [dim, key] of keys) add(windows, `${dim}|${key}|${s}`, e);
  }
  const lines = (groups: Map<string, G>) => [...groups].map(([id, g]) => `${id} ${g.revenue} ${g.units} ${g.lines} ${g.tx.size} ${g.cu.size} ${g.refundAmount} ${g.refundCount}`).sort();
  return {windows: lines(windows), totals: lines(totals), late};
}

const measures = (r: {dimension: string; key: string; revenue: number; units: number; lines: number; transactions: number; customers: number; refundAmount: number; refundCount: number}, start: number) =>
  `${r.dimension}|${r.key}|${start} ${r.revenue} ${r.units} ${r.lines} ${r.transactions} ${r.customers} ${r.refundAmount} ${r.refundCount}`;

describe("against a brute-force reference", () => {
  it("agrees on random out-of-order streams (tumbling and hopping, refunds, big baskets, repeated ids), windows and totals", () => {
    let seed = 42;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const products = new Map<string, Product>(Array.from({length: 30}, (_, i) => [`P${i}`, {productId: `P${i}`, name: "", category: `K${i % 4}`, subCategory: "", brand: ""}]));
    const categoryOf = (id: string) => products.get(id)?.category ?? "unknown";
    for (const [windowMs, hopMs, latenessMs, basket] of [
      [M, M, 10 * S, 3],
      [5 * M, M, 90 * S, 3],
      [2 * M, 30 * S, 0, 2],
      [M, M, 3_600_000, 12]
    ]) {
      const events: (SaleEvent | RefundEvent)[] = [];
      let clock = 1_000_000_000;
      for (let i = 0; i < 3000; ++i) {
        clock += Math.floor(random() * 5 * S);
        const jitter = random() < 0.1 ? Math.floor(random() * 4 * M) : 0; // some rows arrive late, some very late
        const tx = `T${Math.floor(i / basket) - (random() < 0.05 ? 7 : 0)}`;
        const product = `P${Math.floor(random() * (basket > 3 ? 30 : 5))}${random() < 0.02 ? "-new" : ""}`;
        if (random() < 0.1) events.push(refund(clock - jitter, random() < 0.8 ? `T${Math.floor(random() * (i / basket + 5))}` : "nope", {storeId: `S${Math.floor(random() * 3)}`, productId: product, amount: 1 + Math.floor(random() * 500)}));
        else
          events.push(
            sale(clock - jitter, {
              transactionId: tx,
              storeId: `S${Math.floor(random() * 3)}`,
              productId: product,
              customerId: random() < 0.3 ? null : `C${Math.floor(random() * 40)}`,
              quantity: 1 + Math.floor(random() * 3),
              amount: Math.floor(random() * 10_000),
              payment: random() < 0.5 ? "card" : "cash"
            })
          );
      }
      const engine = createEngine({windowMs, hopMs, latenessMs, dimensions: ["all", "store", "category", "product", "payment"], products, historyWindows: 0});
      const finals: WindowRow[] = [];
      const late: number[] = [];
      events.forEach((e, i) => {
        engine.push(e);
        if (i % 97 === 0) {
          const changes = engine.flush(0);
          finals.push(...changes.windows.filter((r) => r.final));
          late.push(...changes.late.map((l) => l.line));
        }
      });
      const end = engine.finish(0);
      const rows = [...finals, ...end.windows];
      late.push(...end.late.map((l) => l.line));
      const expected = reference(events, windowMs, hopMs, latenessMs, categoryOf);
      expect(new Set(rows.map(windowRowId)).size, "each row once").toBe(rows.length);
      expect(rows.map((r) => measures(r, r.windowStart)).sort()).toEqual(expected.windows);
      expect(engine.snapshot().totals.map((r) => measures(r, 0)).sort()).toEqual(expected.totals);
      expect(late).toEqual(expected.late);
      if (latenessMs < 3_600_000) expect(late.length).toBeGreaterThan(0);
    }
  });
});

describe("save and restore", () => {
  it("continue exactly where an uninterrupted run would be, through JSON", () => {
    const options: EngineOptions = {windowMs: M, latenessMs: 30 * S, dimensions: ["all", "store", "product", "payment"]};
    const events = Array.from({length: 400}, (_, i) => sale(i * 7 * S - (i % 13 === 0 ? 2 * M : 0), {transactionId: `T${i >> 1}`, storeId: `S${i % 3}`, productId: `P${i % 4}`, customerId: `C${i % 17}`}));
    const straight = createEngine(options);
    const a = events.flatMap((e, i) => (straight.push(e), i % 50 === 49 ? straight.flush(0).windows.filter((r) => r.final) : []));
    const aEnd = straight.finish(0);

    let engine = createEngine(options);
    const b: WindowRow[] = [];
    events.forEach((e, i) => {
      engine.push(e);
      if (i % 50 === 49) b.push(...engine.flush(0).windows.filter((r) => r.final));
      if (i === 199) engine = restoreEngine(JSON.parse(JSON.stringify(engine.save())), options);
    });
    const bEnd = engine.finish(0);
    expect(b).toEqual(a);
    expect(bEnd.windows).toEqual(aEnd.windows);
    expect(engine.snapshot().totals).toEqual(straight.snapshot().totals);
    expect({...bEnd.kpis, eventsPerSecond: 0}).toEqual({...aEnd.kpis, eventsPerSecond: 0});
    expect(() => restoreEngine(engine.save(), {...options, windowMs: 2 * M})).toThrow(/restore with the same options/);
  });
});
