import {RandomForestRegression} from "ml-random-forest";
import {regressionSplit, type Split} from "./regressionSplit.ts";
import {growRegressionTree, type TreeNodeLike} from "./regressionTree.ts";

/**
 * ml-random-forest 2.1.0 (pinned) trains ml-cart 2.1.1 trees whose split search (TreeNode.bestSplit)
 * tries one threshold per adjacent pair of sorted rows with different targets and re-partitions all
 * rows for each: O(n²) per feature per node, 90% of the forecast's time; and each node copies its
 * rows into new matrices. We replace both on regression trees: TreeNode.train grows the whole tree
 * from the root with regressionTree.ts (features sorted once, children's rows filtered from their
 * parent's), and bestSplit, for anything else that calls it, with regressionSplit.ts. Both find the
 * same splits (same column, threshold and error, bit for bit) from prefix sums in O(n log n);
 * test/loaders/inventory/demandForest.test.ts compares serialised forests trained with and without.
 * See https://github.com/mljs/decision-tree-cart/blob/main/src/TreeNode.js
 *
 * Other pitfalls of this version, handled by the options below:
 * - out-of-bag estimates are on by default and crash (mean of an empty array) when a row is never
 *   out of bag, as with few trees; they also cost O(rows × trees): always noOOB.
 * - maxFeatures 1 means the fraction 1.0 (all features), not one feature; integers ≥ 2 are counts.
 * - features are sampled once per tree, not per split; maxSamples keeps the first rows, not a sample.
 * - the seed chains from tree to tree, so a fixed seed gives the same forest.
 * - a node splits only when the split's error is above `gainThreshold` (default 0, added for the
 *   classifier's gini gain in https://github.com/mljs/decision-tree-cart/pull/15). For regression the
 *   "gain" is the children's squared error, so the best possible split (two pure children, error 0)
 *   is refused and the node predicts the mixed mean. A negative threshold lets it through; a pure
 *   node still stops (it has no candidate thresholds).
 */
let patched: (() => void) | null = null;

interface MatrixLike {
  rows: number;
  columns: number;
  getRow(i: number): number[];
  getColumn(j: number): number[];
}

/** Installs the fast tree growing and split search once; returns a function that restores ml-cart's (for tests). */
export function fastSplitSearch(): () => void {
  if (patched) return patched;
  const probe = new RandomForestRegression({nEstimators: 1, seed: 1, noOOB: true, maxFeatures: 1.0});
  probe.train([[0], [1], [2], [3], [4]], [0, 1, 0, 1, 5]);
  const proto = Object.getPrototypeOf((probe as unknown as {estimators: {root: object}[]}).estimators[0].root);
  const original = proto.bestSplit as (this: TreeNodeLike, XTranspose: MatrixLike, y: number[]) => Split;
  proto.bestSplit = function (this: TreeNodeLike, XTranspose: MatrixLike, y: number[]): Split {
    if (this.gainFunction === "regression" && this.splitFunction === "mean") {
      const features = Array.from({length: XTranspose.rows}, (_, i) => XTranspose.getRow(i));
      const split = regressionSplit(features, y);
      if (split) return split;
    }
    return original.call(this, XTranspose, y);
  };
  const originalTrain = proto.train as (this: TreeNodeLike, X: MatrixLike, y: number[], depth: number, parentGain?: number) => void;
  proto.train = function (this: TreeNodeLike, X: MatrixLike, y: number[], depth: number, parentGain?: number): void {
    // The root call (DecisionTreeRegression.train); the tree below it is grown without recursing here.
    if (depth === 0 && parentGain === undefined && this.gainFunction === "regression" && this.splitFunction === "mean") {
      const columns = Array.from({length: X.columns}, (_, j) => Float64Array.from(X.getColumn(j)));
      if (growRegressionTree(this, columns, Float64Array.from(y))) return;
    }
    originalTrain.call(this, X, y, depth, parentGain);
  };
  patched = () => {
    proto.bestSplit = original;
    proto.train = originalTrain;
    patched = null;
  };
  return patched;
}

export interface ForestOptions {
  trees: number;
  seed: number;
  /** Fraction (0, 1] of the features each tree sees. */
  maxFeatures: number;
  maxDepth: number;
  minNumSamples: number;
}

export const FOREST_DEFAULTS: ForestOptions = {trees: 100, seed: 42, maxFeatures: 1.0, maxDepth: 8, minNumSamples: 10};

export interface DemandModel {
  predict(X: number[][]): number[];
}

export function trainDemandForest(X: number[][], y: number[], options: Partial<ForestOptions> = {}): DemandModel {
  const {trees, seed, maxFeatures, maxDepth, minNumSamples} = {...FOREST_DEFAULTS, ...options};
  if (!(maxFeatures > 0 && maxFeatures <= 1)) throw new RangeError(`invalid maxFeatures: ${maxFeatures} (expected a fraction in (0, 1])`);
  if (X.length === 0) throw new RangeError("no training rows");
  fastSplitSearch();
  // Passed as a count (an integer ≥ 2), or 1.0 for all: the library reads 1 as 100% and a fraction
  // through floor(columns × fraction), which can land on 1 feature or on 1.999… → 1.
  const columns = X[0].length;
  const count = Math.min(columns, Math.max(2, Math.round(columns * maxFeatures)));
  const forest = new RandomForestRegression({
    nEstimators: trees,
    seed,
    maxFeatures: count >= columns ? 1.0 : count,
    replacement: false,
    useSampleBagging: true,
    noOOB: true,
    treeOptions: {maxDepth, minNumSamples, gainThreshold: -1}
  });
  forest.train(X, y);
  return {predict: (rows) => (rows.length ? forest.predict(rows) : [])};
}
