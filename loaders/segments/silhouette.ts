export interface Silhouette {
  /** Mean silhouette over all points; null with fewer than two non-empty clusters. */
  mean: number | null;
  /** Mean per cluster; null for a cluster with no points here. */
  byCluster: (number | null)[];
}

/**
 * Silhouette coefficients with Euclidean distance (Rousseeuw 1987). O(n²) time, O(n·k) memory:
 * each pair is measured once and added to both points' per-cluster sums. Call it on a sample for
 * large n. A point alone in its cluster scores 0, as in scikit-learn.
 */
export function silhouette(points: readonly number[][], labels: ArrayLike<number>, k: number): Silhouette {
  const n = points.length;
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; ++i) sizes[labels[i]]++;
  if (k < 2 || sizes.filter((s) => s > 0).length < 2) return {mean: null, byCluster: Array.from(sizes, () => null)};

  const dims = n ? points[0].length : 0;
  const flat = new Float64Array(n * dims);
  for (let i = 0; i < n; ++i) for (let d = 0; d < dims; ++d) flat[i * dims + d] = points[i][d];
  const label = Int32Array.from({length: n}, (_, i) => labels[i]);
  // sums[i·k + c]: total distance from point i to the points of cluster c.
  const sums = new Float64Array(n * k);
  for (let i = 0; i < n; ++i) {
    const ri = i * k;
    const li = label[i];
    for (let j = i + 1; j < n; ++j) {
      let d2 = 0;
      for (let d = 0; d < dims; ++d) {
        const diff = flat[i * dims + d] - flat[j * dims + d];
        d2 += diff * diff;
      }
      const dist = Math.sqrt(d2);
      sums[ri + label[j]] += dist;
      sums[j * k + li] += dist;
    }
  }

  const byClusterSum = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; ++i) {
    const own = label[i];
    let s = 0;
    if (sizes[own] > 1) {
      const a = sums[i * k + own] / (sizes[own] - 1);
      let b = Infinity;
      for (let c = 0; c < k; ++c) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[i * k + c] / sizes[c]);
      const m = Math.max(a, b);
      s = m > 0 ? (b - a) / m : 0;
    }
    total += s;
    byClusterSum[own] += s;
  }
  return {mean: total / n, byCluster: Array.from(sizes, (size, c) => (size > 0 ? byClusterSum[c] / size : null))};
}
