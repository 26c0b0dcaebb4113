import {wireRow} from "./liveView.js";

/**
 * Turns bridge messages into an append-only log of what changed per store: each delta's totals
 * upserts minus the values seen before, so the rows of the log sum to the bridge's current totals
 * (`SELECT store, sum(revenue) FROM live GROUP BY store` equals totals). The first snapshot (and
 * the first after reset(), on a new or restarted bridge) is logged whole; a later snapshot after a
 * reconnect logs only the difference. Late events are included, as in the totals.
 *
 * Each row: {seq, received_at, event_time, store, revenue, units, lines, transactions, refund_amount,
 * refund_count, net_revenue}; money in whole units.
 * @param {object} [options]
 * @param {string} [options.dimension] the totals dimension to log (default "store")
 */
export function createDeltaLog({dimension = "store"} = {}) {
  const previous = new Map();
  const measures = ["revenue", "units", "lines", "transactions", "refund_amount", "refund_count", "net_revenue"];
  return {
    reset() {
      previous.clear();
    },
    /** Rows for one applied message (none for hello and heartbeat). */
    rows(message, state, receivedAt = Date.now()) {
      let changed;
      if (message.type === "snapshot") changed = state.tables.totals ? Array.from(state.tables.totals.rows.values()) : [];
      else if (message.type === "delta" && message.tables.totals) {
        const {columns} = state.tables.totals;
        changed = message.tables.totals.upsert.map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i]])));
      } else return [];
      const eventTime = state.tables.kpis ? (Array.from(state.tables.kpis.rows.values())[0]?.maxEventTime ?? null) : null;
      const out = [];
      for (const raw of changed) {
        if (raw.dimension !== dimension) continue;
        const row = wireRow(raw);
        const before = previous.get(row.key);
        previous.set(row.key, row);
        const entry = {seq: message.seq, received_at: receivedAt, event_time: eventTime, [dimension]: row.key};
        let any = false;
        for (const m of measures) {
          const value = round(row[m] - (before?.[m] ?? 0));
          entry[m] = value;
          if (value !== 0) any = true;
        }
        if (any) out.push(entry);
      }
      return out;
    }
  };
}

/** Differences of whole-unit money are exact in cents; round away the binary noise. */
function round(x) {
  return Math.round(x * 100) / 100;
}
