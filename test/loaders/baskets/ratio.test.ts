import {describe, expect, it} from "vitest";
import {ceilTimes, ratio, reaches} from "../../../loaders/baskets/ratio.ts";

describe("ratio", () => {
  it("reads decimals as exact fractions in lowest terms", () => {
    expect(ratio("0.07")).toEqual({num: 7n, den: 100n});
    expect(ratio(0.5)).toEqual({num: 1n, den: 2n});
    expect(ratio("1e-3")).toEqual({num: 1n, den: 1000n});
    expect(ratio("2.5E1")).toEqual({num: 25n, den: 1n});
    expect(ratio(".25")).toEqual({num: 1n, den: 4n});
    expect(ratio(1)).toEqual({num: 1n, den: 1n});
  });

  it("rejects text that is not a decimal, naming it", () => {
    expect(() => ratio("7%")).toThrow(/"7%"/);
    expect(() => ratio("")).toThrow(RangeError);
    expect(() => ratio(NaN)).toThrow(/NaN/);
  });
});

describe("ceilTimes", () => {
  it("makes 0.07 of 100 baskets exactly 7, where floating point gives 8", () => {
    expect(Math.ceil(0.07 * 100)).toBe(8); // the trap this module exists for
    expect(ceilTimes(ratio(0.07), 100)).toBe(7);
    expect(ceilTimes(ratio(0.07), 101)).toBe(8);
  });

  it("rounds a fractional count up (arules: 0.001 of 9835 baskets is 10)", () => {
    expect(ceilTimes(ratio(0.001), 9835)).toBe(10);
    expect(ceilTimes(ratio("0.6"), 5)).toBe(3);
    expect(ceilTimes(ratio("0.3"), 10)).toBe(3);
    expect(ceilTimes(ratio("0.29"), 100)).toBe(29);
  });
});

describe("reaches", () => {
  it("compares a quotient of integers with a ratio exactly", () => {
    expect(reaches(3, 4, ratio("0.75"))).toBe(true);
    expect(reaches(3, 5, ratio("0.6"))).toBe(true); // 3/5 in floating point is 0.6 only by luck of rounding
    expect(reaches(7, 10, ratio("0.7"))).toBe(true);
    expect(reaches(2, 3, ratio("0.67"))).toBe(false);
    expect(reaches(0, 3, ratio("0"))).toBe(true);
  });
});
