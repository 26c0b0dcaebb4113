import {describe, expect, it} from "vitest";
import {lagFeatures, trainingRows, weekday} from "../../../loaders/inventory/lagFeatures.ts";

const MONDAY = 19723; // 2024-01-01

describe("lagFeatures", () => {
  it("numbers weekdays from Monday = 0 (UTC)", () => {
    expect(weekday(0)).toBe(3); // 1970-01-01, a Thursday
    expect(weekday(MONDAY)).toBe(0);
    expect(weekday(MONDAY + 6)).toBe(6);
  });

  it("scales lags by the 7-day mean and marks a missing lag 14", () => {
    const y = [7, 0, 0, 0, 0, 0, 7, 14, 3];
    const promo = [0, 0, 0, 0, 0, 0, 0, 0.5, 0];
    // Target day 8 (a Tuesday): level = mean(y[1..7]) = 21 / 7 = 3.
    // lag1 = 14 / 3 → 4.7, lag7 = y[1] / 3 = 0, no lag 14, scale = log1p(3) = 1.386 → 1.4, promo of day 7.
    expect(lagFeatures({y, promo}, 8, MONDAY)).toEqual([1, 4.7, 0, -1, 1.4, 0.5]);
  });

  it("floors the level at one unit a week and clips ratios at 10", () => {
    const y = [0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0];
    // Day 14: level = max(5 / 7, 1 / 7); lag7 = y[7] = 5 → 7; lag14 = y[0] = 0.
    expect(lagFeatures({y}, 14, MONDAY)).toEqual([0, 0, 7, 0, 0.5, 0]);
    // A silent week: level 1/7, all lags 0, scale log1p(0) = 0.
    expect(lagFeatures({y: new Array(8).fill(0)}, 7, MONDAY)).toEqual([0, 0, 0, -1, 0, 0]);
    // y[0] = 100 after a silent week: lag14 = 100 / (1/7) = 700, clipped to 10.
    expect(lagFeatures({y: [100, ...new Array(14).fill(0)]}, 14, MONDAY)[3]).toBe(10);
  });

  it("targets y[t] / level for every day after the warm-up", () => {
    const y = [7, 7, 7, 7, 7, 7, 7, 14, 0];
    const rows = trainingRows({y}, MONDAY, 0, 9);
    expect(rows.days).toEqual([7, 8]);
    expect(rows.y).toEqual([2, 0]);
  });

  it("refuses a target day without a week of history", () => {
    expect(() => lagFeatures({y: [1, 2, 3]}, 3, MONDAY)).toThrow(/7 days of history, got 3/);
  });
});
