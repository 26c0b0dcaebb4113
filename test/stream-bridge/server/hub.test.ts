import {describe, expect, it} from "vitest";
import {applyMessage, createState, decodeMessage, tableRowsOf} from "../../../stream-bridge/protocol/protocol.ts";
import {createHub, type ClientSocket} from "../../../stream-bridge/server/hub.ts";
import {createLiveState} from "../../../stream-bridge/server/liveState.ts";
import {createReplayBuffer} from "../../../stream-bridge/server/replayBuffer.ts";

/** A socket that records what it is sent; `buffered` plays the part of the unread bytes. */
class FakeSocket implements ClientSocket {
  sent: string[] = [];
  closed: [number, string] | null = null;
  terminated = false;
  pings = 0;
  paused = false;
  buffered = 0;
  get bufferedAmount() {
    return this.buffered;
  }
  send(data: Buffer) {
    this.sent.push(data.toString());
    if (this.paused) this.buffered += data.length;
  }
  close(code: number, reason: string) {
    this.closed = [code, reason];
  }
  terminate() {
    this.terminated = true;
  }
  ping() {
    ++this.pings;
  }
  /** Applies everything received to a fresh client state. */
  state() {
    const state = createState();
    for (const text of this.sent) applyMessage(state, decodeMessage(text));
    return state;
  }
  types() {
    return this.sent.map((text) => JSON.parse(text).type);
  }
}

const schema = {counts: {key: ["k"], columns: ["k", "n"]}};

function setup({maxClients = 10, maxBuffer = 1 << 20, slowTimeoutMs = 1000, maxMessages = 100} = {}) {
  const live = createLiveState({server: "srv", tables: schema});
  const replay = createReplayBuffer({maxMessages, maxBytes: 1 << 20});
  const log: string[] = [];
  const hub = createHub({
    maxClients,
    maxBuffer,
    slowTimeoutMs,
    live,
    replay,
    events: {coalesced: () => log.push("coalesced"), resynced: (how) => log.push(how), closed: (why) => log.push(why), refused: (why) => log.push(why)}
  });
  let n = 0;
  /** Commits one change and broadcasts it, as the bridge does on a tick. */
  const tick = (now: number, k = `k${n % 3}`) => {
    const delta = live.commit({time: now, watermark: now, ingest: null, tables: {counts: {upsert: [{k, n: ++n}]}}})!;
    const data = Buffer.from(delta.text);
    replay.push(delta.seq, data);
    hub.broadcast(delta.seq, data, now);
  };
  return {live, replay, hub, tick, log};
}

describe("createHub", () => {
  it("sends hello, a snapshot, then every delta in order; the client's state equals the server's", () => {
    const {live, hub, tick} = setup();
    tick(1);
    const socket = new FakeSocket();
    hub.connect(socket, {}, 2);
    for (let t = 3; t < 10; ++t) tick(t);
    expect(socket.types()).toEqual(["hello", "snapshot", ...Array(7).fill("delta")]);
    const state = socket.state();
    expect(state.seq).toBe(live.seq);
    expect(tableRowsOf(state, "counts")).toEqual(live.rows("counts").sort((a, b) => String(a.k).localeCompare(String(b.k))));
  });

  it("a client resuming with its last seq gets only the deltas it missed", () => {
    const {live, hub, tick, log} = setup();
    const first = new FakeSocket();
    hub.connect(first, {}, 0);
    tick(1);
    tick(2);
    hub.disconnect(first);
    const seen = first.state();
    tick(3);
    tick(4);
    const again = new FakeSocket();
    hub.connect(again, {since: seen.seq, server: "srv"}, 5);
    expect(again.types()).toEqual(["hello", "delta", "delta"]);
    const state = seen;
    for (const text of again.sent) applyMessage(state, decodeMessage(text));
    expect(state.seq).toBe(live.seq);
    expect(tableRowsOf(state, "counts")).toHaveLength(3);
    expect(log).toContain("replay");
  });

  it("a client too far behind the replay buffer, or from another server, gets a snapshot", () => {
    const {hub, tick} = setup({maxMessages: 2});
    for (let t = 0; t < 5; ++t) tick(t);
    const old = new FakeSocket();
    hub.connect(old, {since: 1, server: "srv"}, 5);
    expect(old.types()).toEqual(["hello", "snapshot"]);
    const other = new FakeSocket();
    hub.connect(other, {since: 4, server: "someone-else"}, 5);
    expect(other.types()).toEqual(["hello", "snapshot"]);
    const future = new FakeSocket();
    hub.connect(future, {since: 99, server: "srv"}, 5);
    expect(future.types()).toEqual(["hello", "snapshot"]);
  });

  it("refuses clients beyond maxClients with close code 4029", () => {
    const {hub, log} = setup({maxClients: 2});
    const sockets = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    expect(sockets.map((s) => hub.connect(s, {}, 0))).toEqual([true, true, false]);
    expect(sockets[2].closed).toEqual([4029, "too many clients (max 2)"]);
    expect(sockets[2].sent).toEqual([]);
    expect(log).toEqual(["max_clients"]);
    expect(hub.size).toBe(2);
  });

  it("holds deltas back from a client over its buffer cap and catches it up to the latest state once it drains", () => {
    const {live, hub, tick, log} = setup({maxBuffer: 600});
    const slow = new FakeSocket();
    const fast = new FakeSocket();
    hub.connect(slow, {}, 0);
    hub.connect(fast, {}, 0);
    slow.paused = true;
    for (let t = 1; t <= 20; ++t) tick(t);
    expect(slow.bufferedAmount).toBeLessThanOrEqual(600);
    expect(log.filter((x) => x === "coalesced")).toHaveLength(1);
    expect(fast.state().seq).toBe(live.seq);
    const before = slow.sent.length;
    slow.paused = false;
    slow.buffered = 0; // the client read everything
    tick(21);
    expect(slow.sent.length).toBeGreaterThan(before);
    const state = slow.state();
    expect(state.seq).toBe(live.seq);
    expect(tableRowsOf(state, "counts")).toEqual(tableRowsOf(fast.state(), "counts"));
  });

  it("check() catches up a drained client even when no delta is sent", () => {
    const {live, hub, tick} = setup({maxBuffer: 600});
    const slow = new FakeSocket();
    hub.connect(slow, {}, 0);
    slow.paused = true;
    for (let t = 1; t <= 10; ++t) tick(t);
    expect(slow.state().seq).toBeLessThan(live.seq);
    slow.paused = false;
    slow.buffered = 0;
    hub.check(11);
    expect(slow.state().seq).toBe(live.seq);
  });

  it("sends a message bigger than the cap to a client with nothing queued", () => {
    const {live, hub, tick, log} = setup({maxBuffer: 20});
    const socket = new FakeSocket();
    hub.connect(socket, {}, 0);
    tick(1);
    tick(2);
    expect(socket.types()).toEqual(["hello", "snapshot", "delta", "delta"]);
    expect(socket.state().seq).toBe(live.seq);
    expect(log).toEqual([]);
  });

  it("closes a client that stays over its cap longer than slowTimeoutMs with 4008", () => {
    const {hub, tick, log} = setup({maxBuffer: 300, slowTimeoutMs: 1000});
    const slow = new FakeSocket();
    hub.connect(slow, {}, 0);
    slow.paused = true;
    slow.buffered = 10_000;
    tick(100);
    tick(900);
    expect(slow.closed).toBeNull();
    tick(1200);
    expect(slow.closed).toEqual([4008, "too slow"]);
    expect(log).toContain("too_slow");
    expect(hub.size).toBe(0);
  });

  it("heartbeat pings, sends the server time and seq, and terminates a client that never ponged", () => {
    const {hub, tick} = setup();
    const good = new FakeSocket();
    const dead = new FakeSocket();
    hub.connect(good, {}, 0);
    hub.connect(dead, {}, 0);
    tick(1);
    hub.heartbeat(1000);
    expect(JSON.parse(good.sent.at(-1)!)).toEqual({type: "heartbeat", v: 1, seq: 1, time: 1000});
    hub.pong(good);
    hub.heartbeat(2000);
    expect(dead.terminated).toBe(true);
    expect(good.terminated).toBe(false);
    expect(good.pings).toBe(2);
    expect(hub.size).toBe(1);
  });

  it("counts a client closed for a message over 4 KiB (ws's 1009) as message_too_big; an ordinary close is not counted", () => {
    const {hub, log} = setup();
    const [big, bye] = [new FakeSocket(), new FakeSocket()];
    hub.connect(big, {}, 0);
    hub.connect(bye, {}, 0);
    hub.disconnect(big, 1009);
    hub.disconnect(bye, 1000);
    expect(log).toEqual(["message_too_big"]);
    expect(hub.size).toBe(0);
  });

  it("does not drop a slow reader whose ping is queued behind its data; closes it with 4008 if the ping stays unanswered past slowTimeoutMs", () => {
    const {hub, tick, log} = setup({slowTimeoutMs: 8000});
    const slow = new FakeSocket();
    hub.connect(slow, {}, 0);
    slow.paused = true;
    tick(1);
    hub.heartbeat(1000);
    // Its reply to the ping of t=1000 is still behind the queued delta at the next two beats: kept, no second ping.
    hub.heartbeat(6000);
    hub.heartbeat(9000);
    expect([slow.terminated, slow.closed, slow.pings, hub.size]).toEqual([false, null, 1, 1]);
    // It reads its queue and answers: pinged again at the next beat, still kept.
    slow.buffered = 0;
    hub.pong(slow);
    hub.heartbeat(10_000);
    expect([slow.pings, hub.size]).toEqual([2, 1]);
    // Stuck again with data queued: unanswered past slowTimeoutMs (8 s after the ping of t=10000) is too slow, not no pong.
    slow.buffered = 100;
    hub.heartbeat(15_000);
    expect(hub.size).toBe(1);
    hub.heartbeat(18_001);
    expect(slow.closed).toEqual([4008, "too slow"]);
    expect(log).toContain("too_slow");
    expect(log).not.toContain("no_pong");
    expect(hub.size).toBe(0);
  });
});
