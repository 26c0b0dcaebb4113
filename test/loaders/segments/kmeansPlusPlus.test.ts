import {kmeans as mlKmeans} from "ml-kmeans";
import {describe, expect, it} from "vitest";
import {kmeansPlusPlus} from "../../../loaders/segments/kmeansPlusPlus.ts";

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

// Standardized log RFM looks like this: three features, clumps, ties.
function points(n: number, seed: number): number[][] {
  const r = lcg(seed);
  return Array.from({length: n}, (_, i) => [Math.round(r() * 20) / 4 + (i % 3), Math.log1p(Math.floor(r() * 6)), r() * 3 - (i % 5 === 0 ? 2 : 0)]);
}

describe("kmeansPlusPlus(points, k, seed)", () => {
  it("starts ml-kmeans from the same centres as its own k-means++, so fits are identical", () => {
    for (const [n, k, seed] of [[50, 2, 1], [400, 3, 42], [1000, 8, 7], [300, 5, 12345]]) {
      const data = points(n, seed);
      const own = mlKmeans(data, k, {initialization: "kmeans++", seed, maxIterations: 1});
      const ours = mlKmeans(data, k, {initialization: kmeansPlusPlus(data, k, seed), seed, maxIterations: 1});
      expect(own.centroids).toHaveLength(k);
      // One step from identical centres gives identical assignments and centroids.
      expect(ours.clusters).toEqual(own.clusters);
      expect(ours.centroids).toEqual(own.centroids);
      const full = mlKmeans(data, k, {initialization: kmeansPlusPlus(data, k, seed), seed});
      expect(full.centroids).toEqual(mlKmeans(data, k, {initialization: "kmeans++", seed}).centroids);
    }
  });

  it("returns k distinct points of the data, and differs across seeds", () => {
    const data = points(200, 3);
    const centres = kmeansPlusPlus(data, 4, 9);
    expect(centres).toHaveLength(4);
    for (const c of centres) expect(data.some((p) => p.every((v, d) => v === c[d]))).toBe(true);
    expect(new Set(centres.map((c) => c.join(","))).size).toBe(4);
    expect(kmeansPlusPlus(data, 4, 10)).not.toEqual(centres);
  });
});
