import type {WindowColumns} from "../../../stream-bridge/batch/aggregate.ts";
import type {WindowRow} from "../../../stream-bridge/engine/types.ts";

/** Window rows of a columnar batch result, as the objects the live engine's changes carry. */
export function windowRows(w: WindowColumns): WindowRow[] {
  return Array.from({length: w.length}, (_, i) => ({
    windowStart: w.windowStart[i],
    windowEnd: w.windowEnd[i],
    dimension: w.dimension[i],
    key: w.key[i],
    revenue: w.revenue[i],
    units: w.units[i],
    lines: w.lines[i],
    transactions: w.transactions[i],
    customers: w.customers[i],
    refundAmount: w.refundAmount[i],
    refundCount: w.refundCount[i],
    netRevenue: w.netRevenue[i],
    final: Boolean(w.final[i])
  }));
}
