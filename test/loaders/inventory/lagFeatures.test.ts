import {describe, expect, it} from "vitest";
import {FEATURES, lagFeatures, level, trainingRows, weekday} from "../../../loaders/inventory/lagFeatures.ts";

const MONDAY = 19723; // 2024-01-01

describe("lagFeatures", () => {
  it("numbers weekdays from Monday = 0 (UTC)", () => {
    expect(weekday(0)).toBe(3); // 1970-01-01, a Thursday
    expect(weekday(MONDAY)).toBe(0);
    expect(weekday(MONDAY + 6)).toBe(6);
  });

  it("scales lags by the 7-day mean before the origin", () => {
    const y = [7, 0, 0, 0, 0, 0, 7, 14, 3, 5];
    // Origin 8 (a Tuesday): L = mean(y[1..7]) = 21 / 7 = 3.
    expect(level({y}, 8)).toBe(3);
    expect(FEATURES).toEqual(["weekday", "lastweek", "twoweeks", "lag1", "scale", "promo", "chainPromo", "promoWindow"]);
    // lastweek = y[1] / 3 = 0, no week before it, lag1 = 14 / 3 = 4.67 → 4.6 (0.2 steps), scale = log1p(3) = 1.39 → 1.4.
    expect(lagFeatures({y}, 8, 0, MONDAY)).toEqual([1, 0, -1, 4.6, 1.4, 0, 0, 0]);
  });

  it("takes the same weekday of the last week before the origin for every horizon", () => {
    const y = [7, 0, 0, 0, 0, 0, 7, 14, 3, 5, 0, 0, 0, 0];
    // Origin 8, 3 days ahead: day 11 (Friday) ← day 4; 8 days ahead: day 16 (Wednesday) ← day 2.
    expect(lagFeatures({y}, 8, 3, MONDAY).slice(0, 2)).toEqual([4, 0]);
    expect(lagFeatures({y}, 8, 8, MONDAY).slice(0, 2)).toEqual([2, 0]);
    // Origin 14, 0 ahead: L = mean(y[7..13]) = 22 / 7; lastweek = y[7] = 14 → 4.45 → 4.4; twoweeks = y[0] = 7 → 2.23 → 2.2.
    expect(lagFeatures({y}, 14, 0, MONDAY).slice(1, 3)).toEqual([4.4, 2.2]);
  });

  it("leaves chain-wide promotion days out of the level and the lags", () => {
    // Day 8 is a promotion day (38% of units on discount): 50 units instead of 4.
    const y = [1, 2, 3, 4, 5, 6, 7, 8, 50, 4, 4, 4, 4, 4, 4, 0];
    const chainPromo = y.map((_, i) => (i === 8 ? 0.38 : 0.03));
    // Origin 15: L = mean(y[9..14]) = 4 (day 8 left out), though the plain 7-day mean is 74 / 7.
    expect(level({y, chainPromo}, 15)).toBe(4);
    expect(level({y}, 15)).toBeCloseTo(74 / 7, 12);
    // lastweek: day 8 is the promotion, so a week earlier, day 1: 2 / 4 = 0.5 → 0.6 (0.2 steps, half up); nothing a week before;
    // lag1 = y[14] / 4 = 1; scale from the plain mean log1p(74 / 7) = 2.45 → 2.4; promoWindow = (0.38 + 6 × 0.03) / 7 → 0.1.
    expect(lagFeatures({y, chainPromo}, 15, 0, MONDAY)).toEqual([1, 0.6, -1, 1, 2.4, 0, 0, 0.1]);
  });

  it("knows the target day's promotions only in history", () => {
    const y = [7, 0, 0, 0, 0, 0, 7, 14, 3, 5];
    const promo = [0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0];
    const chainPromo = [0, 0, 0, 0, 0, 0, 0, 0, 0.44, 0];
    expect(lagFeatures({y, promo, chainPromo}, 8, 0, MONDAY).slice(5)).toEqual([0, 0, 0]);
    expect(lagFeatures({y, promo, chainPromo}, 8, 0, MONDAY, true).slice(5)).toEqual([0.5, 0.4, 0]);
  });

  it("floors the level at one unit a week and clips ratios", () => {
    expect(lagFeatures({y: new Array(8).fill(0)}, 7, 0, MONDAY)).toEqual([0, 0, -1, 0, 0, 0, 0, 0]);
    // Two silent weeks after 100 units: twoweeks = 100 / (1/7) = 700, clipped to 8.
    expect(lagFeatures({y: [100, ...new Array(14).fill(0)]}, 14, 0, MONDAY)[2]).toBe(8);
  });

  it("makes a training row for every origin and horizon that ends before `end`", () => {
    const y = [7, 0, 0, 0, 0, 0, 7, 14, 3, 5];
    const rows = trainingRows({y}, MONDAY, 10, 2);
    expect(rows.days).toEqual([7, 8, 8, 9, 9]);
    // Targets are y[t] / L(origin): L(7) = 14/7 = 2, L(8) = 3, L(9) = 24/7.
    expect(rows.y).toEqual([14 / 2, 3 / 2, 3 / 3, 5 / 3, 5 / (24 / 7)]);
  });

  it("refuses an origin without a week of history", () => {
    expect(() => lagFeatures({y: [1, 2, 3]}, 3, 0, MONDAY)).toThrow(/7 days of history, got 3/);
  });
});
