import {RandomForestRegression} from "ml-random-forest";
import {describe, expect, it} from "vitest";
import {fastSplitSearch, trainDemandForest} from "../../../loaders/inventory/demandForest.ts";

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

// Rows with many ties (weekday, rounded ratios), as lagFeatures makes them.
function data(n: number, seed: number) {
  const r = lcg(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; ++i) {
    const row = [i % 7, Math.round(r() * 30) / 10, Math.round(r() * 30) / 10, r() < 0.2 ? 1 : 0];
    X.push(row);
    y.push(row[0] * 0.3 + row[1] + row[3] * 2 + r());
  }
  return {X, y};
}

const options = {nEstimators: 15, seed: 7, maxFeatures: 0.75, replacement: false, useSampleBagging: true, noOOB: true, treeOptions: {maxDepth: 8, minNumSamples: 5}};

describe("fastSplitSearch", () => {
  it("leaves ml-random-forest's trees and predictions bit-identical", () => {
    const restore = fastSplitSearch();
    restore();
    for (const [opts, n] of [[options, 200], [{...options, treeOptions: {maxDepth: 8, minNumSamples: 10, gainThreshold: -1}}, 400], [{...options, maxFeatures: 1.0, treeOptions: {}}, 150]] as const) {
      const {X, y} = data(n, 1);
      const test = data(50, 2).X;
      const plain = new RandomForestRegression(opts);
      plain.train(X, y);
      fastSplitSearch();
      const fast = new RandomForestRegression(opts);
      fast.train(X, y);
      fastSplitSearch()();
      expect(fast.predict(test)).toEqual(plain.predict(test));
      expect(JSON.stringify(fast.toJSON())).toEqual(JSON.stringify(plain.toJSON()));
    }
  });
});

describe("trainDemandForest", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const {X, y} = data(200, 3);
    const test = data(20, 4).X;
    const a = trainDemandForest(X, y, {trees: 10, seed: 5}).predict(test);
    expect(trainDemandForest(X, y, {trees: 10, seed: 5}).predict(test)).toEqual(a);
    expect(trainDemandForest(X, y, {trees: 10, seed: 6}).predict(test)).not.toEqual(a);
  });

  it("trains with few trees and few rows (no out-of-bag crash)", () => {
    // With OOB on, a row that is never out of bag makes ml-random-forest average an empty array.
    const X = [[0, 1], [1, 2], [2, 1], [3, 2], [4, 1], [5, 3]];
    const y = [1, 2, 1, 2, 1, 3];
    expect(() => new RandomForestRegression({nEstimators: 1, seed: 1}).train(X, y)).toThrow();
    const predicted = trainDemandForest(X, y, {trees: 1, seed: 1}).predict([[5, 3]]);
    expect(predicted[0]).toBeGreaterThanOrEqual(1);
    expect(predicted[0]).toBeLessThanOrEqual(3);
  });

  it("learns a weekday pattern", () => {
    const X: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 140; ++i) {
      X.push([i % 7, 1]);
      y.push([1, 1, 1, 1, 2, 3, 0.5][i % 7]);
    }
    const predicted = trainDemandForest(X, y, {trees: 20}).predict([[5, 1], [6, 1], [0, 1]]);
    expect(predicted[0]).toBeCloseTo(3, 6);
    expect(predicted[1]).toBeCloseTo(0.5, 6);
    expect(predicted[2]).toBeCloseTo(1, 6);
  });

  it("rejects maxFeatures outside (0, 1] instead of reading 2 as a count", () => {
    expect(() => trainDemandForest([[1, 2]], [1], {maxFeatures: 2})).toThrow(/invalid maxFeatures: 2/);
  });
});
