import {describe, expect, it} from "vitest";
import {RecentHashes} from "../../../stream-bridge/ingest/dedupe.ts";

/** A record is a duplicate when an identical one is among the previous `capacity` records. */
function naive(keys: [number, number][], capacity: number): boolean[] {
  return keys.map(([hi, lo], i) => keys.slice(Math.max(0, i - capacity), i).some(([h, l]) => h === hi && l === lo));
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

describe("RecentHashes", () => {
  it("finds exactly the records identical to one of the last `capacity`, as its table grows and drops hashes that left the window", () => {
    for (const [capacity, n, distinct] of [
      [1, 200, 3],
      [50, 40_000, 120],
      [7, 2000, 40],
      [5000, 30_000, 12_000],
      [20_000, 30_000, 100_000]
    ]) {
      const next = lcg(capacity);
      const keys: [number, number][] = Array.from({length: n}, () => {
        const k = next() % distinct;
        return [k | 0, Math.imul(k, 0x9e3779b1) ^ 7];
      });
      const set = new RecentHashes(capacity);
      const got = keys.map(([hi, lo]) => set.seen(hi, lo));
      const want = capacity > 2000 ? fastNaive(keys, capacity) : naive(keys, capacity);
      expect(got.filter(Boolean).length).toBe(want.filter(Boolean).length);
      expect(got).toEqual(want);
    }
  });

  it("is off at capacity 0", () => {
    const set = new RecentHashes(0);
    expect([set.seen(1, 2), set.seen(1, 2)]).toEqual([false, false]);
  });
});

/** naive() with a last-position map (same rule, O(n)). */
function fastNaive(keys: [number, number][], capacity: number): boolean[] {
  const last = new Map<string, number>();
  return keys.map(([hi, lo], i) => {
    const k = `${hi},${lo}`;
    const at = last.get(k);
    last.set(k, i);
    return at !== undefined && i - at <= capacity;
  });
}
