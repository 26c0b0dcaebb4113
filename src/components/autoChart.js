import * as Plot from "npm:@observablehq/plot";
import {emptyState} from "./emptyState.js";

/**
 * A chart chosen from a query result's shape:
 * - a time column and a number → a line per series (a text column with few values) over time;
 * - a text column and a number → horizontal bars, largest first (top 40);
 * - two numbers → a scatter plot (coloured by a text column if any);
 * - anything else (no row, or one) → a note saying why there is no chart.
 * @param {{columns: {name: string, kind: string}[], rows: object[]}} result resultRows() output
 * @param {object} options
 * @param {number} options.width
 * @returns {SVGElement|HTMLElement}
 */
export function autoChart({columns, rows}, {width} = {}) {
  const of = (kind) => columns.filter((c) => c.kind === kind).map((c) => c.name);
  const [numbers, dates, texts] = [of("number"), of("date"), of("string")];
  if (!rows.length) return emptyState("No rows", {detail: "The query returned nothing to chart."});
  if (rows.length < 2 && !(texts.length && numbers.length)) return emptyState("No chart for a single value", {detail: "Charts need at least two rows."});
  const series = texts.find((t) => new Set(rows.map((r) => r[t])).size <= 12);
  const title = (kind) => ({ariaLabel: `Query result as a ${kind}`, ariaDescription: `Automatic chart of ${rows.length} rows: ${columns.map((c) => c.name).join(", ")}.`});
  if (dates.length && numbers.length) {
    const [x] = dates;
    const [y] = numbers;
    return Plot.plot({
      width, height: 320, marginLeft: 60, ...title("line chart"),
      x: {type: "utc", label: x}, y: {grid: true, label: y},
      color: series ? {legend: true, type: "ordinal", scheme: "observable10"} : undefined,
      marks: [Plot.ruleY([0]), Plot.lineY(rows, Plot.sort(x, {x, y, stroke: series, z: series, tip: true}))]
    });
  }
  if (texts.length && numbers.length) {
    const [y] = texts;
    const [x] = numbers;
    const top = [...rows].sort((a, b) => (b[x] ?? -Infinity) - (a[x] ?? -Infinity)).slice(0, 40);
    return Plot.plot({
      width, height: top.length * 20 + 50, marginLeft: Math.min(220, width * 0.35, 12 + 6.5 * Math.max(...top.map((d) => String(d[y] ?? "").length))), ...title("bar chart"),
      x: {grid: true, label: x}, y: {label: null},
      marks: [Plot.barX(top, {x, y, fill: "var(--theme-foreground-focus)", sort: {y: "-x"}, tip: true}), Plot.ruleX([0])]
    });
  }
  if (numbers.length >= 2) {
    const [x, y] = numbers;
    return Plot.plot({
      width, height: 320, marginLeft: 60, ...title("scatter plot"),
      x: {grid: true, label: x}, y: {grid: true, label: y},
      color: series ? {legend: true, type: "ordinal", scheme: "observable10"} : undefined,
      marks: [Plot.dot(rows, {x, y, fill: series, r: 3, tip: true})]
    });
  }
  return emptyState("No chart for this result", {detail: "A chart needs a number and a time, a text or a second number column."});
}
