import {describe, expect, it} from "vitest";
import {Rng} from "../../generator/prng.ts";

const draws = (rng: Rng, n: number) => Array.from({length: n}, () => rng.uint32());

describe("Rng", () => {
  it("repeats its sequence for a seed and stream, and differs across seeds and streams", () => {
    expect(draws(new Rng(42), 100)).toEqual(draws(new Rng(42), 100));
    expect(draws(new Rng(42), 100)).not.toEqual(draws(new Rng(43), 100));
    expect(draws(new Rng(42, "a"), 100)).not.toEqual(draws(new Rng(42, "b"), 100));
    expect(draws(new Rng(2 ** 40), 100)).not.toEqual(draws(new Rng(0), 100));
    expect(draws(new Rng(7).fork("x"), 10)).toEqual(draws(new Rng(7, "x"), 10));
  });

  it("follows the sfc32 algorithm as published in PractRand", () => {
    // The reference, transcribed from PractRand's sfc32 (tmp = a + b + counter++; a = b ^ b >> 9;
    // b = c + (c << 3); c = rotl(c, 21) + tmp), run from the same state as the class.
    let [a, b, c, d] = [0x12345678, 0x9abcdef0, 0x0fedcba9, 7];
    const reference = () => {
      const t = (a + b + d) >>> 0;
      d = (d + 1) >>> 0;
      a = (b ^ (b >>> 9)) >>> 0;
      b = (c + (c << 3)) >>> 0;
      c = (((c << 21) | (c >>> 11)) + t) >>> 0;
      return t;
    };
    const rng = new Rng(0);
    Object.assign(rng, {a, b, c, d});
    const expected = Array.from({length: 1000}, reference);
    expect(draws(rng, 1000)).toEqual(expected);
    expect(new Set(expected).size).toBe(1000);
  });

  it("draws uniform integers in range (chi-square over 10 buckets)", () => {
    const rng = new Rng(1);
    const counts = new Array(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; ++i) counts[rng.int(10)]++;
    const chi = counts.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi).toBeLessThan(27.9); // p = 0.001 with 9 degrees of freedom
    for (let i = 0; i < 1000; ++i) {
      const x = rng.between(3, 5);
      expect(x >= 3 && x <= 5 && Number.isInteger(x)).toBe(true);
    }
  });

  it("draws exponentials and normals with the right moments", () => {
    const rng = new Rng(2);
    const n = 50_000;
    const exp = Array.from({length: n}, () => rng.exponential(3));
    const normal = Array.from({length: n}, () => rng.normal());
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(exp)).toBeCloseTo(3, 1);
    expect(mean(normal)).toBeCloseTo(0, 1);
    expect(mean(normal.map((x) => x * x))).toBeCloseTo(1, 1);
  });
});
