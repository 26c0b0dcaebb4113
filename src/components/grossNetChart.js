import * as Plot from "npm:@observablehq/plot";
import {emptyState} from "./emptyState.js";

/**
 * Gross sales, refunds and net revenue per day: gross and net as lines, the refunds between them
 * as a shaded band.
 * @param {{day: Date|number, gross: number, refunds: number, net: number}[]} rows
 * @param {object} options
 * @param {number} options.width
 * @param {(x: number) => string} [options.format]
 * @param {number} [options.height]
 * @returns {SVGElement|HTMLElement}
 */
export function grossNetChart(rows, {width, format, height = 300} = {}) {
  if (!rows.length) return emptyState("No sales or refunds match these filters");
  const long = rows.flatMap((d) => [
    {day: d.day, value: d.gross, series: "Gross sales"},
    {day: d.day, value: d.net, series: "Net revenue"},
    {day: d.day, value: d.refunds, series: "Refunds"}
  ]);
  return Plot.plot({
    width,
    height,
    marginLeft: 60,
    ariaLabel: "Gross sales, refunds and net revenue per day",
    ariaDescription: "Lines for gross sales and net revenue; the shaded band between them is the day's refunds; refunds also drawn on their own.",
    x: {type: "utc", label: null},
    y: {grid: true, label: "Per day", tickFormat: format},
    color: {legend: true, domain: ["Gross sales", "Net revenue", "Refunds"], range: ["var(--theme-foreground-focus)", "var(--pulse-ok)", "var(--pulse-critical)"]},
    marks: [
      Plot.areaY(rows, {x: "day", y1: "net", y2: "gross", fill: "var(--pulse-critical)", fillOpacity: 0.12, curve: "monotone-x"}),
      Plot.lineY(long, {x: "day", y: "value", stroke: "series", curve: "monotone-x", tip: {format: {y: format}}}),
      Plot.ruleY([0])
    ]
  });
}
