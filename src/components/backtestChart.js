import * as Plot from "npm:@observablehq/plot";
import {decimal} from "./format.js";

const NAMES = {mae_forest: "Random forest", mae_mean7: "7-day mean", mae_lastweek: "Same day last week"};

/**
 * Mean absolute error of the demand models over the held-out days (lower is better), the forest
 * against the two naive baselines; the best bar is labelled.
 * @param {{mae_forest: number, mae_mean7: number, mae_lastweek: number}} overall the backtest's "overall" row
 * @param {object} options
 * @param {number} options.width
 * @returns {SVGElement}
 */
export function backtestChart(overall, {width} = {}) {
  const rows = Object.entries(NAMES).map(([key, model]) => ({model, mae: overall[key]}));
  const best = Math.min(...rows.map((d) => d.mae));
  return Plot.plot({
    width,
    height: 150,
    marginLeft: 140,
    marginRight: 90,
    ariaLabel: "Backtest mean absolute error: random forest against two baselines",
    ariaDescription: rows.map((d) => `${d.model}: ${decimal(d.mae)} units per day`).join("; "),
    x: {grid: true, label: "Mean absolute error (units per product-day) →"},
    y: {label: null, domain: rows.map((d) => d.model)},
    marks: [
      Plot.barX(rows, {x: "mae", y: "model", fill: (d) => (d.mae === best ? "var(--pulse-ok)" : "var(--theme-foreground-faint)")}),
      Plot.text(rows, {x: "mae", y: "model", text: (d) => `${decimal(d.mae)}${d.mae === best ? " (best)" : ""}`, dx: 4, textAnchor: "start", fill: "currentColor"}),
      Plot.ruleX([0])
    ]
  });
}
