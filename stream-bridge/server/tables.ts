import type {TableSchema} from "../protocol/protocol.ts";
import {FEED_KEY} from "./feedRing.ts";

const measures = ["revenue", "units", "lines", "transactions", "customers", "refundAmount", "refundCount", "netRevenue"] as const;

/**
 * The tables the bridge publishes over WebSocket, with their row identity. Money stays integer
 * cents on the wire (exact); the Arrow snapshots convert to whole units like the batch files.
 */
export const TABLES = {
  windows: {key: ["dimension", "key", "windowStart"], columns: ["windowStart", "windowEnd", "dimension", "key", ...measures, "final"]},
  totals: {key: ["dimension", "key"], columns: ["dimension", "key", ...measures]},
  kpis: {
    key: [],
    columns: [
      "grossRevenue",
      "refunds",
      "netRevenue",
      "transactions",
      "units",
      "customers",
      "averageOrderValue",
      "rowsRead",
      "rejected",
      "late",
      "unmatchedRefunds",
      "inventoryEvents",
      "watermark",
      "maxEventTime",
      "eventsPerSecond",
      "dataQuality"
    ]
  },
  // eventTime is part of the id because --loop replays the same source lines lap after lap.
  late: {key: ["source", "line", "eventTime"], columns: ["source", "line", "eventTime", "windowStart", "watermark"]},
  // Hardware alerts (stream-bridge/hardware/alerts.ts) and business alerts (liveAlerts.ts) in one
  // shape; `store` (added after v1's first release, at the end: clients read columns from the snapshot) is null for hardware.
  alerts: {key: ["id"], columns: ["id", "time", "kind", "severity", "subject", "message", "value", "threshold", "store"]},
  // Tidy, one row per reading as loaders/hardware/arrow.ts writes it (time = when it was read): the
  // columns stay fixed whatever cores, disks or GPUs a machine has.
  hardware: {key: ["time", "metric", "key"], columns: ["time", "metric", "key", "value", "unit", "source", "reason"]},
  // The latest transactions (a sale's lines summed) and refunds (negative), bounded (feedRing.ts).
  feed: {key: FEED_KEY, columns: ["kind", "id", "time", "arrival", "store", "items", "lines", "amount", "payment", "customer", "transaction"]},
  // One row: where the replay is (as /health's status, lap and error), so a client learns that it
  // ended from the stream itself; sent in the same delta as the last windows (added within v1, like feed).
  replay: {key: [], columns: ["status", "lap", "error"]}
} satisfies Record<string, TableSchema>;

export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];
