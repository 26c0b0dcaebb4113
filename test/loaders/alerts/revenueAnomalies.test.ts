import {describe, expect, it} from "vitest";
import {median, revenueAnomalies, rollUp, scoreWindows, type WindowRevenue} from "../../../loaders/alerts/revenueAnomalies.ts";

const HOUR = 3_600_000;
const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 5); // a Monday

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Five weeks of hourly revenue (cents) for one store: open 9–18, a busier Saturday, shut Sunday, ±10% noise. */
function normalWeeks(seed: number, key = "S1"): WindowRevenue[] {
  const r = lcg(seed);
  const rows: WindowRevenue[] = [];
  for (let d = 0; d < 35; ++d) {
    const weekday = d % 7; // 0 = Monday
    if (weekday === 6) continue;
    for (let h = 9; h < 18; ++h) {
      const usual = (weekday === 5 ? 60_000 : 40_000) * (h === 12 || h === 13 ? 1.5 : 1);
      rows.push({key, windowStart: START + d * DAY + h * HOUR, revenue: Math.round(usual * (0.9 + 0.2 * r()))});
    }
  }
  return rows;
}
const asOf = START + 35 * DAY;

describe("revenueAnomalies", () => {
  it("raises nothing on a normal series", () => {
    for (const seed of [1, 2, 3]) expect(revenueAnomalies(normalWeeks(seed), {asOf})).toEqual([]);
  });

  it("finds a planted spike, and only it", () => {
    const rows = normalWeeks(1);
    const planted = rows.find((r) => r.windowStart === START + 30 * DAY + 15 * HOUR)!; // Wednesday of week 5, 15:00
    planted.revenue *= 3;
    const alerts = revenueAnomalies(rows, {asOf}, new Map([["S1", "High Street"]]));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({kind: "revenue_spike", severity: "critical", subjectId: "S1", subjectName: "High Street", time: planted.windowStart, value: planted.revenue / 100});
    expect(alerts[0].message).toMatch(/^Revenue spike at High Street \(S1\), 2026-11-04 \(Wednesday\) 15:00–16:00 UTC: /);
    // A store named by its id alone (no stores file) is named once.
    expect(revenueAnomalies(rows, {asOf}, new Map([["S1", "S1"]]))[0].message).toMatch(/^Revenue spike at S1, /);
    expect(revenueAnomalies(rows, {asOf})[0].message).toMatch(/^Revenue spike at S1, /);
  });

  it("finds an hour with no sale while the shop is usually trading", () => {
    const rows = normalWeeks(2).filter((r) => r.windowStart !== START + 29 * DAY + 10 * HOUR);
    const alerts = revenueAnomalies(rows, {asOf});
    expect(alerts.map((a) => [a.kind, a.time, a.value])).toEqual([["revenue_drop", START + 29 * DAY + 10 * HOUR, 0]]);
  });

  it("does not call a short Sunday a drop: the baseline is the same weekday", () => {
    // Shut on Sunday every week: a day-over-day baseline would flag every Sunday hour.
    expect(scoreWindows(normalWeeks(3), {asOf}).filter((s) => Math.abs(s.score) >= 5)).toEqual([]);
    expect(scoreWindows(normalWeeks(3), {asOf, periodMs: DAY, baselinePeriods: 1, minBaseline: 1}).filter((s) => s.score <= -5).length).toBeGreaterThan(0);
  });

  it("scores against the median and 1.4826 × MAD of the earlier weeks, with floors", () => {
    // Four earlier Mondays at 10:00: 100, 110, 90, 130 → median 105, MAD median(5, 5, 15, 25) = 10.
    const rows = [100, 110, 90, 130, 200].map((revenue, week) => ({key: "all", windowStart: START + week * 7 * DAY + 10 * HOUR, revenue}));
    const last = scoreWindows(rows, {asOf: START + 28 * DAY + 11 * HOUR, relativeFloor: 0, meanFloor: 0}).at(-1)!;
    expect(last).toMatchObject({windowStart: START + 28 * DAY + 10 * HOUR, revenue: 200, median: 105});
    expect(last.scale).toBeCloseTo(14.826, 10);
    expect(last.score).toBeCloseTo(95 / 14.826, 10);
    // With the default 15% floor the scale is max(14.826, 0.15 × 105 = 15.75, …).
    expect(scoreWindows(rows, {asOf: START + 28 * DAY + 11 * HOUR, meanFloor: 0}).at(-1)!.scale).toBeCloseTo(15.75, 10);
  });

  it("judges only windows that ended by the as-of time", () => {
    const rows = normalWeeks(1);
    const partial = START + 30 * DAY + 15 * HOUR;
    expect(scoreWindows(rows, {asOf: partial + HOUR / 2}).at(-1)!.windowStart).toBeLessThan(partial);
  });
});

describe("rollUp", () => {
  it("sums hourly windows into days per key", () => {
    const rows = normalWeeks(1).filter((r) => r.windowStart < START + DAY);
    expect(rollUp(rows, DAY)).toEqual([{key: "S1", windowStart: START, revenue: rows.reduce((a, r) => a + r.revenue, 0)}]);
  });
});

describe("median", () => {
  it("averages the middle pair of an even count", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
