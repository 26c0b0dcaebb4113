import {tableFromIPC, tableToIPC} from "apache-arrow";
import type {Reject} from "../events.ts";
import type {BatchResult, WindowColumns} from "../batch/aggregate.ts";
import {batchTables} from "../batch/batchTables.ts";
import {DIMENSIONS, type Kpis, type LateRecord, type TotalsRow, type WindowRow} from "../engine/types.ts";
import type {Row} from "../protocol/protocol.ts";

export const SNAPSHOT_TABLES = ["windows", "totals", "kpis", "late", "rejects"] as const;

export interface LiveTables {
  rows(name: string): Row[];
  rejects(): Reject[];
  watermark: number | null;
  parameters: Record<string, unknown>;
  inputRows: Record<string, number>;
}

/**
 * Arrow bytes of one live table, with the schemas of `pulse aggregate` (written by the batch
 * module's own writer, so the two cannot drift) and metadata source "live". Null for an unknown table.
 */
export function liveArrow(table: string, live: LiveTables): Uint8Array | null {
  if (!(SNAPSHOT_TABLES as readonly string[]).includes(table)) return null;
  const rows = table === "rejects" ? [] : live.rows(table);
  const result: BatchResult = {
    windows: table === "windows" ? windowColumns(rows as unknown as WindowRow[]) : windowColumns([]),
    totals: table === "totals" ? sortTotals(rows as unknown as TotalsRow[]) : [],
    kpis: (table === "kpis" ? rows[0] : live.rows("kpis")[0]) as unknown as Kpis,
    late: table === "late" ? (rows as unknown as LateRecord[]) : [],
    rejects: table === "rejects" ? live.rejects() : [],
    inputRows: live.inputRows,
    watermark: live.watermark,
    elapsedMs: 0
  };
  const bytes = batchTables(result, live.parameters)[`${table}.arrow`];
  // batchTables labels its files "batch"; the schema is the same, only the producer differs.
  const arrow = tableFromIPC(bytes);
  arrow.schema.metadata.set("source", "live");
  return tableToIPC(arrow, "file");
}

function windowColumns(rows: WindowRow[]): WindowColumns {
  const sorted = [...rows].sort((a, b) => a.windowStart - b.windowStart || DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) || compare(a.key, b.key));
  const column = <K extends keyof WindowRow>(name: K) => sorted.map((row) => row[name]);
  return {
    length: sorted.length,
    windowStart: column("windowStart"),
    windowEnd: column("windowEnd"),
    dimension: column("dimension"),
    key: column("key"),
    revenue: column("revenue"),
    units: column("units"),
    lines: column("lines"),
    transactions: column("transactions"),
    customers: column("customers"),
    refundAmount: column("refundAmount"),
    refundCount: column("refundCount"),
    netRevenue: column("netRevenue"),
    final: column("final")
  };
}

function sortTotals(rows: TotalsRow[]): TotalsRow[] {
  return [...rows].sort((a, b) => DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) || compare(a.key, b.key));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
