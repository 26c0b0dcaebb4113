import {describe, expect, it} from "vitest";
import {createPacer} from "../../../stream-bridge/replay/pacer.ts";
import {replay, SLEEP_SLICE_MS, type Clock} from "../../../stream-bridge/replay/replay.ts";

/** A clock that only moves when the replay sleeps (plus `cost` ms per reading, to simulate work). */
function fakeClock(start = 0, cost = 0) {
  let t = start;
  const log: string[] = [];
  const clock: Clock = {
    now: () => (t += cost),
    sleep: async (ms) => {
      log.push(`sleep ${ms}`);
      t += ms;
    },
    yield: async () => {
      log.push("yield");
    }
  };
  return {clock, log};
}

/** Batches are plain arrays of event times here. */
const items = {count: (b: number[]) => b.length, timeOf: (b: number[], i: number): number | null => b[i], onItem() {}};

describe("replay", () => {
  it("releases each item when the pacer says it is due, in input order", async () => {
    const {clock, log} = fakeClock(1000);
    const released: [number, number][] = [];
    const batches = [[0, 60_000], [30_000, 120_000]]; // event times, one out of order
    const result = await replay(batches, {pacer: createPacer({mode: "speed", speed: 60}, 1000), clock, ...items, onItem: (b, i, now) => released.push([b[i], now])});
    expect(result).toBe("done");
    expect(released).toEqual([
      [0, 1000],
      [60_000, 2000],
      [30_000, 2000], // due at 1500, already past: out at once, still after its predecessor
      [120_000, 3000]
    ]);
    // Each wait of 1000 ms is slept in slices of SLEEP_SLICE_MS, so a stop is seen within one.
    expect(log).toEqual(Array.from({length: 20}, () => `sleep ${SLEEP_SLICE_MS}`));
  });

  it("reports how far behind schedule it runs", async () => {
    const {clock} = fakeClock(0, 5); // every clock reading costs 5 ms
    const lags: number[] = [];
    await replay([[1, 2], [3]], {pacer: createPacer({mode: "rate", rate: 1000}, 0), clock, ...items, timeOf: () => null, onLag: (lag) => lags.push(lag)});
    // due 0, 1, 2 ms; the first reading (5 ms) starts the time slice, then items read at 10, 15, 20 ms
    expect(lags).toEqual([10, 14, 18]);
  });

  it("yields to the event loop when running flat out for longer than sliceMs", async () => {
    const {clock, log} = fakeClock(0, 1);
    let count = 0;
    await replay([Array.from({length: 1024}, (_, i) => i)], {pacer: createPacer({mode: "max"}, 0), clock, ...items, onItem: () => ++count, sliceMs: 100});
    expect(count).toBe(1024);
    expect(log.filter((x) => x === "yield").length).toBeGreaterThanOrEqual(2);
  });

  it("stops before the next item once stopped() says so", async () => {
    const {clock} = fakeClock();
    const seen: number[] = [];
    const result = await replay([[1, 2, 3], [4]], {pacer: createPacer({mode: "max"}, 0), clock, ...items, onItem: (b, i) => seen.push(b[i]), stopped: () => seen.length === 2});
    expect(result).toBe("stopped");
    expect(seen).toEqual([1, 2]);
  });

  it("sees a stop during a long wait within one sleep slice (SIGTERM at --speed 600 before the morning's first sale)", async () => {
    const {clock, log} = fakeClock(0);
    let stop = false;
    const sleep = clock.sleep;
    clock.sleep = async (ms) => {
      await sleep(ms);
      if (log.length === 3) stop = true; // a stop request arrives during the third slice
    };
    // The second item is due 8 hours of event time later: 48 s of wall time at 600×.
    const result = await replay([[0, 8 * 3_600_000]], {pacer: createPacer({mode: "speed", speed: 600}, 0), clock, ...items, stopped: () => stop});
    expect(result).toBe("stopped");
    expect(log).toEqual([`sleep ${SLEEP_SLICE_MS}`, `sleep ${SLEEP_SLICE_MS}`, `sleep ${SLEEP_SLICE_MS}`]);
  });
});
