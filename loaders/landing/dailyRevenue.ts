import {parseCents} from "../../lib/money.ts";
import {eachCsvRecord} from "../baskets/csvRecords.ts";
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

/**
 * Epoch ms of an ISO UTC timestamp, NaN unless it is a real one. Date.UTC rolls 2024-02-30 over into
 * March (and maps years 0–99 to 1900s), so the date must format back to itself; it is checked once
 * per distinct date (`days` caches it), the time of day by range.
 */
function parseUtc(text: string, days: Map<string, number>): number {
  const m = ISO.exec(text);
  if (!m) return NaN;
  const date = text.slice(0, 10);
  let day = days.get(date);
  if (day === undefined) {
    const time = Date.UTC(+m[1], +m[2] - 1, +m[3]);
    day = new Date(time).toISOString().slice(0, 10) === date ? time : NaN;
    days.set(date, day);
  }
  const hours = +m[4];
  const minutes = +m[5];
  const seconds = +m[6];
  return hours < 24 && minutes < 60 && seconds < 60 ? day + ((hours * 60 + minutes) * 60 + seconds) * 1000 : NaN;
}

/** Rows of a CSV, fields by header name, one at a time; throws naming the file and the missing column. */
function* columns(text: string, file: string, names: readonly string[]): Generator<{line: number; fields: string[]}> {
  const records = eachCsvRecord(text);
  const header = records.next();
  if (header.done) throw new RangeError(`${file}: empty file`);
  const index = new Map(header.value.fields.map((name, i) => [name.trim(), i]));
  for (const name of names) if (!index.has(name)) throw new RangeError(`${file}: missing column ${name}`);
  // Fields reordered as `names` asks, trimmed, "" when missing.
  const at = names.map((name) => index.get(name)!);
  for (const r of records) {
    if (r.fields.length === 1 && r.fields[0] === "") continue;
    yield {line: r.line, fields: at.map((i) => (r.fields[i] ?? "").trim())};
  }
}

/** Aggregates transactions.csv text by day and the region of store_locations.csv. */
export function dailyRevenue(transactionsCsv: string, storesCsv: string): DailyRevenue {
  const regionOf = new Map<string, string>();
  let storeRows = 0;
  for (const [id, region] of Array.from(columns(storesCsv, "store_locations.csv", ["store_id", "region"]), (r) => r.fields)) {
    regionOf.set(id, region);
    ++storeRows;
  }
  const groups = new Map<string, {day: number; region: string; cents: number; lines: number; units: number}>();
  const days = new Map<string, number>();
  const rejected: number[] = [];
  let rejectedCount = 0;
  let inputRows = 0;
  let asOf: number | null = null;
  for (const row of columns(transactionsCsv, "transactions.csv", ["timestamp", "store_id", "quantity", "unit_price", "discount"])) {
    ++inputRows;
    const [timestamp, storeId, quantityText, priceText, discountText] = row.fields;
    const time = parseUtc(timestamp, days);
    const region = regionOf.get(storeId);
    const quantity = Number(quantityText);
    const price = parseCents(priceText);
    const discount = discountText === "" ? 0 : parseCents(discountText);
    if (Number.isNaN(time) || region === undefined || !Number.isSafeInteger(quantity) || quantityText === "" || Number.isNaN(price) || Number.isNaN(discount)) {
      if (rejected.length < 20) rejected.push(row.line);
      ++rejectedCount;
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
    inputRows: {transactions: inputRows, store_locations: storeRows},
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
