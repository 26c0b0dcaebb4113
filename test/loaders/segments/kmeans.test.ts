import {kmeans as mlKmeans} from "ml-kmeans";
import {describe, expect, it} from "vitest";
import {kmeans} from "../../../loaders/segments/kmeans.ts";
import {mulberry32} from "../../../loaders/segments/sample.ts";

/** Three tight, far-apart blobs in 3-D (Box–Muller noise, sd 0.3, centres ≥ 8 apart). */
function blobs(perBlob: number, seed: number) {
  const random = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = [[0, 0, 0], [8, 8, 0], [0, 8, -8]];
  const points: number[][] = [];
  const truth: number[] = [];
  centres.forEach((centre, c) => {
    for (let i = 0; i < perBlob; ++i) {
      points.push(centre.map((x) => x + 0.3 * gauss()));
      truth.push(c);
    }
  });
  return {points, truth};
}

/** Same partition up to renaming: the label pairs form a bijection. */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; ++i) {
    if ((ab.get(a[i]) ?? b[i]) !== b[i] || (ba.get(b[i]) ?? a[i]) !== a[i]) return false;
    ab.set(a[i], b[i]);
    ba.set(b[i], a[i]);
  }
  return true;
}

describe("kmeans", () => {
  it("recovers well-separated clusters for any seed", () => {
    const {points, truth} = blobs(100, 3);
    for (const seed of [0, 1, 7, 42, 2024, 99991]) {
      const fit = kmeans(points, 3, {seed});
      expect(fit.k).toBe(3);
      expect(samePartition(fit.labels, truth)).toBe(true);
    }
  });

  it("computes inertia as the sum of squared distances to the centroids", () => {
    const fit = kmeans([[0], [2], [10], [12]], 2, {seed: 1});
    expect(fit.centroids.map(([x]) => x).sort((a, b) => a - b)).toEqual([1, 11]);
    expect(fit.inertia).toBe(4); // 1 + 1 + 1 + 1; ml-kmeans 7.0.1 reports a per-cluster mean of 1 instead
  });

  it("keeps the restart with the lowest inertia", () => {
    const {points} = blobs(30, 5);
    const one = kmeans(points, 6, {seed: 3, restarts: 1});
    const ten = kmeans(points, 6, {seed: 3, restarts: 10});
    expect(ten.inertia).toBeLessThanOrEqual(one.inertia);
  });

  it("caps k at the number of distinct points, where ml-kmeans alone returns an empty cluster", () => {
    const points = [[0, 0], [0, 0], [1, 1], [1, 1], [1, 1]];
    const raw = mlKmeans(points, 3, {seed: 1});
    expect(new Set(raw.clusters).size).toBeLessThan(3);
    const fit = kmeans(points, 3, {seed: 1});
    expect(fit.k).toBe(2);
    expect(fit.centroids).toHaveLength(2);
    expect(samePartition(fit.labels, [0, 0, 1, 1, 1])).toBe(true);
    expect(fit.inertia).toBe(0);
  });

  it("makes one cluster when all points are equal", () => {
    const fit = kmeans([[2, 3], [2, 3], [2, 3]], 4);
    expect(fit).toEqual({k: 1, labels: new Int32Array(3), centroids: [[2, 3]], inertia: 0});
  });

  it("is deterministic for a seed", () => {
    const {points} = blobs(40, 9);
    expect(kmeans(points, 5, {seed: 11})).toEqual(kmeans(points, 5, {seed: 11}));
  });

  it("rejects a bad k and empty input", () => {
    expect(() => kmeans([[1]], 0)).toThrow(/invalid k: 0/);
    expect(() => kmeans([], 2)).toThrow(/no points/);
  });
});
