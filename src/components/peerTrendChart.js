import * as Plot from "npm:@observablehq/plot";
import {emptyState} from "./emptyState.js";

/**
 * One store's daily revenue against its peers: every other store as a thin grey line, the peers'
 * median as a dashed line, and the store in colour.
 * @param {{day: Date, store: string, revenue: number}[]} rows daily revenue of every store
 * @param {object} options
 * @param {number} options.width
 * @param {string} options.store the store to highlight
 * @param {string} [options.name] its name (for the legend and aria label)
 * @param {(x: number) => string} [options.format]
 * @param {number} [options.height]
 * @returns {SVGElement|HTMLElement}
 */
export function peerTrendChart(rows, {width, store, name = store, format, height = 280} = {}) {
  if (!rows.some((d) => d.store === store)) return emptyState(`No sales for ${name} in this period`);
  const peers = rows.filter((d) => d.store !== store);
  return Plot.plot({
    width,
    height,
    marginLeft: 60,
    ariaLabel: `Daily revenue of ${name} against the other stores`,
    ariaDescription: "Grey lines: each other store; dashed: the other stores' median; coloured: this store.",
    x: {type: "utc", label: null},
    y: {grid: true, label: "Daily revenue", tickFormat: format},
    color: {legend: true, domain: [name, "Peer median", "Each peer"], range: ["var(--theme-foreground-focus)", "currentColor", "#aaa"]},
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(peers, {x: "day", y: "revenue", z: "store", stroke: "#aaa", strokeOpacity: 0.5, strokeWidth: 1}),
      Plot.lineY(peers, Plot.groupX({y: "median"}, {x: "day", y: "revenue", stroke: "currentColor", strokeDasharray: "4,3", strokeWidth: 1.5})),
      Plot.lineY(rows.filter((d) => d.store === store), {x: "day", y: "revenue", stroke: "var(--theme-foreground-focus)", strokeWidth: 2.5, tip: {format: {y: format}}})
    ]
  });
}
