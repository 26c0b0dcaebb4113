import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {ClientState} from "../../../stream-bridge/protocol/protocol.ts";
import {connect, done, generate, inputs, killAll, serve, waitUntil} from "./serveProcess.ts";

/**
 * Business alerts raised by a real `pulse serve` replay: stock-outs and revenue spikes arrive on the
 * `alerts` table, and a bridge killed with -9 and restarted from its checkpoint ends with the same
 * alerts and the same feed as an uninterrupted run (none lost, none twice).
 */
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pulse-live-alerts-"));
  // Ten days: enough for the day-over-day revenue baseline (from day 4) and for shelves to run empty.
  await generate(join(dir, "data"), ["--seed", "3", "--days", "10", "--transactions", "12000"]);
});
afterAll(async () => {
  await killAll();
  await rm(dir, {recursive: true, force: true});
});

const alertsOf = (state: ClientState) =>
  [...state.tables.alerts.rows.values()].map((a) => `${a.id} ${a.severity} ${a.store} ${a.message}`).sort();
const feedOf = (state: ClientState) => [...state.tables.feed.rows.values()].sort((a, b) => (a.arrival as number) - (b.arrival as number));

async function run(args: string[]) {
  const server = await serve([...inputs(join(dir, "data")), ...args, "--wait-clients", "1"]);
  try {
    const client = connect(server.ws);
    const health = await done(server);
    await client.reach(health.seq);
    client.socket.close();
    return {state: client.state, stderr: server.stderr()};
  } finally {
    await server.stop();
  }
}

describe("live business alerts", () => {
  it("a replay raises stock-outs and revenue spikes; after kill -9 and a restart from the checkpoint, the same alerts and feed", async () => {
    const whole = await run(["--speed", "max"]);
    const expected = alertsOf(whole.state);
    const kinds = new Set([...whole.state.tables.alerts.rows.values()].map((a) => a.kind));
    expect(kinds).toEqual(new Set(["stockout", "revenue_spike"]));
    expect(expected.filter((a) => / is out of stock; a reorder takes \d+ days$/.test(a)).length).toBeGreaterThan(10);

    const checkpoint = join(dir, "checkpoint");
    const first = await serve([...inputs(join(dir, "data")), "--rate", "4000", "--checkpoint", checkpoint, "--checkpoint-interval", "200ms"]);
    // Kill it mid-replay, after some alerts were raised and a checkpoint holds them.
    await waitUntil(async () => {
      const health = await first.health();
      return health.checkpoint.written >= 2 && health.rowsRead > 6000;
    }, 60_000);
    const partial = connect(first.ws);
    await waitUntil(() => partial.state.seq >= 0 && partial.state.tables.alerts.rows.size > 0);
    await first.kill9();

    const resumed = await run(["--speed", "max", "--checkpoint", checkpoint]);
    expect(resumed.stderr).toMatch(/checkpoint: resuming/);
    expect(alertsOf(resumed.state)).toEqual(expected);
    expect(feedOf(resumed.state)).toEqual(feedOf(whole.state));
  });
});
