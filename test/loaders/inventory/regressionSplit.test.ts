import {Matrix} from "ml-matrix";
import {RandomForestRegression} from "ml-random-forest";
import {describe, expect, it} from "vitest";
import {regressionSplit, type Split} from "../../../loaders/inventory/regressionSplit.ts";

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

// ml-cart's own split search, the oracle: a regression TreeNode's bestSplit (this file never installs
// fastSplitSearch).
const forest = new RandomForestRegression({nEstimators: 1, seed: 1, noOOB: true, maxFeatures: 1.0});
forest.train([[0], [1], [2]], [0, 1, 2]);
const node = (forest as unknown as {estimators: {root: {bestSplit(XTranspose: Matrix, y: number[]): Split}}[]}).estimators[0].root;
const mlCartSplit = (features: number[][], y: number[]) => node.bestSplit(new Matrix(features), y);

describe("regressionSplit", () => {
  it("finds ml-cart's split, error bit for bit, on rows full of ties", () => {
    const r = lcg(11);
    for (let trial = 0; trial < 300; ++trial) {
      const n = 2 + Math.floor(r() * 60);
      const levels = 1 + Math.floor(r() * 8);
      const features = Array.from({length: 1 + Math.floor(r() * 5)}, () => Array.from({length: n}, () => Math.round(r() * levels) / 5));
      const y = Array.from({length: n}, () => (r() < 0.5 ? Math.round(r() * 4) : r() * 10));
      expect(regressionSplit(features, y), `trial ${trial}`).toEqual(mlCartSplit(features, y));
    }
  });

  it("breaks exact ties as ml-cart does: the first feature, then the lowest threshold", () => {
    // Columns 0 and 2 make the same partitions; column 1 is a shifted copy (same errors, other thresholds).
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const y = [1, 1, 1, 1, 5, 5, 5, 5];
    const features = [x, x.map((v) => v + 10), x];
    const split = regressionSplit(features, y)!;
    expect(split).toEqual(mlCartSplit(features, y));
    expect(split).toMatchObject({maxColumn: 0, maxValue: 4.5, maxGain: 0, numberSamples: 8});
  });

  it("returns ml-cart's no-split answer when every target is the same", () => {
    const features = [[3, 1, 2]];
    const y = [2, 2, 2];
    expect(regressionSplit(features, y)).toEqual(mlCartSplit(features, y));
    expect(regressionSplit(features, y)!.maxColumn).toBeUndefined();
  });

  it("agrees on large targets where one-pass variance loses digits", () => {
    const r = lcg(5);
    for (let trial = 0; trial < 50; ++trial) {
      const n = 40;
      const features = [Array.from({length: n}, () => Math.floor(r() * 10)), Array.from({length: n}, () => Math.floor(r() * 3))];
      const y = Array.from({length: n}, () => 1e9 + Math.floor(r() * 5) * 1e-3);
      expect(regressionSplit(features, y), `trial ${trial}`).toEqual(mlCartSplit(features, y));
    }
  });

  it("declines (null) on a value ml-cart cannot sort", () => {
    expect(regressionSplit([[1, NaN, 2]], [1, 2, 3])).toBeNull();
    expect(regressionSplit([[1, 2, 3]], [1, Infinity, 3])).toBeNull();
  });
});
