import {RandomForestRegression} from "ml-random-forest";

/**
 * ml-random-forest 2.1.0 (pinned) trains ml-cart trees whose split search (TreeNode.bestSplit) tries
 * one threshold per adjacent pair of sorted rows with different targets, and re-partitions all rows
 * for each: O(n²) per feature per node, with the same threshold evaluated again and again when the
 * feature has ties. We drop the repeated thresholds. The trees are identical (a repeated threshold
 * makes the same split with the same error, and the first one wins on `<`); test/loaders/inventory
 * /demandForest.test.ts compares predictions with and without. With rounded features this cuts
 * training time several-fold; see https://github.com/mljs/decision-tree-cart/blob/main/src/TreeNode.js
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

/** Installs the repeated-threshold filter once; returns a function that removes it (for tests). */
export function dedupeSplitCandidates(): () => void {
  if (patched) return patched;
  const probe = new RandomForestRegression({nEstimators: 1, seed: 1, noOOB: true, maxFeatures: 1.0});
  probe.train([[0], [1], [2], [3], [4]], [0, 1, 0, 1, 5]);
  const proto = Object.getPrototypeOf((probe as unknown as {estimators: {root: object}[]}).estimators[0].root);
  const original = proto.featureSplit as (x: number[], y: number[]) => number[];
  proto.featureSplit = function (this: unknown, x: number[], y: number[]): number[] {
    return Array.from(new Set(original.call(this, x, y)));
  };
  patched = () => {
    proto.featureSplit = original;
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
  dedupeSplitCandidates();
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
