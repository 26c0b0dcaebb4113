import {centsToUnits} from "../../lib/money.ts";
import {toArrow} from "../../loaders/io/arrow.ts";
import type {FeedEntry} from "./feedRing.ts";

/**
 * `GET /snapshot/feed.arrow`: the live feed's entries in arrival order (oldest first), snake_case
 * columns like the other snapshots, money in whole units (amount negative for a refund).
 */
export function feedArrow(entries: readonly FeedEntry[], {watermark, parameters = {}}: {watermark: number | null; parameters?: Record<string, unknown>}): Uint8Array {
  const sorted = [...entries].sort((a, b) => a.arrival - b.arrival);
  const column = <K extends keyof FeedEntry>(name: K) => sorted.map((e) => e[name]);
  return toArrow(
    {
      arrival: {type: "int32", values: column("arrival")},
      kind: {type: "utf8", values: column("kind")},
      id: {type: "utf8", values: column("id")},
      time: {type: "timestamp", values: column("time")},
      store: {type: "utf8", values: column("store")},
      // Quantities may be weights (0.375 kg): float64, as the windows' units.
      items: {type: "float64", values: column("items")},
      lines: {type: "int32", values: column("lines")},
      amount: {type: "float64", values: sorted.map((e) => centsToUnits(e.amount))},
      payment: {type: "utf8", values: column("payment")},
      customer: {type: "utf8", values: column("customer")},
      transaction: {type: "utf8", values: column("transaction")}
    },
    {source: "live", asOf: watermark, inputRows: {feed: sorted.length}, parameters}
  );
}
