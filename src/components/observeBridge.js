import {createDeltaLog} from "./deltaLog.js";
import {connectBridge} from "./liveBridge.js";

/**
 * The bridge connection for a page, as the initializer of Observable's Generators.observe:
 *   const live = Generators.observe(observeBridge(url));
 * Each value is connectBridge's view plus `changes`, the latest per-store changes (deltaLog rows,
 * oldest first), and `rates`, the bridge's events/s over time ({time, events_per_second}, from
 * each KPI update, the last `rateSize`); the generator closes the socket when the cell is invalidated.
 * The recent transactions are in the state itself (`stateView(view.state).feed`): the bridge's
 * `feed` table, bounded by the bridge.
 * @param {string} url the bridge's ws:// URL
 * @param {object} [options]
 * @param {number} [options.feedSize] deltaLog rows kept in `changes` (default 200)
 * @param {number} [options.rateSize] events/s points kept (default 600)
 * @param {(rows: object[]) => void} [options.onRows] every new deltaLog row batch (e.g. to append to DuckDB)
 * @param {() => void} [options.onReset] the bridge restarted: rows logged so far no longer add up
 */
export function observeBridge(url, {feedSize = 200, rateSize = 600, onRows, onReset} = {}) {
  return (change) => {
    const log = createDeltaLog();
    let feed = [];
    let rates = [];
    const connection = connectBridge(url, {
      onChange: (view) => change({...view, changes: feed.slice(), rates: rates.slice()}),
      onMessage(message, state) {
        if ((message.type === "delta" && message.tables.kpis?.upsert.length) || message.type === "snapshot") {
          const kpis = state.tables.kpis?.rows.values().next().value;
          if (kpis) rates = [...rates.slice(1 - rateSize), {time: message.time, events_per_second: kpis.eventsPerSecond}];
        }
        const rows = log.rows(message, state);
        if (!rows.length) return;
        // The first snapshot logs every store's totals since the bridge started: news for SQL, not for `changes`.
        if (message.type === "delta") feed = feed.concat(rows).slice(-feedSize);
        onRows?.(rows);
      },
      onReset() {
        log.reset();
        feed = [];
        rates = [];
        onReset?.();
      }
    });
    return connection.close;
  };
}
