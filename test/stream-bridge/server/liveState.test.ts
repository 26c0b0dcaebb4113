import {describe, expect, it} from "vitest";
import {applyMessage, createState, decodeMessage, tableRowsOf} from "../../../stream-bridge/protocol/protocol.ts";
import {createLiveState} from "../../../stream-bridge/server/liveState.ts";
import {createReplayBuffer} from "../../../stream-bridge/server/replayBuffer.ts";

const tables = {windows: {key: ["key", "windowStart"], columns: ["windowStart", "key", "revenue"]}, late: {key: ["line"], columns: ["line"]}};

describe("createLiveState", () => {
  it("a snapshot at seq S equals the state after applying deltas 1..S", () => {
    const live = createLiveState({server: "s", tables});
    const client = applyMessage(createState(), decodeMessage(live.snapshot()));
    for (let i = 1; i <= 5; ++i) {
      const delta = live.commit({time: i, watermark: i * 10, ingest: {first: i, last: i, events: 1}, tables: {windows: {upsert: [{key: `k${i % 2}`, windowStart: i, revenue: i}], delete: i === 4 ? ["k1|1"] : []}}})!;
      expect(delta.seq).toBe(i);
      applyMessage(client, decodeMessage(delta.text));
    }
    const fresh = applyMessage(createState(), decodeMessage(live.snapshot()));
    expect(fresh.seq).toBe(5);
    expect(tableRowsOf(fresh, "windows")).toEqual(tableRowsOf(client, "windows"));
    expect(tableRowsOf(fresh, "windows").map((r) => r.windowStart)).toEqual([2, 4, 3, 5]);
    expect(fresh.watermark).toBe(50);
  });

  it("commit returns null when nothing changed and does not advance seq", () => {
    const live = createLiveState({server: "s", tables});
    expect(live.commit({time: 1, watermark: null, ingest: null, tables: {windows: {upsert: [], delete: []}}})).toBeNull();
    expect(live.seq).toBe(0);
  });

  it("bounded tables keep the newest rows and send the deletes", () => {
    const live = createLiveState({server: "s", tables, bounded: {late: 3}});
    const client = applyMessage(createState(), decodeMessage(live.snapshot()));
    const d1 = live.commit({time: 1, watermark: null, ingest: null, tables: {late: {upsert: [{line: 1}, {line: 2}]}}})!;
    const d2 = live.commit({time: 2, watermark: null, ingest: null, tables: {late: {upsert: [{line: 3}, {line: 4}, {line: 5}]}}})!;
    expect(JSON.parse(d2.text).tables.late.delete).toEqual(["1", "2"]);
    for (const d of [d1, d2]) applyMessage(client, decodeMessage(d.text));
    expect(tableRowsOf(client, "late").map((r) => r.line)).toEqual([3, 4, 5]);
    expect(live.rows("late").map((r) => r.line)).toEqual([3, 4, 5]);
    const d3 = live.commit({time: 3, watermark: null, ingest: null, tables: {late: {upsert: [6, 7, 8, 9].map((line) => ({line}))}}})!;
    applyMessage(client, decodeMessage(d3.text));
    expect(tableRowsOf(client, "late").map((r) => r.line)).toEqual([7, 8, 9]);
  });

  it("seed replaces rows without a delta", () => {
    const live = createLiveState({server: "s", tables, bounded: {late: 2}});
    live.seed({windows: [{key: "a", windowStart: 0, revenue: 1}], late: [{line: 1}, {line: 2}, {line: 3}]}, 7, 100);
    const state = applyMessage(createState(), decodeMessage(live.snapshot()));
    expect(state.seq).toBe(0);
    expect(state.watermark).toBe(7);
    expect(tableRowsOf(state, "late").map((r) => r.line)).toEqual([2, 3]);
  });
});

describe("createReplayBuffer", () => {
  const data = (n: number) => Buffer.alloc(n);
  it("returns the deltas after a seq, [] when current, null when gone", () => {
    const buffer = createReplayBuffer({maxMessages: 3, maxBytes: 1000});
    for (let seq = 1; seq <= 5; ++seq) buffer.push(seq, data(seq));
    expect(buffer.size).toBe(3);
    expect(buffer.since(5)).toEqual([]);
    expect(buffer.since(3)!.map((b) => b.length)).toEqual([4, 5]);
    expect(buffer.since(2)!.map((b) => b.length)).toEqual([3, 4, 5]);
    expect(buffer.since(1)).toBeNull();
    expect(buffer.since(6)).toBeNull();
  });

  it("drops the oldest deltas beyond maxBytes", () => {
    const buffer = createReplayBuffer({maxMessages: 100, maxBytes: 10});
    for (let seq = 1; seq <= 4; ++seq) buffer.push(seq, data(4));
    expect(buffer.bytes).toBe(8);
    expect(buffer.since(2)!.length).toBe(2);
    expect(buffer.since(1)).toBeNull();
    expect(() => buffer.push(7, data(1))).toThrow(/seq 7 does not follow 4/);
  });
});
