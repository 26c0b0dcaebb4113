import {describe, expect, it} from "vitest";
import {alertLevel, daysLeft, normalQuantile, reorderPoint, safetyStock, standardDeviation} from "../../../loaders/inventory/reorderPoint.ts";

describe("normalQuantile", () => {
  it("matches published z values", () => {
    // Φ⁻¹ from standard normal tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.1).
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263479, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263479, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.0902323, 6);
  });

  it("rejects probabilities outside (0, 1)", () => {
    expect(() => normalQuantile(1)).toThrow(/invalid probability: 1/);
  });
});

describe("reorderPoint", () => {
  it("is lead-time demand plus z × σ × √lead time", () => {
    // 3 units/day, σ 2, lead time 4 days, 95%: 12 + 1.6449 × 2 × 2.
    expect(safetyStock(2, 4, 0.95)).toBeCloseTo(6.5794, 4);
    expect(reorderPoint(3, 2, 4, 0.95)).toBeCloseTo(18.5794, 4);
  });

  it("uses the sample standard deviation", () => {
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.13809, 5);
    expect(standardDeviation([3])).toBe(0);
  });
});

describe("daysLeft", () => {
  it("walks the daily forecast, fractional on the day it runs out", () => {
    expect(daysLeft(10, [4, 4, 4])).toBe(2.5);
    expect(daysLeft(4, [4, 4])).toBe(1);
  });

  it("extends past the horizon at the mean forecast rate", () => {
    expect(daysLeft(20, [2, 2])).toBe(10);
  });

  it("is 0 when out of stock and null when nothing is forecast to sell", () => {
    expect(daysLeft(0, [1])).toBe(0);
    expect(daysLeft(5, [0, 0])).toBeNull();
  });
});

describe("alertLevel", () => {
  it("is urgent when out of stock or when days left ≤ lead time", () => {
    expect(alertLevel({onHand: 0, daysLeft: 0, reorderPoint: 0, leadTimeDays: 3})).toBe("urgent");
    expect(alertLevel({onHand: 9, daysLeft: 3, reorderPoint: 5, leadTimeDays: 3})).toBe("urgent");
  });

  it("is soon at or below the reorder point, ok above it", () => {
    expect(alertLevel({onHand: 12, daysLeft: 4, reorderPoint: 12, leadTimeDays: 3})).toBe("soon");
    expect(alertLevel({onHand: 13, daysLeft: 4.3, reorderPoint: 12, leadTimeDays: 3})).toBe("ok");
    expect(alertLevel({onHand: 13, daysLeft: null, reorderPoint: 0, leadTimeDays: 3})).toBe("ok");
  });
});
