import {html} from "npm:htl";

/**
 * A coloured label for a severity or urgency ("critical", "warning", "info"; inventory's "urgent",
 * "soon", "ok"), for tables and lists. Colour is never the only cue: the word is shown.
 * @param {string} level
 * @returns {HTMLElement}
 */
export function severityChip(level) {
  const severity = {urgent: "critical", soon: "warning", ok: "ok", critical: "critical", warning: "warning", info: "info"}[level] ?? "info";
  return html`<span class="pulse-chip" data-severity=${severity}>${level}</span>`;
}
