import * as Plot from "npm:@observablehq/plot";
import {html} from "npm:htl";
import {dateTime, decimal} from "./format.js";

/**
 * A half-circle gauge drawn with Plot: the reading's value as an arc over [min, max], coloured by
 * the thresholds it reached, with the warning and critical levels marked on the rim. A reading
 * the machine does not provide shows "Not available on this machine" and the sampler's reason.
 * @param {{value: number|null, reason?: string|null, unit?: string, time?: number}|null} reading
 * @param {object} options
 * @param {string} options.label what is measured ("CPU load")
 * @param {number} [options.min] (default 0)
 * @param {number} [options.max] (default 100)
 * @param {number} [options.warning] warning level, drawn and used for colour
 * @param {number} [options.critical] critical level
 * @param {(x: number) => string} [options.format] value text (default: 1 decimal + unit)
 * @param {string} [options.note] a line under the gauge (e.g. "2.4 of 25 GB")
 * @param {number} [options.width] (default 200)
 * @returns {HTMLElement}
 */
export function gauge(reading, {label, min = 0, max = 100, warning, critical, format, note, width = 200} = {}) {
  const unit = reading?.unit ?? "";
  const text = format ?? ((x) => `${decimal(Math.round(x * 10) / 10)}${unit === "%" ? " %" : ` ${unit}`}`);
  const available = reading != null && reading.value != null;
  const level = !available ? "none" : critical != null && reading.value >= critical ? "critical" : warning != null && reading.value >= warning ? "warn" : "ok";
  const body = available
    ? gaugePlot(reading.value, {label, min, max, warning, critical, level, text, width})
    : html`<div class="pulse-empty" role="status"><strong>Not available on this machine</strong><br>${reading?.reason ?? "this reading was never reported"}</div>`;
  return html`<div class="card pulse-gauge" data-metric=${label} data-time=${reading?.time ?? ""} data-value=${available ? reading.value : ""}>
    <h2>${label}</h2>
    ${body}
    <div class="pulse-kpi-note">${[note, thresholdsText({warning, critical, unit}), reading?.time ? `read ${dateTime(reading.time).slice(11)}` : null].filter(Boolean).join(" · ")}</div>
  </div>`;
}

function thresholdsText({warning, critical, unit}) {
  const u = unit === "%" ? " %" : ` ${unit}`;
  return [warning != null ? `warn ${warning}${u}` : null, critical != null ? `critical ${critical}${u}` : null].filter(Boolean).join(", ") || null;
}

/** Points along the arc for values in [from, to] of [min, max], at radius r (x right, y up). */
function arc(from, to, {min, max, r = 1, steps = 48}) {
  const t = (v) => Math.max(0, Math.min(1, (v - min) / (max - min)));
  const a = t(from);
  const b = t(to);
  return Array.from({length: steps + 1}, (_, i) => {
    const angle = Math.PI * (1 - (a + ((b - a) * i) / steps));
    return {x: r * Math.cos(angle), y: r * Math.sin(angle)};
  });
}

function gaugePlot(value, {label, min, max, warning, critical, level, text, width}) {
  const colour = {ok: "var(--pulse-ok)", warn: "var(--pulse-warn)", critical: "var(--pulse-critical)"}[level];
  const marks = [Plot.line(arc(min, max, {min, max}), {x: "x", y: "y", stroke: "var(--theme-foreground-faintest)", strokeWidth: 16})];
  if (warning != null) marks.push(Plot.line(arc(warning, critical ?? max, {min, max, r: 1.2}), {x: "x", y: "y", stroke: "var(--pulse-warn)", strokeWidth: 4}));
  if (critical != null) marks.push(Plot.line(arc(critical, max, {min, max, r: 1.2}), {x: "x", y: "y", stroke: "var(--pulse-critical)", strokeWidth: 4}));
  marks.push(
    Plot.line(arc(min, Math.max(min, Math.min(max, value)), {min, max}), {x: "x", y: "y", stroke: colour, strokeWidth: 16}),
    Plot.text([text(value)], {x: 0, y: 0.18, fontSize: 22, fontWeight: 600, fill: "currentColor"}),
    Plot.text([`${decimal(min)}`, `${decimal(max)}`], {x: [-1, 1], y: [-0.16, -0.16], fontSize: 10, fill: "var(--theme-foreground-muted)"})
  );
  const height = Math.round((width * 1.5) / 2.6);
  return Plot.plot({
    width,
    height,
    margin: 4,
    x: {domain: [-1.3, 1.3], axis: null},
    y: {domain: [-0.25, 1.25], axis: null},
    ariaLabel: `${label} gauge`,
    ariaDescription: `${label}: ${text(value)} on a scale from ${min} to ${max}${level === "ok" ? "" : `, ${level === "warn" ? "above the warning level" : "above the critical level"}`}.`,
    marks
  });
}
