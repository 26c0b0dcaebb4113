import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {fromArrow, tableRows} from "../../../loaders/io/arrow.ts";
import type {ClientState, Row} from "../../../stream-bridge/protocol/protocol.ts";
import {connect, done, generate, get, inputs, killAll, serve, waitUntil, type Client} from "../server/serveProcess.ts";

/**
 * The live `feed` table over the wire: a real `pulse serve --speed max` replay, a client applying
 * snapshot + deltas, checked against DuckDB over the same CSVs and against the bridge's own
 * /snapshot/feed.arrow; a bounded feed is checked against the unbounded one, for a client that
 * followed the whole stream and one that resumed.
 */
let dir: string;
let oracle: {sales: Map<string, Row>; refunds: Map<string, Row>};
let unbounded: Row[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pulse-feed-"));
  await generate(join(dir, "data"), ["--seed", "5", "--days", "2", "--transactions", "3000"]);
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  const all = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, any>[];
  const ms = (c: string) => `epoch_ms(strptime(${c}, '%Y-%m-%dT%H:%M:%SZ'))`;
  const t = join(dir, "data", "transactions.csv");
  const r = join(dir, "data", "refunds.csv");
  // Money exactly: each line's amount in cents, summed per transaction.
  const sales = await all(`
    SELECT transaction_id AS id, min(${ms("timestamp")}) AS time, any_value(store_id) AS store, sum(quantity::INTEGER)::INTEGER AS items, count(*)::INTEGER AS lines,
      sum(quantity::INTEGER * unit_price::DECIMAL(12, 2) * 100 - discount::DECIMAL(12, 2) * 100)::BIGINT AS amount, any_value(payment_method) AS payment, any_value(customer_id) AS customer,
      count(DISTINCT timestamp)::INTEGER AS times
    FROM read_csv('${t}', all_varchar = true) GROUP BY transaction_id`);
  const refunds = await all(`
    SELECT refund_id AS id, ${ms("timestamp")} AS time, store_id AS store, (-refund_amount::DECIMAL(12, 2) * 100)::BIGINT AS amount, customer_id AS customer, original_transaction_id AS transaction
    FROM read_csv('${r}', all_varchar = true)`);
  db.closeSync();
  instance.closeSync();
  expect(sales.every((s) => s.times === 1)).toBe(true); // a basket's lines share one time
  oracle = {
    sales: new Map(sales.map((s) => [s.id, {kind: "sale", id: s.id, time: Number(s.time), store: s.store, items: s.items, lines: s.lines, amount: Number(s.amount), payment: s.payment, customer: s.customer || null, transaction: null}])),
    refunds: new Map(refunds.map((s) => [s.id, {kind: "refund", id: s.id, time: Number(s.time), store: s.store, items: null, lines: 1, amount: Number(s.amount), payment: null, customer: s.customer || null, transaction: s.transaction}]))
  };
});
afterAll(async () => {
  await killAll();
  await rm(dir, {recursive: true, force: true});
});

const args = (feedSize: number) => [...inputs(join(dir, "data")), "--speed", "max", "--tick", "20ms", "--feed-size", String(feedSize), "--hardware-interval", "0"];

function feedRows(state: ClientState): Row[] {
  return [...(state.tables.feed?.rows.values() ?? [])].map((row) => ({...row})).sort((a, b) => (a.arrival as number) - (b.arrival as number));
}

/** A row without the bridge-assigned arrival number, for comparison with DuckDB. */
function content({arrival, ...row}: Row): Row {
  return row;
}

describe("the feed table", () => {
  it("with room for everything, holds every transaction (its lines summed) and every refund (negative) exactly as DuckDB sums the CSVs", async () => {
    const server = await serve([...args(100_000), "--wait-clients", "1"]);
    try {
      const client = connect(server.ws);
      const health = await done(server);
      await client.reach(health.seq);
      unbounded = feedRows(client.state);
      const sales = unbounded.filter((r) => r.kind === "sale");
      const refunds = unbounded.filter((r) => r.kind === "refund");
      expect(sales.length).toBe(oracle.sales.size);
      expect(refunds.length).toBe(oracle.refunds.size);
      for (const row of sales) expect(content(row)).toEqual(oracle.sales.get(row.id as string));
      for (const row of refunds) expect(content(row)).toEqual(oracle.refunds.get(row.id as string));
      expect(unbounded.map((r) => r.arrival)).toEqual(unbounded.map((_, i) => i + 1));
      // The HTTP snapshot is the same table (money in whole units there).
      const arrow = tableRows(fromArrow(new Uint8Array((await get(`${server.url}/snapshot/feed.arrow`)).body)));
      expect(arrow.map((r) => [r.arrival, r.kind, r.id, r.time, Math.round((r.amount as number) * 100)])).toEqual(unbounded.map((r) => [r.arrival, r.kind, r.id, r.time, r.amount]));
      client.socket.close();
    } finally {
      await server.stop();
    }
  });

  it("bounded to --feed-size, snapshot + deltas end with exactly the newest entries; a resuming client gets only what it missed, no duplicates", async () => {
    expect(unbounded?.length).toBeGreaterThan(1000);
    const size = 25;
    const server = await serve([...args(size), "--wait-clients", "2"]);
    try {
      const whole = connect(server.ws);
      const resumer = connect(server.ws);
      await waitUntil(() => resumer.messages.filter((m) => m.type === "delta").length >= 3, 30_000, 5);
      resumer.socket.close();
      await resumer.closed;
      const seen = resumer.state.seq;
      const again: Client = connect(`${server.ws}?since=${seen}&server=${resumer.state.server}`, {state: resumer.state});
      const health = await done(server);
      await Promise.all([whole.reach(health.seq), again.reach(health.seq)]);

      const newest = unbounded.slice(-size);
      expect(feedRows(whole.state)).toEqual(newest);
      expect(feedRows(again.state)).toEqual(newest);
      // Every delta's feed rows are bounded too, and the resume was the missed deltas in order, not a snapshot.
      expect(again.messages[0].type).toBe("hello");
      const resumed = again.messages.filter((m) => m.type === "delta");
      expect(resumed[0].seq).toBe(seen + 1);
      expect(resumed.map((m) => m.seq)).toEqual(resumed.map((_, i) => seen + 1 + i));
      expect(again.messages.some((m) => m.type === "snapshot")).toBe(false);
      for (const m of whole.messages) if (m.type === "delta" && m.tables.feed) expect(m.tables.feed.upsert.length).toBeLessThanOrEqual(size);
      // A fresh client's snapshot is the same state.
      const fresh = connect(server.ws);
      await fresh.reach(health.seq);
      expect(feedRows(fresh.state)).toEqual(newest);
      for (const c of [whole, again, fresh]) c.socket.close();
    } finally {
      await server.stop();
    }
  });

  it("--feed-size 0 leaves the table out: not in hello or the snapshot, and /snapshot/feed.arrow is a 404", async () => {
    const server = await serve([...args(0), "--wait-clients", "1"]);
    try {
      const client = connect(server.ws);
      const health = await done(server);
      await client.reach(health.seq);
      const hello = client.messages.find((m) => m.type === "hello");
      expect(hello && "tables" in hello ? hello.tables : null).toEqual(["windows", "totals", "kpis", "late", "alerts", "replay"]);
      expect(client.state.tables.feed).toBeUndefined();
      expect((await get(`${server.url}/snapshot/feed.arrow`)).status).toBe(404);
      client.socket.close();
    } finally {
      await server.stop();
    }
  });
});
