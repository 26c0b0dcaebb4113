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
 * @param {string} options.label
 * @param {string} options.ariaLabel
 * @param {number} [options.height]
 * @returns {SVGElement|HTMLElement}
 */
export function timeBarChart(rows, {width, x, y, interval, fill, format = (v) => v.toLocaleString("en-GB"), label, ariaLabel, empty = "No data match these filters", height = 240} = {}) {
  if (!rows.length) return emptyState(empty);
  return Plot.plot({
    width,
    height,
    marginLeft: 60,
    ariaLabel,
    ariaDescription: `Bars per ${interval}: ${label}.`,
    x: {type: "utc", label: null},
    y: {grid: true, label, tickFormat: format},
    color: fill ? {legend: true, type: "ordinal", scheme: "observable10"} : undefined,
    marks: [
      Plot.rectY(rows, {x: (d) => (d[x] instanceof Date ? d[x] : new Date(d[x])), y, interval, fill: fill ?? "var(--theme-foreground-focus)", inset: rows.length > width / 4 ? 0 : 0.5, tip: {format: {y: format}}}),
      Plot.ruleY([0])
    ]
  });
}
