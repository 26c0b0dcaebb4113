import {parseCents} from "../../lib/money.ts";
import {csvRecords} from "../baskets/csvRecords.ts";
import {tableToIPC} from "apache-arrow";
import {makeTable} from "../io/arrow.ts";

/**
 * Gross sales per UTC day and store region, for the landing page: the smallest aggregate that proves
 * the chain CSV → loader → Arrow → Plot and DuckDB-WASM. Amount per line = quantity × unit_price −
 * discount (docs/CONTRACTS.md), summed in integer cents. Refunds are not subtracted.
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
  /** Data rows read per input file. */
  inputRows: {transactions: number; store_locations: number};
  /** Transaction rows skipped because a field could not be read (count, first 20 line numbers). */
  rejected: {count: number; lines: number[]};
  /** Latest sale time, epoch ms, or null without sales. */
  asOf: number | null;
}

const DAY = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

function parseUtc(text: string): number {
  const m = ISO.exec(text);
  if (!m) return NaN;
  const time = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  // Date.UTC rolls 2024-02-30 over into March; a real timestamp formats back to itself.
  return new Date(time).toISOString().slice(0, 19) + "Z" === text ? time : NaN;
}

/** Columns of a CSV by header name; throws naming the file and the missing column. */
function columns(text: string, file: string, names: readonly string[]): {line: number; get: (name: string) => string}[] {
  const [header, ...records] = csvRecords(text);
  if (!header) throw new RangeError(`${file}: empty file`);
  const index = new Map(header.fields.map((name, i) => [name.trim(), i]));
  for (const name of names) if (!index.has(name)) throw new RangeError(`${file}: missing column ${name}`);
  return records
    .filter((r) => !(r.fields.length === 1 && r.fields[0] === ""))
    .map((r) => ({line: r.line, get: (name: string) => (r.fields[index.get(name)!] ?? "").trim()}));
}

/** Aggregates transactions.csv text by day and the region of store_locations.csv. */
export function dailyRevenue(transactionsCsv: string, storesCsv: string): DailyRevenue {
  const regionOf = new Map<string, string>();
  const stores = columns(storesCsv, "store_locations.csv", ["store_id", "region"]);
  for (const row of stores) regionOf.set(row.get("store_id"), row.get("region"));
  const groups = new Map<string, {day: number; region: string; cents: number; lines: number; units: number}>();
  const rejected: number[] = [];
  let inputRows = 0;
  let asOf: number | null = null;
  for (const row of columns(transactionsCsv, "transactions.csv", ["timestamp", "store_id", "quantity", "unit_price", "discount"])) {
    ++inputRows;
    const time = parseUtc(row.get("timestamp"));
    const region = regionOf.get(row.get("store_id"));
    const quantity = Number(row.get("quantity"));
    const price = parseCents(row.get("unit_price"));
    const discount = row.get("discount") === "" ? 0 : parseCents(row.get("discount"));
    if (Number.isNaN(time) || region === undefined || !Number.isSafeInteger(quantity) || row.get("quantity") === "" || Number.isNaN(price) || Number.isNaN(discount)) {
      rejected.push(row.line);
      continue;
    }
    const day = Math.floor(time / DAY) * DAY;
    const key = `${day}\u0000${region}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = {day, region, cents: 0, lines: 0, units: 0}));
    group.cents += quantity * price - discount;
    group.lines += 1;
    group.units += quantity;
    if (asOf === null || time > asOf) asOf = time;
  }
  const sorted = [...groups.values()].sort((a, b) => a.day - b.day || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
  return {
    day: sorted.map((g) => g.day),
    region: sorted.map((g) => g.region),
    revenue: sorted.map((g) => g.cents / 100),
    lines: sorted.map((g) => g.lines),
    units: sorted.map((g) => g.units),
    inputRows: {transactions: inputRows, store_locations: stores.length},
    rejected: {count: rejected.length, lines: rejected.slice(0, 20)},
    asOf
  };
}

/**
 * The Arrow file the landing page loads (src/data/landing-daily.arrow.ts), in the IPC *stream* format:
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
      units: {type: "int32", values: result.units}
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
