import {kpiGrid} from "./kpiGrid.js";
import {count, decimal, duration, money, moneyRounded, percent, quantity} from "./format.js";

/**
 * The overview's KPI tiles from a view (liveView.js). Figures the view does not have are shown as
 * "–" with the reason, never as zero.
 * @param {object} view stateView(...) or snapshotView(...)
 * @param {object} [options]
 * @param {{p50: number, p99: number, deltas: number}|null} [options.latency] ingest → browser latency of recent deltas (live only)
 * @returns {HTMLElement}
 */
export function overviewKpis(view, {latency = null} = {}) {
  const k = view.kpis ?? {};
  const live = view.source === "live";
  const lag = k.max_event_time != null && k.watermark != null ? k.max_event_time - k.watermark : null;
  const quality = k.data_quality;
  return kpiGrid(
    [
      {label: "Gross revenue", value: k.gross_revenue, format: moneyRounded, title: "Sum of sale lines (quantity × unit price − discount)"},
      {label: "Refunds", value: k.refunds, format: moneyRounded, note: k.unmatched_refunds ? `${count(k.unmatched_refunds)} unmatched` : undefined},
      {label: "Net revenue", value: k.net_revenue, format: moneyRounded, title: "Gross revenue − refunds"},
      {label: "Transactions", value: k.transactions, format: count},
      {label: "Units", value: k.units, format: quantity},
      {label: "Customers", value: k.customers, format: count, title: "Distinct non-guest customer ids"},
      {label: "Average order value", value: k.average_order_value, format: money, title: "Gross revenue / transactions"},
      {
        label: "Events/s",
        value: k.events_per_second,
        format: (x) => (x >= 100 ? count(x) : decimal(x)),
        note: live ? "ingest rate" : "batch run throughput",
        title: live ? "Events per second of wall clock between the bridge's last two flushes" : "The batch engine's speed when it built this snapshot, not a live rate"
      },
      {
        label: "Data quality",
        value: quality,
        format: percent,
        level: quality == null ? "ok" : quality < 0.95 ? "critical" : quality < 0.99 ? "warn" : "ok",
        note: k.rows_read != null ? `${count(k.rejected)} of ${count(k.rows_read)} rows rejected` : undefined
      },
      {
        label: "p99 latency",
        value: live ? (latency?.p99 ?? null) : null,
        format: duration,
        note: live ? (latency ? `p50 ${duration(latency.p50)}, ${count(latency.deltas)} deltas/min` : "waiting for events") : "live only",
        title: "From the bridge reading an event to this page receiving its aggregate (same machine clock)"
      },
      {
        label: "Watermark lag",
        value: lag,
        format: duration,
        note: k.late != null ? `${count(k.late)} late events` : undefined,
        title: "Newest event time − watermark (event time): how long a window waits for stragglers"
      }
    ],
    {ariaLabel: "Key figures"}
  );
}
