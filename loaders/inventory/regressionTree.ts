import {partitionError, stableOrder, type Split} from "./regressionSplit.ts";

/** The fields of ml-cart 2.1.1's TreeNode that training reads and writes (node_modules/ml-cart/cart.js). */
export interface TreeNodeLike {
  kind: string;
  gainFunction: string;
  splitFunction: string;
  minNumSamples: number;
  maxDepth: number;
  gainThreshold: number;
  splitValue?: number;
  splitColumn?: number;
  gain?: number;
  numberSamples?: number;
  left?: TreeNodeLike;
  right?: TreeNodeLike;
  distribution?: number;
}

/**
 * Grows the regression tree ml-cart's TreeNode.train grows from `node` (the root), without its
 * per-node matrices: each feature is sorted once at the root and every child's sorted rows are its
 * parent's, filtered (stable, so ties keep row order as ml-cart's sort does). Same checks in the
 * same order (min samples, max depth, gain above the threshold and unlike the parent's, two
 * non-empty sides), same splits (regressionSplit.ts's search, re-scored exactly as ml-cart), same
 * leaf means, and the same node fields set in the same order, so the tree serialises identically;
 * test/loaders/inventory/demandForest.test.ts compares whole forests.
 * `columns[f][i]` is feature f of row i; returns false (nothing done) when a value is not finite.
 */
export function growRegressionTree(node: TreeNodeLike, columns: readonly Float64Array[], y: Float64Array): boolean {
  const n = y.length;
  for (let i = 0; i < n; ++i) if (!Number.isFinite(y[i])) return false;
  for (const column of columns) for (let i = 0; i < n; ++i) if (!Number.isFinite(column[i])) return false;
  const rows = Int32Array.from({length: n}, (_, i) => i);
  const sorted = columns.map((x) => {
    const order = new Int32Array(n);
    stableOrder(x, order, new Int32Array(n));
    return order;
  });
  grow(node, columns, y, rows, sorted, 0, 0.0, new Uint8Array(n));
  return true;
}

function grow(node: TreeNodeLike, columns: readonly Float64Array[], y: Float64Array, rows: Int32Array, sorted: Int32Array[], depth: number, parentGain: number, side: Uint8Array): void {
  if (rows.length <= node.minNumSamples) {
    node.distribution = mean(y, rows);
    return;
  }
  const split = bestSplit(columns, y, rows, sorted);
  node.splitValue = split.maxValue;
  node.splitColumn = split.maxColumn;
  node.gain = split.maxGain;
  node.numberSamples = split.numberSamples;
  let lesser = 0;
  if (split.maxColumn !== undefined) {
    const x = columns[split.maxColumn];
    for (const r of rows) if ((side[r] = x[r] < split.maxValue! ? 1 : 0)) ++lesser;
  }
  if (depth < node.maxDepth && node.gain > node.gainThreshold && node.gain !== parentGain && lesser > 0 && lesser < rows.length) {
    const Node = node.constructor as new (options: TreeNodeLike) => TreeNodeLike;
    node.left = new Node(node);
    node.right = new Node(node);
    const [lesserRows, greaterRows] = partition(rows, side, lesser);
    const lesserSorted: Int32Array[] = [];
    const greaterSorted: Int32Array[] = [];
    for (const order of sorted) {
      const [l, g] = partition(order, side, lesser);
      lesserSorted.push(l);
      greaterSorted.push(g);
    }
    grow(node.left, columns, y, lesserRows, lesserSorted, depth + 1, node.gain, side);
    grow(node.right, columns, y, greaterRows, greaterSorted, depth + 1, node.gain, side);
  } else {
    node.distribution = mean(y, rows);
  }
}

/** Rows with side 1, then rows with side 0, each in their order. */
function partition(rows: Int32Array, side: Uint8Array, lesser: number): [Int32Array, Int32Array] {
  const l = new Int32Array(lesser);
  const g = new Int32Array(rows.length - lesser);
  let a = 0;
  let b = 0;
  for (const r of rows) {
    if (side[r]) l[a++] = r;
    else g[b++] = r;
  }
  return [l, g];
}

/** ml-array-mean: the sum in order, divided by the count. */
function mean(y: Float64Array, rows: Int32Array): number {
  let sum = 0;
  for (const r of rows) sum += y[r];
  return sum / rows.length;
}

/** regressionSplit over a node's rows, with each feature's sorted rows given (see regressionSplit.ts). */
function bestSplit(columns: readonly Float64Array[], y: Float64Array, rows: Int32Array, sorted: Int32Array[]): Split {
  const n = rows.length;
  let m = 0;
  for (const r of rows) m += y[r];
  m /= n;
  let total = 0;
  for (const r of rows) total += (y[r] - m) ** 2;
  const tolerance = 1e-9 * total;
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  const candidates: {column: number; value: number; score: number}[] = [];
  let best = Infinity;
  for (let f = 0; f < columns.length; ++f) {
    const x = columns[f];
    const order = sorted[f];
    for (let k = 0; k < n; ++k) {
      const c = y[order[k]] - m;
      s1[k + 1] = s1[k] + c;
      s2[k + 1] = s2[k] + c * c;
    }
    let previous = NaN;
    let lesser = 0;
    for (let k = 1; k < n; ++k) {
      if (y[order[k - 1]] === y[order[k]]) continue;
      const value = (x[order[k - 1]] + x[order[k]]) / 2;
      if (value === previous) continue;
      previous = value;
      while (lesser < n && x[order[lesser]] < value) ++lesser;
      const greater = n - lesser;
      const score = (lesser ? s2[lesser] - s1[lesser] ** 2 / lesser : 0) + (greater ? s2[n] - s2[lesser] - (s1[n] - s1[lesser]) ** 2 / greater : 0);
      candidates.push({column: f, value, score});
      if (score < best) best = score;
    }
  }
  const split: Split = {maxGain: Infinity, maxColumn: undefined, maxValue: undefined, numberSamples: undefined};
  if (!candidates.length) return split;
  const ys = Array.from(rows, (r) => y[r]);
  for (const {column, value, score} of candidates) {
    if (score > best + tolerance) continue;
    const error = partitionError(Array.from(rows, (r) => columns[column][r]), ys, value);
    if (error < split.maxGain) Object.assign(split, {maxGain: error, maxColumn: column, maxValue: value, numberSamples: n});
  }
  return split;
}
