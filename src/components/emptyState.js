import {html} from "npm:htl";

/**
 * A quiet panel for "nothing to show" (no rows match, not available on this machine), so a card is
 * never blank.
 * @param {string} title the short statement, e.g. "No GPU on this machine"
 * @param {object} [options]
 * @param {string} [options.detail] why, e.g. the reason the sampler gives
 * @param {"empty"|"error"|"loading"} [options.kind] styles the panel
 * @returns {HTMLElement}
 */
export function emptyState(title, {detail, kind = "empty"} = {}) {
  return html`<div class="pulse-${kind}" role=${kind === "error" ? "alert" : "status"}><strong>${title}</strong>${detail ? html`<br>${detail}` : ""}</div>`;
}
