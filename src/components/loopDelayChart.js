import * as Plot from "npm:@observablehq/plot";
import {html} from "npm:htl";
import {emptyState} from "./emptyState.js";
import {count, decimal} from "./format.js";

/**
 * The bridge's event-loop delay next to its ingest rate, on one time axis: two small charts, so a
 * stall in one can be read against the other.
 * @param {{time: number, value: number, label: string}[]} delay loop delay readings (ms), labelled mean/max
 * @param {{time: number, events_per_second: number}[]} rate events/s over time (live only)
 * @param {object} options
 * @param {number} options.width
 * @returns {HTMLElement}
 */
export function loopDelayChart(delay, rate, {width} = {}) {
  const times = [...delay.map((d) => d.time), ...rate.map((d) => d.time)];
  if (!times.length) return emptyState("No event-loop readings yet");
  const x = {type: "utc", domain: [new Date(Math.min(...times)), new Date(Math.max(...times))], label: null, tickFormat: "%H:%M:%S", ticks: Math.max(2, Math.floor(width / 110))};
  const top = delay.length
    ? Plot.plot({
        width,
        height: 160,
        marginLeft: 50,
        ariaLabel: "Bridge event-loop delay over time",
        ariaDescription: "Mean and maximum delay of the bridge's event loop per sample, in milliseconds.",
        x: {...x, axis: rate.length ? null : "bottom"},
        y: {grid: true, label: "Loop delay (ms)", nice: true},
        color: {legend: true, type: "ordinal", scheme: "observable10"},
        marks: [Plot.ruleY([0]), Plot.lineY(delay, {x: (d) => new Date(d.time), y: "value", stroke: "label", tip: {format: {y: decimal}}})]
      })
    : emptyState("Event-loop delay not available");
  const bottom = rate.length
    ? Plot.plot({
        width,
        height: 130,
        marginLeft: 50,
        ariaLabel: "Bridge ingest rate over time",
        ariaDescription: "Events per second the bridge ingested, as reported with its KPIs.",
        x,
        y: {grid: true, label: "Events/s", nice: true, tickFormat: "~s"},
        marks: [Plot.ruleY([0]), Plot.areaY(rate, {x: (d) => new Date(d.time), y: "events_per_second", fill: "var(--theme-foreground-focus)", fillOpacity: 0.3, curve: "step-after"}), Plot.lineY(rate, {x: (d) => new Date(d.time), y: "events_per_second", curve: "step-after", tip: {format: {y: count}}})]
      })
    : html`<p class="pulse-note">Events/s appear here while the page is connected to a bridge.</p>`;
  return html`<div>${top}${bottom}</div>`;
}
