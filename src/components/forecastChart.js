import * as Plot from "npm:@observablehq/plot";
import {emptyState} from "./emptyState.js";
import {decimal} from "./format.js";

/**
 * Daily demand of one product: what sold (dots), each model's backtest predictions over the
 * held-out days and the forecast ahead (lines; the forecast dashed).
 * @param {{date: number, units: number}[]} actual daily units sold (all stores)
 * @param {{date: number, predicted: number, model: string, phase: "backtest"|"forecast"}[]} predictions
 * @param {object} options
 * @param {number} options.width
 * @param {string} [options.name] product name, for the aria label
 * @param {number} [options.height]
 * @returns {SVGElement|HTMLElement}
 */
export function forecastChart(actual, predictions, {width, name = "the product", height = 300} = {}) {
  if (!actual.length && !predictions.length) return emptyState(`No sales or forecast for ${name}`);
  const models = [...new Set(predictions.map((d) => d.model))];
  const split = predictions.find((d) => d.phase === "forecast")?.date;
  return Plot.plot({
    width,
    height,
    marginLeft: 50,
    ariaLabel: `Daily demand of ${name}: actual units, backtest predictions and forecast`,
    ariaDescription: `Dots: units sold per day. Lines: ${models.join(", ")} predictions; dashed after the last day with data.`,
    x: {type: "utc", label: null},
    y: {grid: true, label: "Units per day", nice: true},
    color: {legend: true, type: "ordinal", domain: ["actual", ...models], range: ["currentColor", "var(--theme-foreground-focus)", "#e45756", "#54a24b", "#b279a2"]},
    marks: [
      Plot.ruleY([0]),
      split ? Plot.ruleX([split], {stroke: "var(--theme-foreground-faint)", strokeDasharray: "2,3"}) : null,
      split ? Plot.text([split], {x: (d) => d, text: ["forecast →"], frameAnchor: "top", textAnchor: "start", dx: 4, dy: 4, fill: "currentColor"}) : null,
      Plot.lineY(predictions.filter((d) => d.phase === "backtest"), {x: "date", y: "predicted", stroke: "model", strokeWidth: 1.8, tip: {format: {y: decimal}}}),
      Plot.lineY(predictions.filter((d) => d.phase === "forecast"), {x: "date", y: "predicted", stroke: "model", strokeWidth: 1.8, strokeDasharray: "5,3", tip: {format: {y: decimal}}}),
      Plot.dot(actual, {x: "date", y: "units", fill: () => "actual", r: 3, tip: true})
    ]
  });
}
