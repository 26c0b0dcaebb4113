import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createState, type ClientState} from "../../../stream-bridge/protocol/protocol.ts";
import {aggregate, batchTotals, batchWindows, clientRows, connect, done, generate, inputs, killAll, serve, waitUntil, type Client} from "./serveProcess.ts";

let dir: string;
let batch: Record<string, Record<string, unknown>[]>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pulse-live-batch-"));
  // Dirty data: rejects, duplicates, late rows and awkward CSV all go through both paths.
  await generate(join(dir, "data"), ["--seed", "11", "--days", "2", "--transactions", "6000", "--dirty"]);
  batch = await aggregate(join(dir, "data"), join(dir, "batch"));
});
afterAll(async () => {
  await killAll();
  await rm(dir, {recursive: true, force: true});
});

// Keep every final window and late record so the client's state can be compared with the whole batch output.
const args = () => [...inputs(join(dir, "data")), "--speed", "max", "--tick", "20ms", "--history", "1000000", "--late-history", "1000000"];

function expectEqualsBatch(state: ClientState) {
  const windows = clientRows(state, "windows");
  expect(windows.length).toBe(batch.windows.length);
  expect(windows).toEqual(batchWindows(batch.windows));
  expect(clientRows(state, "totals")).toEqual(batchTotals(batch.totals));
  const kpis = [...state.tables.kpis.rows.values()][0];
  const k = batch.kpis[0];
  expect({rowsRead: kpis.rowsRead, rejected: kpis.rejected, late: kpis.late, unmatched: kpis.unmatchedRefunds, net: kpis.netRevenue, transactions: kpis.transactions}).toEqual({
    rowsRead: k.rows_read,
    rejected: k.rejected,
    late: k.late,
    unmatched: k.unmatched_refunds,
    net: Math.round((k.net_revenue as number) * 100),
    transactions: k.transactions
  });
  const late = [...state.tables.late.rows.values()].map((r) => `${r.source}:${r.line}:${r.eventTime}:${r.windowStart}`).sort();
  expect(late).toEqual(batch.late.map((r) => `${r.source}:${r.line}:${r.event_time}:${r.window_start}`).sort());
}

/** Resolves after the client has applied `n` deltas. */
const deltas = (client: Client, n: number) => waitUntil(() => client.messages.filter((m) => m.type === "delta").length >= n, 30_000, 5);

describe("pulse serve --speed max", () => {
  it("a client applying snapshot + deltas ends with exactly the batch windows, totals, kpis and late records when the replay table says done; so does one that resumes mid-stream", async () => {
    expect(batch.rejects.length).toBeGreaterThan(0);
    expect(batch.late.length).toBeGreaterThan(0);
    const server = await serve([...args(), "--wait-clients", "2"]);
    try {
      const whole = connect(server.ws);
      const resumer = connect(server.ws);
      await deltas(resumer, 3);
      resumer.socket.close();
      await resumer.closed;
      const seen = resumer.state.seq;
      const again = connect(`${server.ws}?since=${seen}&server=${resumer.state.server}`, {state: resumer.state});
      // The stream itself says when the replay is over: "done" comes in the delta with the last windows.
      await waitUntil(() => [...(whole.state.tables.replay?.rows.values() ?? [])][0]?.status === "done", 60_000, 5);
      expectEqualsBatch(whole.state);
      expect([...whole.state.tables.replay.rows.values()]).toEqual([{status: "done", lap: 0, error: null}]);
      const health = await done(server);
      await Promise.all([whole.reach(health.seq), again.reach(health.seq)]);
      // The whole stream was deltas after an empty snapshot, and the resume got deltas, not a new snapshot.
      expect(whole.messages.filter((m) => m.type === "snapshot")).toHaveLength(1);
      expect(whole.messages.filter((m) => m.type === "delta").length).toBeGreaterThan(3);
      expect(again.messages[0].type).toBe("hello");
      expect(again.messages.slice(1).every((m) => m.type === "delta" || m.type === "heartbeat")).toBe(true);
      expectEqualsBatch(whole.state);
      expectEqualsBatch(again.state);
      whole.socket.close();
      again.socket.close();
    } finally {
      await server.stop();
    }
  });

  it("a client that comes back after the replay buffer moved on gets a fresh snapshot and still ends equal", async () => {
    const server = await serve([...args(), "--wait-clients", "1", "--replay-buffer", "2"]);
    try {
      const client = connect(server.ws);
      await deltas(client, 2);
      client.socket.close();
      await client.closed;
      const seen = client.state.seq;
      await waitUntil(async () => (await server.health()).seq >= seen + 4);
      const again = connect(`${server.ws}?since=${seen}&server=${client.state.server}`, {state: client.state});
      const health = await done(server);
      await again.reach(health.seq);
      expect(again.messages[1].type).toBe("snapshot");
      expectEqualsBatch(again.state);
      // A client from another server (or a restarted one) is not trusted with its seq either.
      const stranger = connect(`${server.ws}?since=${health.seq}&server=not-this-one`, {state: createState()});
      await stranger.reach(health.seq);
      expect(stranger.messages.map((m) => m.type).slice(0, 2)).toEqual(["hello", "snapshot"]);
      expectEqualsBatch(stranger.state);
      again.socket.close();
      stranger.socket.close();
    } finally {
      await server.stop();
    }
  });
});
