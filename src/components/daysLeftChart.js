import * as Plot from "npm:@observablehq/plot";
import {emptyState} from "./emptyState.js";
import {count, date, decimal} from "./format.js";

const URGENCY = ["urgent", "soon", "ok", "unknown"];

/**
 * Days of stock left per product at its forecast demand, fewest first, coloured by reorder
 * urgency; a tick marks each product's supplier lead time (stock that runs out before the tick
 * cannot be replenished in time). Items already out of stock (0 days) are left out: they would be
 * bars of no length; the reorder table lists them.
 * @param {{product_name: string, store: string, days_left: number|null, lead_time_days: number, alert: string, on_hand: number}[]} rows
 * @param {object} options
 * @param {number} options.width
 * @param {number} [options.limit] bars shown (default 25)
 * @param {number} [options.cap] days beyond which bars are cut (default 60)
 * @returns {SVGElement|HTMLElement}
 */
export function daysLeftChart(rows, {width, limit = 25, cap = 60} = {}) {
  const shown = rows
    .filter((d) => d.days_left != null && d.days_left > 0)
    .sort((a, b) => a.days_left - b.days_left || URGENCY.indexOf(a.alert) - URGENCY.indexOf(b.alert))
    .slice(0, limit)
    .map((d) => ({...d, label: `${d.product_name ?? d.product} (${d.store})`, shown: Math.min(cap, d.days_left)}));
  if (!shown.length) return emptyState("Nothing in stock with a forecast to show");
  const left = Math.min(260, width * 0.45);
  return Plot.plot({
    width,
    height: shown.length * 22 + 70,
    marginLeft: left,
    marginRight: 50,
    ariaLabel: "Days of stock left per product, fewest first",
    ariaDescription: `${shown.length} products; bars coloured by reorder urgency; ticks mark supplier lead times.`,
    x: {grid: true, label: "Days of stock left at forecast demand →", domain: [0, Math.min(cap, Math.max(...shown.map((d) => Math.max(d.shown, d.lead_time_days))) * 1.05)]},
    y: {label: null, domain: shown.map((d) => d.label), tickFormat: (d) => (d.length > left / 6.2 ? `${d.slice(0, Math.floor(left / 6.2) - 1)}…` : d)},
    color: {legend: true, domain: URGENCY, range: ["var(--pulse-critical)", "var(--pulse-warn)", "var(--theme-foreground-faint)", "#bbb"], label: "Urgency"},
    marks: [
      Plot.barX(shown, {x: "shown", y: "label", fill: "alert", tip: {format: {x: false}}, channels: {"Days left": (d) => decimal(d.days_left), "On hand": (d) => count(d.on_hand), "Runs out": (d) => date(d.stockout_at), "Lead time": (d) => `${d.lead_time_days} days`}}),
      Plot.tickX(shown, {x: "lead_time_days", y: "label", stroke: "currentColor", strokeWidth: 2}),
      Plot.text(shown, {x: "shown", y: "label", text: (d) => (d.days_left > cap ? `${decimal(d.days_left)}…` : decimal(d.days_left)), dx: 4, textAnchor: "start", fill: "currentColor"}),
      Plot.ruleX([0])
    ]
  });
}
