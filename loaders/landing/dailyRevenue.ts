import {isReject, type SaleEvent} from "../../stream-bridge/events.ts";
import {readDimensions, readSource} from "../../stream-bridge/ingest/index.ts";
import {loadMapping, type Mapping} from "../../stream-bridge/ingest/mapping.ts";
import {UNKNOWN_KEY as UNKNOWN} from "../../stream-bridge/engine/types.ts";
import {UNIT_SCALE} from "../../stream-bridge/engine/groupTable.ts";
import {tableToIPC} from "apache-arrow";
import {makeTable} from "../io/arrow.ts";

/**
 * Gross sales per UTC day and store region, for the landing page: the smallest aggregate that proves
 * the chain CSV → loader → Arrow → Plot and DuckDB-WASM. Read through the bridge's own ingest, so
 * any sales file it reads works here too (mapping, synonyms, rejects); amount per line is the
 * ingest's (a given amount, else quantity × unit_price − discount), summed in integer cents.
 * Refunds are not subtracted. A store's region: the stores file's, else the sales file's region
 * column at the store's first line, else "unknown".
 */
export interface DailyRevenue {
  /** UTC midnight, epoch ms. */
  day: number[];
  region: string[];
  /** Whole currency units (exact cents / 100). */
  revenue: number[];
  /** Transaction lines and units sold. */
  lines: number[];
  units: number[];
  /** Data rows read per input file (store_locations: 0 without one). */
  inputRows: {transactions: number; store_locations: number};
  /** Transaction rows rejected by the ingest (count, first 20 line numbers). */
  rejected: {count: number; lines: number[]};
  /** Latest sale time, epoch ms, or null without sales. */
  asOf: number | null;
}

const DAY = 86_400_000;

/**
 * Aggregates a transactions file by day and store region; `stores`, `products` and `mapping` as for
 * `pulse aggregate` (ids missing from a given dimension file are rejected there and here alike).
 */
export async function dailyRevenue({transactions, stores, products, mapping}: {transactions: string; stores?: string; products?: string; mapping?: string | Mapping}): Promise<DailyRevenue> {
  const map = typeof mapping === "string" ? await loadMapping(mapping) : mapping;
  const dims = await readDimensions({stores, products}, {mapping: map});
  const regionOf = new Map(Array.from(dims.stores ?? [], ([id, store]) => [id, store.region]));
  const groups = new Map<string, {day: number; region: string; cents: number; lines: number; units: number}>();
  const rejected: number[] = [];
  let rejectedCount = 0;
  let inputRows = 0;
  let asOf: number | null = null;
  for await (const batch of readSource(transactions, "transactions", {mapping: map, stores: dims.stores, products: dims.products})) {
    for (const record of batch.records) {
      ++inputRows;
      if (isReject(record)) {
        if (rejected.length < 20) rejected.push(record.line);
        ++rejectedCount;
        continue;
      }
      // Sales only: a return read as a refund ("returns": "refund") is not revenue of its day here.
      if (record.kind !== "sale") continue;
      const sale = record as SaleEvent;
      let region = regionOf.get(sale.storeId);
      if (region === undefined) regionOf.set(sale.storeId, (region = sale.region || UNKNOWN));
      const day = Math.floor(sale.time / DAY) * DAY;
      const key = `${day}\u0000${region}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = {day, region, cents: 0, lines: 0, units: 0}));
      group.cents += sale.amount;
      group.lines += 1;
      // In millionths, as the engine sums them: 0.1 + 0.2 kg is 0.3.
      group.units += Math.round(sale.quantity * UNIT_SCALE);
      if (asOf === null || sale.time > asOf) asOf = sale.time;
    }
  }
  const sorted = [...groups.values()].sort((a, b) => a.day - b.day || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
  return {
    day: sorted.map((g) => g.day),
    region: sorted.map((g) => g.region),
    revenue: sorted.map((g) => g.cents / 100),
    lines: sorted.map((g) => g.lines),
    units: sorted.map((g) => g.units / UNIT_SCALE),
    inputRows: {transactions: inputRows, store_locations: dims.stores?.size ?? 0},
    rejected: {count: rejectedCount, lines: rejected},
    asOf
  };
}

/**
 * The Arrow file the landing page loads (src/data/landing-daily.arrow.js → landingDaily.ts), in the IPC *stream* format:
 * Framework hands .arrow files to DuckDB-WASM's insertArrowFromIPCStream (insertFile in Framework's
 * client/stdlib/duckdb.js), which creates no table from the IPC file format and reports no error.
 * FileAttachment.arrow() reads either format.
 */
export function dailyRevenueArrow(result: DailyRevenue, {generatedAt}: {generatedAt?: number} = {}): Uint8Array {
  return tableToIPC(makeTable(
    {
      day: {type: "timestamp", values: result.day},
      region: {type: "utf8", values: result.region},
      revenue: {type: "float64", values: result.revenue},
      lines: {type: "int32", values: result.lines},
      units: {type: "float64", values: result.units}
    },
    {
      source: "batch",
      asOf: result.asOf,
      generatedAt,
      inputRows: result.inputRows,
      parameters: {grain: "day", group: "region", measure: "gross sales"},
      rejected: result.rejected
    }
  ), "stream");
}
