import * as Plot from "npm:@observablehq/plot";
import {emptyState} from "./emptyState.js";

/**
 * Horizontal bars, largest first, each labelled with its value: revenue by store, category,
 * product, payment method, refund reason...
 * @param {object[]} rows
 * @param {object} options
 * @param {number} options.width
 * @param {string} options.x the value column
 * @param {string} options.y the label column
 * @param {string} [options.fill] a column to colour by (with a legend), or a CSS colour
 * @param {string[]} [options.fillDomain] fixed order of the fill keys (stable colours across filters)
 * @param {(d: object) => string} [options.href] makes each bar a link (e.g. to its store page)
 * @param {(x: number) => string} [options.format] value format (labels, tips and axis)
 * @param {string} options.label the value axis label
 * @param {string} options.ariaLabel what the chart shows, for screen readers
 * @param {string} [options.empty] message when there are no rows
 * @returns {SVGElement|HTMLElement}
 */
export function rankedBarChart(rows, {width, x, y, fill, fillDomain, href, format = (v) => v.toLocaleString("en-GB"), label, ariaLabel, empty = "No data match these filters", marginLeft = 140} = {}) {
  if (!rows.length) return emptyState(empty);
  const color = fill && fill in rows[0];
  const leftFit = Math.min(marginLeft, width * 0.4);
  return Plot.plot({
    width,
    height: Math.max(90, rows.length * 24 + 50),
    marginLeft: leftFit,
    marginRight: 70,
    ariaLabel,
    ariaDescription: `${rows.length} horizontal bars sorted by ${label}, largest first.`,
    // All zero: a domain of [0, 0] would stretch every bar across the chart.
    x: {grid: true, label, tickFormat: format, ticks: Math.max(2, Math.floor(width / 120)), ...(rows.every((d) => !d[x]) ? {domain: [0, 1]} : {})},
    y: {label: null, tickFormat: (d) => (String(d).length > leftFit / 6.5 ? `${String(d).slice(0, Math.floor(leftFit / 6.5) - 1)}…` : d)},
    color: color ? {legend: true, type: "ordinal", scheme: "observable10", domain: fillDomain} : undefined,
    marks: [
      Plot.barX(rows, {x, y, fill: color ? fill : (fill ?? "var(--theme-foreground-focus)"), sort: {y: "-x"}, href, tip: {format: {x: format}}}),
      Plot.text(rows, {x, y, text: (d) => format(d[x]), textAnchor: "start", dx: 4, fill: "currentColor"}),
      Plot.ruleX([0])
    ]
  });
}
