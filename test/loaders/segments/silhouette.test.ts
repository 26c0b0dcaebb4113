import {describe, expect, it} from "vitest";
import {sample} from "../../../loaders/segments/sample.ts";
import {silhouette} from "../../../loaders/segments/silhouette.ts";

describe("silhouette", () => {
  it("matches a hand computation on four points on a line", () => {
    // Clusters {0, 1} and {4, 6}. For x=0: a=1, b=(4+6)/2=5, s=0.8. x=1: a=1, b=4, s=0.75.
    // x=4: a=2, b=(4+3)/2=3.5, s=1.5/3.5. x=6: a=2, b=(6+5)/2=5.5, s=3.5/5.5.
    const {mean, byCluster} = silhouette([[0], [1], [4], [6]], [0, 0, 1, 1], 2);
    const s = [0.8, 0.75, 1.5 / 3.5, 3.5 / 5.5];
    expect(mean).toBeCloseTo((s[0] + s[1] + s[2] + s[3]) / 4, 12);
    expect(byCluster[0]).toBeCloseTo((s[0] + s[1]) / 2, 12);
    expect(byCluster[1]).toBeCloseTo((s[2] + s[3]) / 2, 12);
  });

  it("scores a point alone in its cluster 0 and is null with one cluster", () => {
    const {byCluster} = silhouette([[0], [1], [9]], [0, 0, 1], 2);
    expect(byCluster[1]).toBe(0);
    expect(silhouette([[0], [1]], [0, 0], 1).mean).toBeNull();
  });
});

describe("sample", () => {
  it("returns every index when n is small, else a seeded ascending subset", () => {
    expect(Array.from(sample(4, 10, 1))).toEqual([0, 1, 2, 3]);
    const a = sample(10_000, 3000, 42);
    expect(a).toHaveLength(3000);
    expect(new Set(a).size).toBe(3000);
    expect(Array.from(a)).toEqual(Array.from(a).sort((x, y) => x - y));
    expect(a).toEqual(sample(10_000, 3000, 42));
    expect(a).not.toEqual(sample(10_000, 3000, 43));
  });
});
