import {describe, expect, it} from "vitest";
import {Alias} from "../../generator/alias.ts";
import {Rng} from "../../generator/prng.ts";

describe("Alias", () => {
  it("draws each index in proportion to its weight (within 4 standard errors)", () => {
    const weights = [5, 0, 1, 3, 0.5, 10, 0.25];
    const total = weights.reduce((a, b) => a + b, 0);
    const alias = new Alias(weights);
    const rng = new Rng(9);
    const n = 200_000;
    const counts = new Array(weights.length).fill(0);
    for (let i = 0; i < n; ++i) counts[alias.sample(rng)]++;
    weights.forEach((w, i) => {
      const p = w / total;
      expect(Math.abs(counts[i] / n - p), `index ${i}`).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / n) + 1e-12);
    });
    expect(counts[1]).toBe(0);
  });

  it("handles a single weight and rejects weights that cannot be drawn from", () => {
    expect(new Alias([3]).sample(new Rng(1))).toBe(0);
    expect(() => new Alias([0, 0])).toThrow(/sum to zero/);
    expect(() => new Alias([1, -1])).toThrow(/invalid weight at 1/);
    expect(() => new Alias([1, NaN])).toThrow(/invalid weight at 1/);
  });
});
