import {html} from "npm:htl";

/**
 * One KPI tile: a label, a formatted figure and an optional note.
 * @param {number|null|undefined} value the figure; null or undefined shows "–" (not available), never 0
 * @param {object} options
 * @param {string} options.label what the figure is
 * @param {(x: number) => string} [options.format] how to print it (default: toLocaleString)
 * @param {string} [options.note] a line under the figure (e.g. "of 200,000 rows")
 * @param {"ok"|"warn"|"critical"} [options.level] colours the figure
 * @param {string} [options.title] tooltip with the exact definition
 * @returns {HTMLElement}
 */
export function kpiTile(value, {label, format = (x) => x.toLocaleString("en-GB"), note, level = "ok", title} = {}) {
  const missing = value == null || Number.isNaN(value);
  const text = missing ? "–" : format(value);
  // A figure that is not available is not an alarm: no warning colour on "–".
  return html`<div class="card pulse-kpi ${level === "ok" || missing ? "" : `pulse-${level}`}" title=${title ?? ""} data-kpi=${label}>
    <h2>${label}</h2>
    <span class="pulse-kpi-value">${text}</span>
    ${note ? html`<span class="pulse-kpi-note">${note}</span>` : ""}
  </div>`;
}
