/** What ml-cart's TreeNode.bestSplit returns (node_modules/ml-cart/cart.js). */
export interface Split {
  maxGain: number;
  maxColumn: number | undefined;
  maxValue: number | undefined;
  numberSamples: number | undefined;
}

/**
 * The split ml-cart 2.1.1 picks for a regression node, found in O(features × n log n) instead of its
 * O(features × n²): for each feature, the candidate thresholds are the midpoints between adjacent
 * sorted values whose targets differ (its featureSplit), and the error of a threshold is the summed
 * squared error of the two sides (its regressionError); the first candidate with the strictly
 * lowest error wins, features in order.
 *
 * Prefix sums of the (centred) targets rank every candidate in O(1). Their rounding differs from
 * ml-cart's two-pass sums, so the candidates whose fast error is within a tolerance of the best are
 * re-scored exactly as ml-cart does (same partition loop, same summation order) and the first
 * strictly lowest wins: the returned split, including its error (`maxGain`, compared bit for bit
 * with the parent's by TreeNode.train), is ml-cart's own. test/loaders/inventory/regressionSplit
 * .test.ts compares whole forests with and without.
 *
 * Returns null when a feature or target is not finite: ml-cart's sort is not defined there.
 */
export function regressionSplit(features: readonly ArrayLike<number>[], y: ArrayLike<number>): Split | null {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; ++i) {
    if (!Number.isFinite(y[i])) return null;
    mean += y[i];
  }
  mean /= n;
  const c = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; ++i) total += (c[i] = y[i] - mean) ** 2;
  // Both ways of summing err by about n·ε of the total; anything within 1e-9 of it is re-scored.
  const tolerance = 1e-9 * total;

  const columns: number[] = [];
  const values: number[] = [];
  const scores: number[] = [];
  let best = Infinity;
  const order = new Int32Array(n);
  const scratch = new Int32Array(n);
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let f = 0; f < features.length; ++f) {
    const x = features[f];
    for (let i = 0; i < n; ++i) if (!Number.isFinite(x[i])) return null;
    stableOrder(x, order, scratch);
    for (let k = 0; k < n; ++k) {
      s1[k + 1] = s1[k] + c[order[k]];
      s2[k + 1] = s2[k] + c[order[k]] ** 2;
    }
    let previous = NaN;
    let lesser = 0; // rows with x < value: ml-cart's partition, a prefix of the sorted order
    for (let k = 1; k < n; ++k) {
      if (y[order[k - 1]] === y[order[k]]) continue;
      const value = (x[order[k - 1]] + x[order[k]]) / 2;
      if (value === previous) continue; // midpoints are non-decreasing: repeats are adjacent and score the same
      previous = value;
      while (lesser < n && x[order[lesser]] < value) ++lesser;
      const greater = n - lesser;
      const score =
        (lesser ? s2[lesser] - s1[lesser] ** 2 / lesser : 0) + (greater ? s2[n] - s2[lesser] - (s1[n] - s1[lesser]) ** 2 / greater : 0);
      columns.push(f);
      values.push(value);
      scores.push(score);
      if (score < best) best = score;
    }
  }

  const split: Split = {maxGain: Infinity, maxColumn: undefined, maxValue: undefined, numberSamples: undefined};
  for (let j = 0; j < scores.length; ++j) {
    if (scores[j] > best + tolerance) continue;
    const error = partitionError(features[columns[j]], y, values[j]);
    if (error < split.maxGain) {
      split.maxGain = error;
      split.maxColumn = columns[j];
      split.maxValue = values[j];
      split.numberSamples = n;
    }
  }
  return split;
}

/** ml-cart's regressionError(split(x, y, value)), step for step. */
export function partitionError(x: ArrayLike<number>, y: ArrayLike<number>, value: number): number {
  const lesser: number[] = [];
  const greater: number[] = [];
  for (let i = 0; i < x.length; ++i) (x[i] < value ? lesser : greater).push(y[i]);
  let error = 0.0;
  error += squaredError(greater);
  error += squaredError(lesser);
  return error;
}

function squaredError(values: number[]): number {
  if (values.length === 0) return 0.0;
  let sum = 0;
  for (const v of values) sum += v;
  const m = sum / values.length;
  let error = 0.0;
  for (const v of values) error += (v - m) * (v - m);
  return error;
}

/**
 * Row indices by ascending x, ties in row order (what the stable Array#sort in featureSplit gives):
 * insertion-sorted runs of 16, then bottom-up merges. Hand-written because it runs for every
 * feature of every node, and both a comparator sort and TypedArray#sort cost several times more.
 */
export function stableOrder(x: ArrayLike<number>, order: Int32Array, scratch: Int32Array): void {
  const n = order.length;
  const RUN = 16;
  for (let i = 0; i < n; ++i) order[i] = i;
  for (let start = 0; start < n; start += RUN) {
    const end = Math.min(start + RUN, n);
    for (let i = start + 1; i < end; ++i) {
      const index = order[i];
      const v = x[index];
      let j = i - 1;
      while (j >= start && x[order[j]] > v) order[j + 1] = order[j--];
      order[j + 1] = index;
    }
  }
  let from = order;
  let to = scratch;
  for (let width = RUN; width < n; width *= 2) {
    for (let left = 0; left < n; left += 2 * width) {
      const middle = Math.min(left + width, n);
      const right = Math.min(left + 2 * width, n);
      let a = left;
      let b = middle;
      let k = left;
      while (a < middle && b < right) to[k++] = x[from[b]] < x[from[a]] ? from[b++] : from[a++];
      while (a < middle) to[k++] = from[a++];
      while (b < right) to[k++] = from[b++];
    }
    [from, to] = [to, from];
  }
  if (from !== order) order.set(from);
}
