import {html} from "npm:htl";
import {emptyState} from "./emptyState.js";
import {dateTime} from "./format.js";
import {severityChip} from "./severityChip.js";

/**
 * The alerts as a scrolling table: severity chip, time, kind and the full message (which already
 * names the subject, the value and the threshold), wrapped rather than cut.
 * @param {object[]} alerts alertRows.js rows
 * @param {object} [options]
 * @param {number} [options.limit] rows rendered (default 500; the count above says how many match)
 * @param {string} [options.empty] what to say when there is none
 * @returns {HTMLElement}
 */
export function alertsTable(alerts, {limit = 500, empty = "No alert matches these filters"} = {}) {
  if (!alerts.length) return emptyState(empty);
  return html`<div class="pulse-scroll"><table class="pulse-alerts">
    <thead><tr><th>Severity</th><th>Time (UTC)</th><th>Kind</th><th>Alert</th><th>From</th></tr></thead>
    <tbody>${alerts.slice(0, limit).map(
      (a) => html`<tr data-source=${a.source} data-kind=${a.kind} data-id=${a.id}>
        <td>${severityChip(a.severity)}</td>
        <td class="pulse-nowrap">${dateTime(a.time).replace(" UTC", "")}</td>
        <td class="pulse-nowrap">${a.kind.replace(/_/g, " ")}</td>
        <td>${a.message}</td>
        <td>${a.source}</td>
      </tr>`
    )}</tbody>
  </table></div>`;
}
