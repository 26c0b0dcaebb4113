import {describe, expect, it} from "vitest";
import type {RefundEvent, SaleEvent} from "../../../stream-bridge/events.ts";
import {createFeedRing, feedRowId} from "../../../stream-bridge/server/feedRing.ts";
import {feedArrow} from "../../../stream-bridge/server/feedArrow.ts";
import {tableFromIPC} from "apache-arrow";

let line = 1;
function sale(transactionId: string, time: number, quantity: number, amount: number, extra: Partial<SaleEvent> = {}): SaleEvent {
  return {kind: "sale", source: "t.csv", line: ++line, time, transactionId, storeId: "S01", productId: `P${line}`, customerId: "C1", quantity, unitPrice: amount, discount: 0, amount, payment: "card", ...extra};
}
function refund(refundId: string, time: number, amount: number): RefundEvent {
  return {kind: "refund", source: "r.csv", line: ++line, time, refundId, originalTransactionId: "T1", productId: "P1", storeId: "S02", customerId: null, amount, reason: "defective"};
}

describe("createFeedRing", () => {
  it("sums a transaction's lines into one entry: items, lines and amount", () => {
    const feed = createFeedRing(5);
    feed.sale(sale("T1", 1000, 2, 250));
    feed.sale(sale("T1", 1000, 1, 99));
    feed.sale(sale("T2", 2000, 3, 1500, {customerId: null, payment: "cash"}));
    expect(feed.entries()).toEqual([
      {kind: "sale", id: "T1", time: 1000, arrival: 1, store: "S01", items: 3, lines: 2, amount: 349, payment: "card", customer: "C1", transaction: null},
      {kind: "sale", id: "T2", time: 2000, arrival: 2, store: "S01", items: 3, lines: 1, amount: 1500, payment: "cash", customer: null, transaction: null}
    ]);
  });

  it("sums weighed quantities exactly (in millionths, like the windows' units), and feed.arrow keeps them fractional", () => {
    const feed = createFeedRing(5);
    feed.sale(sale("W1", 1000, 0.1, 10));
    feed.sale(sale("W1", 1000, 0.2, 20));
    feed.sale(sale("W1", 1000, 0.000001, 1));
    expect(feed.entries()[0].items).toBe(0.300001);
    const table = tableFromIPC(feedArrow(feed.entries(), {watermark: null}));
    expect(String(table.schema.fields.find((f) => f.name === "items")!.type)).toBe("Float64");
    expect(table.getChild("items")!.get(0)).toBe(0.300001);
  });

  it("a line of an earlier transaction still in the ring joins it, not only the last one", () => {
    const feed = createFeedRing(5);
    feed.sale(sale("T1", 1000, 1, 100));
    feed.sale(sale("T2", 2000, 1, 200));
    feed.sale(sale("T1", 1000, 2, 300));
    expect(feed.entries().map((e) => [e.id, e.lines, e.amount])).toEqual([
      ["T1", 2, 400],
      ["T2", 1, 200]
    ]);
  });

  it("small rings (scanned) and large ones (indexed by row id) group lines exactly as a plain list does", () => {
    for (const size of [200, 300]) {
      const feed = createFeedRing(size);
      // The model: a list of [row id, lines, amount], newest last; a line joins its entry while it is listed.
      const model: [string, number, number][] = [];
      let seed = 7;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const seen: [string, number][] = [];
      for (let i = 0; i < 3000; ++i) {
        // 30% of the lines belong to an earlier transaction: some still in the ring, some evicted.
        const [id, time] = seen.length && random() < 0.3 ? seen[Math.floor(random() * seen.length)] : ([`T${i}`, i * 1000] as [string, number]);
        seen.push([id, time]);
        feed.sale(sale(id, time, 1, 100 + i));
        const key = feedRowId({kind: "sale", id, time});
        const entry = model.find((m) => m[0] === key);
        if (entry) (entry[1] += 1), (entry[2] += 100 + i);
        else {
          model.push([key, 1, 100 + i]);
          if (model.length > size) model.shift();
        }
        if (i % 50 === 0) feed.drain();
      }
      expect(feed.entries().map((e) => [feedRowId(e), e.lines, e.amount]), `size ${size}`).toEqual(model);
    }
  });

  it("refunds are negative entries naming the refunded transaction", () => {
    const feed = createFeedRing(5);
    feed.refund(refund("R1", 5000, 1234));
    expect(feed.entries()[0]).toMatchObject({kind: "refund", id: "R1", amount: -1234, items: null, payment: null, transaction: "T1", store: "S02", customer: null});
  });

  it("keeps the newest `size` entries; drain() sends each change once and the deletes of what clients had", () => {
    const feed = createFeedRing(3);
    for (const [i, id] of ["T1", "T2", "T3"].entries()) feed.sale(sale(id, i * 1000, 1, 100));
    const first = feed.drain();
    expect(first.upsert.map((e) => e.id)).toEqual(["T1", "T2", "T3"]);
    expect(first.delete).toEqual([]);
    expect(feed.drain()).toEqual({upsert: [], delete: []});

    feed.sale(sale("T3", 2000, 1, 50)); // T3 grows
    feed.sale(sale("T4", 3000, 1, 100)); // evicts T1
    feed.sale(sale("T5", 4000, 1, 100)); // evicts T2
    feed.sale(sale("T6", 5000, 1, 100)); // evicts T3: its growth is never sent
    const second = feed.drain();
    expect(second.upsert.map((e) => e.id)).toEqual(["T4", "T5", "T6"]);
    expect(second.delete.sort()).toEqual([feedRowId({kind: "sale", id: "T1", time: 0}), feedRowId({kind: "sale", id: "T2", time: 1000}), feedRowId({kind: "sale", id: "T3", time: 2000})].sort());
    expect(feed.size).toBe(3);
  });

  it("an entry added and evicted within one drain is neither upserted nor deleted", () => {
    const feed = createFeedRing(1);
    feed.sale(sale("T1", 0, 1, 100));
    feed.drain();
    feed.sale(sale("T2", 1, 1, 100));
    feed.sale(sale("T3", 2, 1, 100));
    expect(feed.drain()).toEqual({upsert: [expect.objectContaining({id: "T3"})], delete: ["sale|T1|0"]});
  });

  it("drained rows are copies: a later line does not change what was already sent", () => {
    const feed = createFeedRing(2);
    feed.sale(sale("T1", 0, 1, 100));
    const [sent] = feed.drain().upsert;
    feed.sale(sale("T1", 0, 1, 100));
    expect(sent.amount).toBe(100);
    expect(feed.drain().upsert[0].amount).toBe(200);
  });

  it("seed() restores entries and arrival numbering without anything to drain", () => {
    const a = createFeedRing(2);
    for (const id of ["T1", "T2", "T3"]) a.sale(sale(id, 0, 1, 100));
    const b = createFeedRing(2);
    b.seed(a.entries());
    expect(b.drain()).toEqual({upsert: [], delete: []});
    b.sale(sale("T4", 0, 1, 100));
    expect(b.drain()).toEqual({upsert: [expect.objectContaining({id: "T4", arrival: 4})], delete: ["sale|T2|0"]});
  });

  it("rejects a size below 1", () => {
    expect(() => createFeedRing(0)).toThrow(/invalid feed size: 0/);
  });
});
