import {html} from "npm:htl";
import {count, money, quantity} from "./format.js";
import {emptyState} from "./emptyState.js";

/**
 * The latest transactions as the bridge replays them, newest first: one row per transaction (its
 * lines summed by the bridge) and one per refund (a negative amount). The bridge keeps the last
 * `--feed-size` (default 50) and sends the deletes of older ones, so the list stays bounded; `limit`
 * caps what is drawn as well.
 * @param {object[]} entries stateView(...).feed rows: {kind, id, time, arrival, store, items, lines, amount (whole units), payment, customer, transaction}
 * @param {object} [options]
 * @param {Map<string, string>} [options.names] store id → name
 * @param {number} [options.limit] rows drawn (default 50)
 * @param {boolean} [options.available] false when the bridge sends no feed table (an older bridge)
 * @returns {HTMLElement}
 */
export function liveFeed(entries, {names = new Map(), limit = 50, available = true} = {}) {
  if (!available) return emptyState("This bridge sends no transaction feed", {detail: "Restart it with the current pulse serve."});
  const shown = [...entries].sort((a, b) => b.arrival - a.arrival).slice(0, limit);
  if (!shown.length) return emptyState("No transactions received yet", {detail: "Transactions appear here as the bridge replays them."});
  return html`<div class="pulse-scroll" style="max-height: 420px">
    <table class="pulse-alerts pulse-feed-table" aria-label="Recent transactions, newest first">
      <thead><tr><th>Time (UTC)</th><th>Store</th><th>Transaction</th><th style="text-align: right">Items</th><th style="text-align: right">Amount</th><th>Payment</th><th>Customer</th></tr></thead>
      <tbody>${shown.map(row)}</tbody>
    </table>
  </div>`;

  function row(e) {
    const refund = e.kind === "refund";
    const iso = new Date(e.time).toISOString();
    return html`<tr data-kind=${e.kind} data-id=${e.id} data-arrival=${e.arrival}>
      <td class="pulse-nowrap"><time datetime=${iso} title=${iso}>${iso.slice(5, 10)} ${iso.slice(11, 19)}</time></td>
      <td title=${e.store}>${names.get(e.store) ?? e.store}</td>
      <td class="pulse-nowrap">${refund ? html`refund ${e.id}<br><small>of ${e.transaction}</small>` : e.id}</td>
      <td style="text-align: right" title=${refund ? "" : `${count(e.lines)} line${e.lines === 1 ? "" : "s"}`}>${refund ? "" : quantity(e.items)}</td>
      <td class="pulse-nowrap" style=${`text-align: right; font-variant-numeric: tabular-nums${refund ? "; color: var(--pulse-critical)" : ""}`}>${money(e.amount)}</td>
      <td>${refund ? "" : (e.payment ?? "").replace(/_/g, " ")}</td>
      <td>${e.customer ?? html`<small>guest</small>`}</td>
    </tr>`;
  }
}
