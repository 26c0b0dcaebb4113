import {html} from "npm:htl";
import {count, money} from "./format.js";
import {emptyState} from "./emptyState.js";

/**
 * The latest sales as the bridge delivers them: one line per store and tick (the bridge batches
 * events into ~100 ms deltas; it does not send single transactions), newest first.
 * @param {object[]} entries deltaLog rows ({seq, event_time, store, revenue, lines, transactions, refund_amount}), oldest first
 * @param {object} [options]
 * @param {Map<string, string>} [options.names] store id → name
 * @param {number} [options.limit] lines shown (default 40)
 * @returns {HTMLElement}
 */
export function liveFeed(entries, {names = new Map(), limit = 40} = {}) {
  const shown = entries.filter((e) => e.lines > 0 || e.refund_count > 0).slice(-limit).reverse();
  if (!shown.length) return emptyState("No sales received yet", {detail: "Sales appear here as the bridge streams them."});
  return html`<ol class="pulse-feed" aria-label="Recent sales by store, newest first">${shown.map(
    (e) => html`<li>
      <time datetime=${e.event_time == null ? "" : new Date(e.event_time).toISOString()}>${e.event_time == null ? "" : new Date(e.event_time).toISOString().slice(11, 19)}</time>
      <span title=${e.store}>${names.get(e.store) ?? e.store}<small>${count(e.lines)} line${e.lines === 1 ? "" : "s"}, ${count(e.transactions)} new transaction${e.transactions === 1 ? "" : "s"}${e.refund_count ? `, ${count(e.refund_count)} refund${e.refund_count === 1 ? "" : "s"}` : ""}</small></span>
      <strong>${e.revenue >= 0 ? "+" : ""}${money(e.revenue)}</strong>
    </li>`
  )}</ol>`;
}
