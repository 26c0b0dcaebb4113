import {describe, expect, it} from "vitest";
import type {Store} from "../../../stream-bridge/events.ts";
import {storePerformance, weakStores} from "../../../loaders/alerts/weakStores.ts";

const store = (storeId: string, sizeSqft?: number): Store => ({storeId, name: `Store ${storeId}`, city: "c", region: "r", sizeSqft});
const stores = new Map(["A", "B", "C", "D", "E", "F"].map((id) => [id, store(id, 10_000)]));
const time = Date.UTC(2026, 9, 31);

describe("weakStores", () => {
  it("flags the store far below its peers' revenue per square foot", () => {
    // Cents per sq ft: 100, 104, 96, 102, 98 and one store at 30.
    const revenue = new Map([["A", 1_000_000], ["B", 1_040_000], ["C", 960_000], ["D", 1_020_000], ["E", 980_000], ["F", 300_000]]);
    const alerts = weakStores(revenue, stores, {time});
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({kind: "weak_store", severity: "critical", subjectId: "F", subjectName: "Store F", value: 0.3, baseline: 1, time});
    // Peers 100, 104, 96, 102, 98: mean 100, sample σ = √(40 / 4) = √10; z = (30 − 100) / √10.
    expect(storePerformance(revenue, stores).find((p) => p.storeId === "F")!.z).toBeCloseTo(-70 / Math.sqrt(10), 10);
    expect(alerts[0].threshold).toBeCloseTo((100 - 2 * Math.sqrt(10)) / 100, 10);
    expect(alerts[0].message).toMatch(/^Store F \(F\) sold 0\.30 per sq ft over the period against 1\.00 at its peers \(z = -22\.1 against the other stores, 70% below their mean\)$/);
  });

  it("uses the other stores as the yardstick, which a plain z-score over all stores cannot", () => {
    const revenue = new Map([["A", 1_000_000], ["B", 1_040_000], ["C", 960_000], ["D", 1_020_000], ["E", 980_000], ["F", 300_000]]);
    const all = [...revenue.values()].map((v) => v / 10_000);
    const mean = all.reduce((a, b) => a + b) / all.length;
    const sd = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / (all.length - 1));
    // A plain z of the weak store is bounded by (n − 1) / √n = 2.04 for n = 6: it would miss a −3 threshold.
    expect((30 - mean) / sd).toBeGreaterThan(-5 / Math.sqrt(6) - 1e-12);
    expect(weakStores(revenue, stores, {time})[0].severity).toBe("critical");
  });

  it("raises nothing when stores are alike", () => {
    const revenue = new Map([["A", 1_000_000], ["B", 1_040_000], ["C", 960_000], ["D", 1_020_000], ["E", 980_000], ["F", 990_000]]);
    expect(weakStores(revenue, stores, {time})).toEqual([]);
  });

  it("skips stores without a size and needs three sized stores", () => {
    const few = new Map([["A", store("A", 100)], ["B", store("B", 100)], ["C", store("C")]]);
    expect(storePerformance(new Map([["A", 100], ["B", 1]]), few)).toEqual([]);
  });
});
