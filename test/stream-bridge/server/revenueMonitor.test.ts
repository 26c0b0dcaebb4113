import {describe, expect, it} from "vitest";
import {createRevenueMonitor} from "../../../stream-bridge/server/revenueMonitor.ts";

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const t0 = Date.UTC(2026, 9, 1); // Thursday 2026-10-01

/** Final one-minute "all" windows: `revenue` cents split over the minutes 10:00, 10:20 and 10:40 of `day`. */
function hourAt10(day: number, revenue: number) {
  const start = t0 + day * DAY + 10 * HOUR;
  const parts = [Math.floor(revenue / 3), Math.floor(revenue / 3), revenue - 2 * Math.floor(revenue / 3)];
  return parts.map((r, i) => ({dimension: "all", key: "all", windowStart: start + i * 20 * MIN, revenue: r, final: true}));
}

describe("createRevenueMonitor", () => {
  it("judges an hour once the watermark passes its end, against the same hour of the previous days (hand-computed)", () => {
    const monitor = createRevenueMonitor({windowMs: MIN});
    // Days 0–2 at 10:00: 100.00, 110.00, 90.00. Each day is judged at the next day's 10:00 with fewer than 3 days behind it: no alert.
    expect(monitor.update(hourAt10(0, 10_000), t0 + 11 * HOUR)).toEqual([]);
    expect(monitor.update(hourAt10(1, 11_000), t0 + DAY + 11 * HOUR)).toEqual([]);
    expect(monitor.update(hourAt10(2, 9_000), t0 + 2 * DAY + 11 * HOUR)).toEqual([]);
    // Day 3 (Sunday) 10:00: 1,000.00. Not yet judged while the watermark is inside the hour.
    expect(monitor.update(hourAt10(3, 100_000), t0 + 3 * DAY + 11 * HOUR - 1)).toEqual([]);
    const alerts = monitor.update([], t0 + 3 * DAY + 11 * HOUR);
    // median 10,000; MAD 1,000 → 1,482.6; 0.15 × median = 1,500; mean of the 73 hours from day 0 10:00 to day 3 10:00
    // = 130,000 / 73 → 0.5 × = 890.4. scale = 1,500, score = (100,000 − 10,000) / 1,500 = 60 → critical.
    expect(alerts).toEqual([
      {
        id: "revenue_spike:all:2026-10-04T10:00:00.000Z",
        severity: "critical",
        kind: "revenue_spike",
        subjectType: "all",
        subjectId: "all",
        subjectName: "all stores",
        storeId: null,
        productId: null,
        message: "Revenue spike at all stores, 2026-10-04 (Sunday) 10:00–11:00 UTC: 1,000.00 against a usual 100.00 (median of the same hour over the previous 7 days; score 60)",
        value: 1000,
        threshold: (10_000 + 5 * 1_500) / 100,
        baseline: 100,
        time: t0 + 3 * DAY + 10 * HOUR
      }
    ]);
  });

  it("an hour without any final window counts as 0: a drop", () => {
    const monitor = createRevenueMonitor({windowMs: MIN});
    for (const [day, revenue] of [[0, 10_000], [1, 11_000], [2, 9_000]]) monitor.update(hourAt10(day, revenue), t0 + day * DAY + 11 * HOUR);
    // Day 3 has sales only at 12:00; 10:00 is empty. Score = (0 − 10,000) / 1,500 = −6.7 → warning (|score| ≥ 5, < 8).
    const alerts = monitor.update([{dimension: "all", key: "all", windowStart: t0 + 3 * DAY + 12 * HOUR, revenue: 5_000, final: true}], t0 + 3 * DAY + 13 * HOUR);
    const drop = alerts.find((a) => a.time === t0 + 3 * DAY + 10 * HOUR);
    expect(drop).toMatchObject({kind: "revenue_drop", severity: "warning", value: 0, baseline: 100});
    expect(drop!.message).toContain("Revenue drop at all stores, 2026-10-04 (Sunday) 10:00–11:00 UTC: 0.00 against a usual 100.00");
  });

  it("ignores open windows and other dimensions", () => {
    const monitor = createRevenueMonitor({windowMs: MIN});
    for (const [day, revenue] of [[0, 10_000], [1, 10_000], [2, 10_000]]) monitor.update(hourAt10(day, revenue), t0 + day * DAY + 11 * HOUR);
    const noise = [
      {dimension: "store", key: "S01", windowStart: t0 + 3 * DAY + 10 * HOUR, revenue: 1_000_000, final: true},
      {dimension: "all", key: "all", windowStart: t0 + 3 * DAY + 10 * HOUR + MIN, revenue: 1_000_000, final: false}
    ];
    const alerts = monitor.update([...noise, ...hourAt10(3, 10_000)], t0 + 3 * DAY + 11 * HOUR);
    expect(alerts).toEqual([]);
  });

  it("is off for hopping windows and windows that do not tile an hour", () => {
    expect(createRevenueMonitor({windowMs: 10 * MIN, hopMs: 5 * MIN}).disabled).toMatch(/hopping/);
    expect(createRevenueMonitor({windowMs: 7 * MIN}).disabled).toMatch(/does not tile/);
    expect(createRevenueMonitor({windowMs: MIN}).disabled).toBeNull();
    expect(createRevenueMonitor({windowMs: 2 * HOUR}).alertWindowMs).toBe(2 * HOUR);
  });

  it("raises the same alerts whether the watermark moves hour by hour or jumps over many hours (any replay speed)", () => {
    // 12 days of trading 08:00–20:00 with a steady rhythm, a busy day 10 and a dead 15:00 on day 11.
    const windows: {dimension: string; key: string; windowStart: number; revenue: number; final: boolean}[] = [];
    for (let day = 0; day < 12; ++day) {
      for (let hour = 8; hour < 20; ++hour) {
        if (day === 11 && hour === 15) continue;
        const revenue = 10_000 + ((day * 7 + hour * 13) % 5) * 500 + (day === 10 && hour === 12 ? 80_000 : 0);
        windows.push({dimension: "all", key: "all", windowStart: t0 + day * DAY + hour * HOUR + 5 * MIN, revenue, final: true});
      }
    }
    const end = t0 + 12 * DAY;
    const jump = createRevenueMonitor({windowMs: MIN}).update(windows, end);
    const steady = createRevenueMonitor({windowMs: MIN});
    const stepped = [];
    for (let w = t0 + HOUR; w <= end; w += HOUR) stepped.push(...steady.update(windows.filter((x) => x.windowStart < w && x.windowStart >= w - HOUR), w));
    expect(stepped).toEqual(jump);
    // The dead hour scores about −4, not a drop: the scale is at least half the mean hourly revenue
    // (nights included), so one quiet hour of a small chain is not an alert.
    expect(jump.map((a) => [a.kind, new Date(a.time).toISOString()])).toEqual([["revenue_spike", "2026-10-11T12:00:00.000Z"]]);
  });

  it("save() and restore() carry the baseline across a restart", () => {
    const a = createRevenueMonitor({windowMs: MIN});
    for (const [day, revenue] of [[0, 10_000], [1, 11_000], [2, 9_000]]) a.update(hourAt10(day, revenue), t0 + day * DAY + 11 * HOUR);
    const b = createRevenueMonitor({windowMs: MIN});
    b.restore(JSON.parse(JSON.stringify(a.save())));
    const fromA = a.update(hourAt10(3, 100_000), t0 + 3 * DAY + 11 * HOUR);
    expect(fromA).toHaveLength(1);
    expect(b.update(hourAt10(3, 100_000), t0 + 3 * DAY + 11 * HOUR)).toEqual(fromA);
  });
});
