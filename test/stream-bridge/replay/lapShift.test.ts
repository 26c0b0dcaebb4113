import {describe, expect, it} from "vitest";
import {lapShift} from "../../../stream-bridge/replay/lapShift.ts";

/** Window starts containing t (hopping windows of size w every hop, aligned to 0). */
function windowsOf(t: number, w: number, hop: number): number[] {
  const out: number[] = [];
  for (let s = Math.floor(t / hop) * hop; s > t - w; s -= hop) out.push(s);
  return out;
}

describe("lapShift", () => {
  it("moves a lap past the last window of the previous one, by whole windows", () => {
    // Events at 59 s and 61 s fall in windows [0, 60) and [60, 120): the next lap starts at [120, 180).
    expect(lapShift({min: 59_000, max: 61_000}, 60_000)).toBe(120_000);
    expect(lapShift({min: 0, max: 59_999}, 60_000)).toBe(60_000);
    expect(lapShift({min: 60_000, max: 60_000}, 60_000)).toBe(60_000);
  });

  it("never lets a window hold events of two laps, and keeps windows aligned (brute force, tumbling and hopping)", () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 48271) % 2147483647), seed % n);
    for (let trial = 0; trial < 2000; ++trial) {
      const hop = [10, 15, 30, 60][rand(4)];
      const w = hop * (1 + rand(4));
      const min = rand(1000);
      const max = min + rand(500);
      const shift = lapShift({min, max}, w, hop);
      expect(shift % hop).toBe(0);
      expect(shift).toBeGreaterThan(max - min);
      const lap0 = new Set([min, max, Math.floor((min + max) / 2)].flatMap((t) => windowsOf(t, w, hop)));
      for (const t of [min + shift, max + shift]) for (const s of windowsOf(t, w, hop)) expect(lap0.has(s), `w ${w} hop ${hop} min ${min} max ${max}`).toBe(false);
      // Tight: one hop less would mix laps (for tumbling windows exactly, when the span allows).
      if (hop === w) {
        const tighter = shift - hop;
        const mixed = [min + tighter, max + tighter].some((t) => windowsOf(t, w, hop).some((s) => windowsOf(max, w, hop).includes(s) || windowsOf(min, w, hop).includes(s)));
        expect(mixed || tighter <= max - min).toBe(true);
      }
    }
  });
});
