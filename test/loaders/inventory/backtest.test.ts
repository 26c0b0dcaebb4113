import {describe, expect, it} from "vitest";
import {backtest, verdict} from "../../../loaders/inventory/backtest.ts";
import {forestForecast} from "../../../loaders/inventory/forestForecast.ts";

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

const MONDAY = 19723; // 2024-01-01
const WEEKLY = [0.7, 0.8, 0.9, 1.0, 1.2, 1.5, 0.9]; // Monday … Sunday

/** Units a day: a level of 20 growing 0.2 a day, times the weekday factor, plus N(0, 2) noise, rounded. */
function seasonal(days: number, seed: number): Float64Array {
  const r = lcg(seed);
  return Float64Array.from({length: days}, (_, t) => Math.max(0, Math.round((20 + 0.2 * t) * WEEKLY[t % 7] + 2 * normal(r))));
}

describe("backtest", () => {
  it("the forest beats 0.8 × the 7-day-mean baseline on weekly seasonality with a trend", () => {
    const y = seasonal(60, 7);
    const result = backtest([{id: "P1", y}], MONDAY, y.length, 14, {trees: 50, seed: 42});
    const {forest, mean7, lastweek} = result.overall;
    expect(result.origin).toBe(46);
    expect(forest).toBeLessThan(0.8 * mean7);
    expect(result.products[0].verdict).toBe(forest < Math.min(mean7, lastweek) ? "forest_better" : "baseline_better");
    // The baselines are recomputed here independently of the module.
    const actual = y.slice(46);
    const m7 = y.slice(39, 46).reduce((a, b) => a + b, 0) / 7;
    expect(mean7).toBeCloseTo(actual.reduce((a, v) => a + Math.abs(v - m7), 0) / 14, 12);
    expect(lastweek).toBeCloseTo(actual.reduce((a, v, h) => a + Math.abs(v - y[39 + (h % 7)]), 0) / 14, 12);
  });

  it("is deterministic for a seed", () => {
    const y = seasonal(40, 3);
    const a = backtest([{id: "P", y}], MONDAY, 40, 14, {trees: 10, seed: 9});
    const b = backtest([{id: "P", y}], MONDAY, 40, 14, {trees: 10, seed: 9});
    expect(Array.from(b.products[0].predicted.forest)).toEqual(Array.from(a.products[0].predicted.forest));
  });

  it("pools products into one global model, or trains one per product", () => {
    const series = [1, 2, 3].map((seed) => ({id: `P${seed}`, y: seasonal(30, seed).map((v) => v * seed)}));
    const global = backtest(series, MONDAY, 30, 14, {trees: 10, scope: "global"});
    const each = backtest(series, MONDAY, 30, 14, {trees: 10, scope: "per-product"});
    // Origins 7…15 before the backtest origin 16, each with the days ahead that end before it: 9 + 8 + … + 1 = 45 rows a product.
    expect(global.trainRows).toBe(3 * 45);
    expect(each.trainRows).toBe(3 * 45);
    expect(global.products.map((p) => p.id)).toEqual(["P1", "P2", "P3"]);
    expect(Array.from(each.products[1].predicted.forest)).not.toEqual(Array.from(global.products[1].predicted.forest));
    // Overall MAE weighs every product-day equally.
    const mean = (k: "forest" | "mean7") => global.products.reduce((a, p) => a + p.mae[k], 0) / 3;
    expect(global.overall.forest).toBeCloseTo(mean("forest"), 12);
    expect(global.overall.mean7).toBeCloseTo(mean("mean7"), 12);
  });

  it("trains on a seeded sample when the rows exceed the cap", () => {
    const y = seasonal(40, 5);
    const a = forestForecast([{y}], MONDAY, 40, 3, {trees: 5, maxTrainRows: 10});
    expect(a.trainRows).toBe(10);
    expect(Array.from(forestForecast([{y}], MONDAY, 40, 3, {trees: 5, maxTrainRows: 10}).forecasts[0])).toEqual(Array.from(a.forecasts[0]));
  });

  it("needs more history than the backtest window plus a week", () => {
    expect(() => backtest([{id: "P", y: seasonal(21, 1)}], MONDAY, 21, 14)).toThrow(/needs more than 21 days of sales, got 21/);
  });
});

describe("verdict", () => {
  it("says plainly when the forest does not beat the better baseline", () => {
    expect(verdict({forest: 1, mean7: 2, lastweek: 3})).toBe("forest_better");
    expect(verdict({forest: 2.5, mean7: 2, lastweek: 3})).toBe("baseline_better");
    expect(verdict({forest: 2.5, mean7: 3, lastweek: 2})).toBe("baseline_better");
    expect(verdict({forest: 0, mean7: 0, lastweek: 0})).toBe("tie");
  });
});
