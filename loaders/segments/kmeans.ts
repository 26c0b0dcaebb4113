import {kmeans as mlKmeans} from "ml-kmeans";
import {kmeansPlusPlus} from "./kmeansPlusPlus.ts";

export interface KmeansOptions {
  seed?: number;
  /** Independent k-means++ starts; the one with the lowest inertia wins (ties: the earliest). */
  restarts?: number;
  maxIterations?: number;
}

export interface KmeansFit {
  /** Clusters actually found: min(k, distinct points), fewer if a cluster emptied out. */
  k: number;
  /** Cluster of each point, 0..k−1. */
  labels: Int32Array;
  centroids: number[][];
  /** Sum of squared distances from each point to its centroid. */
  inertia: number;
}

/**
 * k-means (ml-kmeans 7.0.1, k-means++ init) with seeded restarts and three guards ml-kmeans lacks:
 * - k is capped at the number of distinct points: with fewer, k-means++ runs out of points at
 *   positive distance, its sampling probabilities become 0/0 = NaN, ml-random's sum check
 *   (NaN > tolerance is false) lets them through and it picks point 0 again: duplicate centres and
 *   silently empty clusters. A single distinct point is one cluster, no fit needed.
 * - inertia is computed here, since `computeInformation().error` changed from a sum to a mean
 *   between 7.0.0 and 7.0.1 (and is −1 for an empty cluster).
 * - ml-kmeans keeps an emptied cluster's old centre (since 4.0.1, commit 94b0de9; before that such
 *   centres became NaN, https://github.com/mljs/kmeans/issues/9); such clusters are dropped here
 *   and labels compacted.
 */
export function kmeans(points: readonly number[][], k: number, {seed = 42, restarts = 10, maxIterations = 100}: KmeansOptions = {}): KmeansFit {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`invalid k: ${k}`);
  if (!points.length) throw new RangeError("no points to cluster");
  const distinct = countDistinct(points);
  const K = Math.min(k, distinct);
  if (K === 1) return single(points);

  const data = points as number[][];
  let best: KmeansFit | undefined;
  for (let r = 0; r < restarts; ++r) {
    // ml-kmeans' own k-means++ centres, computed faster (kmeansPlusPlus.ts).
    const {clusters, centroids} = mlKmeans(data, K, {initialization: kmeansPlusPlus(points, K, seed + r), seed: seed + r, maxIterations});
    const fit = compact(points, Int32Array.from(clusters), centroids);
    if (!best || fit.inertia < best.inertia) best = fit;
  }
  return best!;
}

function single(points: readonly number[][]): KmeansFit {
  const centroid = points[0].slice();
  return {k: 1, labels: new Int32Array(points.length), centroids: [centroid], inertia: 0};
}

/** Drops clusters no point is assigned to and recomputes centroids as member means. */
function compact(points: readonly number[][], labels: Int32Array, centroids: number[][]): KmeansFit {
  const dims = points[0].length;
  const remap = new Int32Array(centroids.length).fill(-1);
  let k = 0;
  for (const label of labels) if (remap[label] < 0) remap[label] = k++;
  // Renumber in order of first appearance; callers impose their own order on top.
  const sums = Array.from({length: k}, () => new Float64Array(dims));
  const sizes = new Float64Array(k);
  for (let i = 0; i < labels.length; ++i) {
    const c = (labels[i] = remap[labels[i]]);
    sizes[c]++;
    for (let d = 0; d < dims; ++d) sums[c][d] += points[i][d];
  }
  const means = sums.map((sum, c) => Array.from(sum, (s) => s / sizes[c]));
  let inertia = 0;
  for (let i = 0; i < labels.length; ++i) inertia += squaredDistance(points[i], means[labels[i]]);
  return {k, labels, centroids: means, inertia};
}

export function squaredDistance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let d = 0; d < a.length; ++d) sum += (a[d] - b[d]) ** 2;
  return sum;
}

export function countDistinct(points: readonly number[][]): number {
  return new Set(points.map((p) => p.join(","))).size;
}
