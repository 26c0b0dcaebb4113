import {Random} from "ml-random";

/**
 * ml-kmeans 7.0.1's k-means++ initialisation (lib/initialization.js kmeanspp: scikit-learn's greedy
 * variant, 2 + ⌊ln k⌋ candidates per centre, the one that lowers the potential most wins), step for
 * step with the same seeded ml-random draws and the same floating-point operations in the same
 * order, so it picks the very same centres, without ml-matrix: the original builds a Matrix per
 * candidate and reads every element through get()/getRow() copies, which made it half of the
 * segments loader's k-means time. kmeans.ts passes the result as ml-kmeans' `initialization`;
 * test/loaders/segments/kmeansPlusPlus.test.ts compares both.
 */
export function kmeansPlusPlus(points: readonly number[][], k: number, seed: number): number[][] {
  const n = points.length;
  const random = new Random(seed);
  const trials = 2 + Math.floor(Math.log(k));
  const first = random.randInt(n);
  const centres = [points[first].slice()];
  let closest = new Float64Array(n);
  for (let i = 0; i < n; ++i) closest[i] = squaredEuclidean(points[i], centres[0]);
  let probabilities = scaled(closest);
  for (let c = 1; c < k; ++c) {
    const candidates = random.choice(n, {replace: true, size: trials, probabilities});
    let best = Infinity;
    let bestPotential = Infinity;
    let bestClosest = closest;
    for (const candidate of candidates) {
      const next = new Float64Array(n);
      let potential = 0;
      for (let i = 0; i < n; ++i) {
        next[i] = Math.min(closest[i], squaredEuclidean(points[candidate], points[i]));
        potential += next[i];
      }
      if (potential < bestPotential) [best, bestPotential, bestClosest] = [candidate, potential, next];
    }
    centres[c] = points[best].slice();
    closest = bestClosest;
    probabilities = scaled(closest);
  }
  return centres;
}

/** d × (1 / Σd), as Matrix.mul(d, 1 / xSum(d)) computes it (ml-random wants a plain array). */
function scaled(d: Float64Array): number[] {
  let sum = d[0];
  for (let i = 1; i < d.length; ++i) sum += d[i];
  const factor = 1 / sum;
  return Array.from(d, (v) => v * factor);
}

/** ml-distance-euclidean's squaredEuclidean. */
function squaredEuclidean(p: readonly number[], q: readonly number[]): number {
  let d = 0;
  for (let i = 0; i < p.length; i++) d += (p[i] - q[i]) * (p[i] - q[i]);
  return d;
}
