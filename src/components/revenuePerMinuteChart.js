import * as Plot from "npm:@observablehq/plot";
import {emptyState} from "./emptyState.js";
import {moneyCompact, money} from "./format.js";

/**
 * Revenue per window for the last `span` ms of event time, stacked by key of one dimension.
 * @param {object[]} windows window rows (liveView.js shape: window_start, window_end, dimension, key, revenue)
 * @param {object} options
 * @param {number} options.width
 * @param {number|null} options.end event time the chart ends at (the watermark or newest window end)
 * @param {string} [options.dimension] which dimension's rows to draw (default "region")
 * @param {number} [options.span] how much event time to show (default one hour)
 * @param {string[]} [options.keys] every key of the dimension, so each keeps its colour as data arrive
 * @param {number} [options.height]
 * @returns {SVGElement|HTMLElement}
 */
export function revenuePerMinuteChart(windows, {width, end, dimension = "region", span = 3_600_000, keys, height = 280} = {}) {
  const rows = windows.filter((w) => w.dimension === dimension);
  const last = end ?? Math.max(...rows.map((w) => w.window_end));
  const start = last - span;
  const data = rows.filter((w) => w.window_end > start && w.window_start <= last);
  if (!data.length) return emptyState("No sales in the last hour of event time", {detail: "Windows appear as the bridge replays sales."});
  const size = data[0].window_end - data[0].window_start;
  return Plot.plot({
    width,
    height,
    marginLeft: 56,
    ariaLabel: `Revenue per ${size / 60_000}-minute window by ${dimension}`,
    ariaDescription: `Stacked bars, one per window of event time over the last ${span / 60_000} minutes, coloured by ${dimension}.`,
    x: {type: "utc", domain: [new Date(start), new Date(last)], label: "Event time (UTC)", tickFormat: "%H:%M"},
    y: {grid: true, label: "Revenue", tickFormat: moneyCompact},
    color: {legend: true, type: "ordinal", scheme: "observable10", domain: keys, label: dimension[0].toUpperCase() + dimension.slice(1)},
    marks: [
      Plot.rectY(data, {
        x1: (d) => new Date(d.window_start),
        x2: (d) => new Date(d.window_end),
        y: "revenue",
        fill: "key",
        inset: 0.5,
        channels: {window: (d) => new Date(d.window_start)},
        tip: {format: {y: money, x1: false, x2: false}}
      }),
      Plot.ruleY([0])
    ]
  });
}
