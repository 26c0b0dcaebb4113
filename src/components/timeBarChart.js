import * as Plot from "npm:@observablehq/plot";
import {emptyState} from "./emptyState.js";

/**
 * Bars over time at a fixed interval (transactions per hour, refunds per day), optionally stacked by a column.
 * @param {object[]} rows
 * @param {object} options
 * @param {number} options.width
 * @param {string} options.x the time column (start of each interval)
 * @param {string} options.y the value column
 * @param {"hour"|"day"|"week"|"month"} options.interval the bars' width
 * @param {string} [options.fill] stack by this column (with a legend)
 * @param {(x: number) => string} [options.format]
 * @param {boolean} [options.integer] the values are counts: no tick between two whole numbers (a chart of 0–2 otherwise reads 0, 1, 1, 2, 2)
 * @param {string} options.label
 * @param {string} options.ariaLabel
 * @param {number} [options.height]
 * @returns {SVGElement|HTMLElement}
 */
export function timeBarChart(rows, {width, x, y, interval, fill, format = (v) => v.toLocaleString("en-GB"), integer = false, label, ariaLabel, empty = "No data match these filters", height = 240} = {}) {
  if (!rows.length) return emptyState(empty);
  // The tallest bar (stacks summed per time): below 5, one tick per whole number.
  const totals = new Map();
  for (const d of rows) totals.set(+new Date(d[x]), (totals.get(+new Date(d[x])) ?? 0) + d[y]);
  const top = Math.max(0, ...totals.values());
  const ticks = integer && top < 5 ? Array.from({length: Math.ceil(top) + 1}, (_, i) => i) : undefined;
  return Plot.plot({
    width,
    height,
    marginLeft: 60,
    ariaLabel,
    ariaDescription: `Bars per ${interval}: ${label}.`,
    x: {type: "utc", label: null},
    y: {grid: true, label, tickFormat: format, ticks},
    color: fill ? {legend: true, type: "ordinal", scheme: "observable10"} : undefined,
    marks: [
      Plot.rectY(rows, {x: (d) => (d[x] instanceof Date ? d[x] : new Date(d[x])), y, interval, fill: fill ?? "var(--theme-foreground-focus)", inset: rows.length > width / 4 ? 0 : 0.5, tip: {format: {y: format}}}),
      Plot.ruleY([0])
    ]
  });
}
