import {describe, expect, test} from "vitest";
import {applyMessage, createState, decodeMessage, encodeDelta, encodeHello, encodeSnapshot} from "../../../stream-bridge/protocol/protocol.ts";
import {TABLES} from "../../../stream-bridge/server/tables.ts";
// The pages' own modules: plain browser JavaScript without npm: imports (and without type
// declarations, hence the expect-errors), run here in Node.
// @ts-expect-error untyped JS module
import {bridgeUrl, normalizeBridgeUrl} from "../../../src/components/bridgeUrl.js";
// @ts-expect-error untyped JS module
import {createDeltaLog} from "../../../src/components/deltaLog.js";
// @ts-expect-error untyped JS module
import {stateView} from "../../../src/components/liveView.js";

const totals = (store: string, cents: number, lines: number) => ({dimension: "store", key: store, revenue: cents, units: lines, lines, transactions: lines, customers: 1, refundAmount: 0, refundCount: 0, netRevenue: cents});
const schema = {totals: TABLES.totals, kpis: TABLES.kpis};

/** A client that applies wire messages with the protocol's own applyMessage and logs them. */
function client() {
  const state = createState();
  const log = createDeltaLog();
  const rows: Record<string, unknown>[] = [];
  return {
    state,
    log,
    rows,
    receive(text: string) {
      const message = decodeMessage(text);
      applyMessage(state, message);
      rows.push(...log.rows(message, state, 0));
    }
  };
}

const sum = (rows: Record<string, unknown>[], store: string) => rows.filter((r) => r.store === store).reduce((s, r) => s + Math.round((r.revenue as number) * 100), 0);

describe("createDeltaLog()", () => {
  test("logs what each delta added per store, so the log sums to the bridge's totals", () => {
    const c = client();
    c.receive(encodeHello({seq: 0, server: "a", time: 0, tables: ["totals", "kpis"]}));
    c.receive(encodeSnapshot({seq: 0, time: 0, watermark: null, tables: {totals: {...schema.totals, rows: [totals("S1", 1000, 2)]}, kpis: {...schema.kpis, rows: []}}}));
    c.receive(encodeDelta({seq: 1, time: 1, watermark: 5, ingest: null, tables: {totals: {columns: schema.totals.columns, upsert: [totals("S1", 1250, 3), totals("S2", 999, 1)], delete: []}}}));
    c.receive(encodeDelta({seq: 2, time: 2, watermark: 6, ingest: null, tables: {totals: {columns: schema.totals.columns, upsert: [totals("S2", 1998, 2)], delete: []}}}));
    expect(c.rows.map((r) => [r.seq, r.store, r.revenue, r.lines])).toEqual([
      [0, "S1", 10, 2],
      [1, "S1", 2.5, 1],
      [1, "S2", 9.99, 1],
      [2, "S2", 9.99, 1]
    ]);
    const view = stateView(c.state);
    for (const t of view.totals) expect(sum(c.rows, t.key as string)).toBe(Math.round((t.revenue as number) * 100));
  });

  test("a later snapshot of the same bridge (a resync) logs only the difference; reset() starts over", () => {
    const c = client();
    const snapshot = (seq: number, cents: number) => encodeSnapshot({seq, time: seq, watermark: null, tables: {totals: {...schema.totals, rows: [totals("S1", cents, 1)]}, kpis: {...schema.kpis, rows: []}}});
    c.receive(snapshot(0, 500));
    c.receive(snapshot(9, 800));
    expect(c.rows.map((r) => r.revenue)).toEqual([5, 3]);
    c.log.reset();
    c.receive(snapshot(0, 100));
    expect(c.rows.map((r) => r.revenue)).toEqual([5, 3, 1]);
  });

  test("ignores other dimensions and rows that did not change", () => {
    const c = client();
    c.receive(encodeSnapshot({seq: 0, time: 0, watermark: null, tables: {totals: {...schema.totals, rows: [totals("S1", 100, 1), {...totals("North", 100, 1), dimension: "region"}]}, kpis: {...schema.kpis, rows: []}}}));
    c.receive(encodeDelta({seq: 1, time: 1, watermark: null, ingest: null, tables: {totals: {columns: schema.totals.columns, upsert: [totals("S1", 100, 1)], delete: []}}}));
    expect(c.rows.map((r) => r.store)).toEqual(["S1"]);
  });
});

describe("bridgeUrl()", () => {
  const page = (search: string) => new URL(`http://127.0.0.1:3000/live${search}`);
  const memory = () => {
    const items = new Map<string, string>();
    return {getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v)};
  };

  test("connects to nothing unless told: no parameter, nothing remembered, no build-time default", () => {
    expect(bridgeUrl({location: page(""), storage: memory(), configured: null})).toBeNull();
  });

  test("takes ?bridge= in any of its forms and remembers it for the tab", () => {
    const storage = memory();
    expect(bridgeUrl({location: page("?bridge=8787"), storage, configured: null})).toBe("ws://127.0.0.1:8787/ws");
    expect(bridgeUrl({location: page(""), storage, configured: null})).toBe("ws://127.0.0.1:8787/ws");
    expect(bridgeUrl({location: page("?bridge=off"), storage, configured: "8787"})).toBeNull();
    expect(bridgeUrl({location: page(""), storage, configured: "8787"})).toBeNull();
  });

  test("normalizes host:port, http and ws URLs to the /ws endpoint", () => {
    const at = page("");
    expect(normalizeBridgeUrl("127.0.0.1:9000", at)).toBe("ws://127.0.0.1:9000/ws");
    expect(normalizeBridgeUrl("http://127.0.0.1:9000", at)).toBe("ws://127.0.0.1:9000/ws");
    expect(normalizeBridgeUrl("https://bridge.local", at)).toBe("wss://bridge.local/ws");
    expect(normalizeBridgeUrl("ws://127.0.0.1:9000/ws?token=abcdefgh", at)).toBe("ws://127.0.0.1:9000/ws?token=abcdefgh");
    expect(normalizeBridgeUrl("ftp://x", at)).toBeNull();
  });

  test("uses the build-time default (PULSE_BRIDGE meta) when nothing else says", () => {
    expect(bridgeUrl({location: page(""), storage: memory(), configured: "8787"})).toBe("ws://127.0.0.1:8787/ws");
  });
});

describe("stateView(state).feed", () => {
  test("the bridge's feed rows in whole units (refunds negative), and which tables the bridge sent", () => {
    const state = createState();
    const feed = {key: TABLES.feed.key, columns: TABLES.feed.columns};
    applyMessage(state, decodeMessage(encodeHello({seq: 0, server: "a", time: 0, tables: ["feed", "kpis"]})));
    applyMessage(
      state,
      decodeMessage(
        encodeSnapshot({
          seq: 0,
          time: 0,
          watermark: null,
          tables: {
            feed: {...feed, rows: [{kind: "sale", id: "T1", time: 1000, arrival: 1, store: "S01", items: 3, lines: 2, amount: 1299, payment: "card", customer: null, transaction: null}]},
            kpis: {...schema.kpis, rows: []}
          }
        })
      )
    );
    applyMessage(
      state,
      decodeMessage(
        encodeDelta({
          seq: 1,
          time: 1,
          watermark: null,
          ingest: null,
          tables: {feed: {columns: feed.columns, upsert: [{kind: "refund", id: "R1", time: 2000, arrival: 2, store: "S02", items: null, lines: 1, amount: -250, payment: null, customer: "C1", transaction: "T0"}], delete: ["sale|T1|1000"]}}
        })
      )
    );
    const view = stateView(state);
    expect(view.feed).toEqual([{kind: "refund", id: "R1", time: 2000, arrival: 2, store: "S02", items: null, lines: 1, amount: -2.5, payment: null, customer: "C1", transaction: "T0"}]);
    expect(view.tables).toEqual(["feed", "kpis"]);
    expect(stateView(createState()).tables).toEqual([]);
  });
});
