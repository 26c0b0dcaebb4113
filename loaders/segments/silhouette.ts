export interface Silhouette {
  /** Mean silhouette over all points; null with fewer than two clusters. */
  mean: number | null;
  /** Mean per cluster; null for a cluster with no points here. */
  byCluster: (number | null)[];
}

/**
 * Silhouette coefficients with Euclidean distance (Rousseeuw 1987), O(n²): call it on a sample
 * for large n. A point alone in its cluster scores 0, as in scikit-learn.
 */
export function silhouette(points: readonly number[][], labels: ArrayLike<number>, k: number): Silhouette {
  const n = points.length;
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; ++i) sizes[labels[i]]++;
  const byClusterSum = new Float64Array(k);
  if (k < 2 || sizes.filter((s) => s > 0).length < 2) return {mean: null, byCluster: Array.from(sizes, () => null)};
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; ++i) {
    sums.fill(0);
    const p = points[i];
    for (let j = 0; j < n; ++j) {
      if (j === i) continue;
      const q = points[j];
      let d2 = 0;
      for (let d = 0; d < p.length; ++d) d2 += (p[d] - q[d]) ** 2;
      sums[labels[j]] += Math.sqrt(d2);
    }
    const own = labels[i];
    let s = 0;
    if (sizes[own] > 1) {
      const a = sums[own] / (sizes[own] - 1);
      let b = Infinity;
      for (let c = 0; c < k; ++c) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[c] / sizes[c]);
      const m = Math.max(a, b);
      s = m > 0 ? (b - a) / m : 0;
    }
    total += s;
    byClusterSum[own] += s;
  }
  return {mean: total / n, byCluster: Array.from(sizes, (size, c) => (size > 0 ? byClusterSum[c] / size : null))};
}
