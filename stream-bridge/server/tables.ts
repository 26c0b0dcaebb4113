import type {TableSchema} from "../protocol/protocol.ts";

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
  // Alerts as stream-bridge/hardware/alerts.ts words them; other producers use the same shape.
  alerts: {key: ["id"], columns: ["id", "time", "kind", "severity", "subject", "message", "value", "threshold"]},
  // Tidy, one row per reading as loaders/hardware/arrow.ts writes it (time = when it was read): the
  // columns stay fixed whatever cores, disks or GPUs a machine has.
  hardware: {key: ["time", "metric", "key"], columns: ["time", "metric", "key", "value", "unit", "source", "reason"]}
} satisfies Record<string, TableSchema>;

export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];
