import {describe, expect, it} from "vitest";
import {Rng} from "../../generator/prng.ts";
import {Reorderer} from "../../generator/reorder.ts";

/** Offers `n` single-line items at the given times; returns the times in written order. */
function run(times: number[], seed = 1): {written: number[]; stats: Reorderer<number>["stats"]} {
  const written: number[] = [];
  const reorderer = new Reorderer<number>(new Rng(seed), (item) => written.push(item));
  for (const t of times) reorderer.offer(t, t, 1);
  reorderer.finish();
  return {written, stats: reorderer.stats};
}

function lateness(written: number[]): number[] {
  const late: number[] = [];
  let max = -Infinity;
  for (const t of written) {
    if (t < max) late.push(max - t);
    else max = t;
  }
  return late;
}

describe("Reorderer", () => {
  it("writes every item once, about 1.5% behind a later one, seconds to minutes late, a few by hours", () => {
    const times = Array.from({length: 100_000}, (_, i) => i * 3000); // one item every 3 s
    const {written, stats} = run(times);
    expect([...written].sort((a, b) => a - b)).toEqual(times);
    const late = lateness(written);
    expect(late.length / times.length).toBeGreaterThan(0.013);
    expect(late.length / times.length).toBeLessThan(0.017);
    const far = late.filter((ms) => ms > 600_000);
    expect(far.length).toBe(Math.ceil(0.0001 * times.length));
    expect(Math.min(...far)).toBeGreaterThanOrEqual(3_600_000);
    expect(Math.max(...late.filter((ms) => ms <= 600_000))).toBeLessThanOrEqual(240_000);
    expect(stats).toEqual({rows: times.length, outOfOrder: late.length, farLate: far.length, maxLatenessMs: Math.max(...late)});
  });

  it("keeps the share when items are sparse and bursty", () => {
    const rng = new Rng(5);
    let t = 0;
    const times = Array.from({length: 20_000}, () => (t += rng.chance(0.1) ? rng.int(3_600_000) : rng.int(20_000)));
    const share = lateness(run(times, 2).written).length / times.length;
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.02);
  });
});
