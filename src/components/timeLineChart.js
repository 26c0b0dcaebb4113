import * as Plot from "npm:@observablehq/plot";
import {emptyState} from "./emptyState.js";

/**
 * Lines over time, one per series (store, region, measure), with a tip on hover.
 * @param {object[]} rows
 * @param {object} options
 * @param {number} options.width
 * @param {string} options.x the time column (Date or epoch ms)
 * @param {string} options.y the value column
 * @param {string} [options.z] the series column (one line and colour each)
 * @param {string[]} [options.zDomain] fixed series order (stable colours)
 * @param {(x: number) => string} [options.format] value format
 * @param {string} options.label the value axis label
 * @param {string} options.ariaLabel what the chart shows
 * @param {boolean} [options.dots] mark each point, joined by straight lines (for a few periods, where a smooth curve would invent a shape)
 * @param {string} [options.empty] message when there are no rows
 * @param {string} [options.tickFormat] time axis format (d3-time-format), e.g. "%H:%M:%S" for short spans
 * @param {number} [options.height]
 * @returns {SVGElement|HTMLElement}
 */
export function timeLineChart(rows, {width, x, y, z, zDomain, format = (v) => v.toLocaleString("en-GB"), label, ariaLabel, dots = false, tickFormat, empty = "No data match these filters", height = 280} = {}) {
  if (!rows.length) return emptyState(empty);
  const time = (d) => (d[x] instanceof Date ? d[x] : new Date(d[x]));
  return Plot.plot({
    width,
    height,
    marginLeft: 60,
    ariaLabel,
    ariaDescription: `Lines over time${z ? ` by ${z}` : ""}: ${label}.`,
    x: {type: "utc", label: null, tickFormat, ticks: Math.max(2, Math.floor(width / 110))},
    y: {grid: true, label, tickFormat: format},
    color: z ? {legend: true, type: "ordinal", scheme: "observable10", domain: zDomain} : undefined,
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(rows, {x: time, y, stroke: z, z, curve: dots ? "linear" : "monotone-x", tip: {format: {y: format, x: "%Y-%m-%d %H:%M"}}}),
      dots ? Plot.dot(rows, {x: time, y, fill: z, r: 2.5}) : null
    ]
  });
}
