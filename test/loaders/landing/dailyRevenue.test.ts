import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {tableFromIPC} from "apache-arrow";
import {afterAll, describe, expect, test} from "vitest";
import {dailyRevenue, dailyRevenueArrow} from "../../../loaders/landing/dailyRevenue.ts";
import {generateInMemory} from "../../generator/memorySinks.ts";

const stores = "store_id,name,city,region,size_sqft,opened\nS1,\"Harbour, East\",Leeds,North,1000,2020-01-01\nS2,Mall,Bath,South,2000,2020-01-01\n";
const DAY1 = Date.UTC(2026, 9, 1);
const DAY2 = Date.UTC(2026, 9, 2);

const scratch = mkdtempSync(join(tmpdir(), "pulse-landing-"));
afterAll(() => rmSync(scratch, {recursive: true, force: true}));
let files = 0;
/** The texts as files of a new folder: {transactions, stores?}. */
function write(transactions: string, storesCsv: string | null = stores): {transactions: string; stores?: string} {
  const dir = join(scratch, String(++files));
  mkdirSync(dir);
  writeFileSync(join(dir, "transactions.csv"), transactions);
  if (storesCsv === null) return {transactions: join(dir, "transactions.csv")};
  writeFileSync(join(dir, "store_locations.csv"), storesCsv);
  return {transactions: join(dir, "transactions.csv"), stores: join(dir, "store_locations.csv")};
}

describe("dailyRevenue({transactions, stores, mapping})", () => {
  test("sums the ingest's amounts per UTC day and region, in exact cents (hand-computed)", async () => {
    const transactions = [
      "transaction_id,timestamp,store_id,product_id,customer_id,quantity,unit_price,discount,payment_method",
      "T1,2026-10-01T08:00:00Z,S1,P1,C1,2,0.10,0.00,card", // 0.20
      "T2,2026-10-01T23:59:59Z,S1,P2,,3,0.20,0.05,cash", // 0.55, guest checkout
      "T3,2026-10-02T00:00:00Z,S1,P1,C2,1,19.99,1.00,card", // next UTC day: 18.99
      "T4,2026-10-01T12:00:00Z,S2,P3,C3,1,5.00,0.00,card", // South: 5.00
      "T5,2026-10-01T12:00:00Z,S2,P3,C3,1,abc,0.00,card", // unreadable price
      "T6,2026-10-01T12:00:00Z,S9,P3,C3,1,5.00,0.00,card", // unknown store
      "T7,2026-02-30T12:00:00Z,S2,P3,C3,1,5.00,0.00,card", // no such date
      "T8,2026-10-01T12:00:00Z,S2,P3,C3,1.5,5.00,0.00,card", // 1.5 kg: 7.50
      "T9,2026-10-02T09:00:00Z,S1,P1,C2,0.1,1.00,0.00,card", // 0.10
      "T10,2026-10-02T09:01:00Z,S1,P1,C2,0.2,1.00,0.00,card" // 0.20: units 1 + 0.1 + 0.2 = 1.3 exactly
    ].join("\r\n");
    const result = await dailyRevenue(write(transactions));
    expect(result.day).toEqual([DAY1, DAY1, DAY2]);
    expect(result.region).toEqual(["North", "South", "North"]);
    expect(result.revenue).toEqual([0.75, 12.5, 19.29]);
    expect(result.lines).toEqual([2, 2, 3]);
    expect(result.units).toEqual([5, 2.5, 1.3]);
    expect(result.inputRows).toEqual({transactions: 10, store_locations: 2});
    expect(result.rejected).toEqual({count: 3, lines: [6, 7, 8]});
    expect(result.asOf).toBe(DAY2 + 9 * 3_600_000 + 60_000);
  });

  test("any sales file the bridge reads: other column names, a given amount, the region column when there is no stores file", async () => {
    const transactions = [
      "Receipt,Sold At,Shop,SKU,Qty,Total,Region",
      "R1,2026-10-01 09:30,A,X,2,3.50,West",
      "R2,2026-10-01 10:00,B,X,1,1.25,", // no region: unknown
      "R3,2026-10-01 11:00,A,Y,1,2.00,East" // A's first line said West
    ].join("\n");
    const result = await dailyRevenue(write(transactions, null));
    expect(result.region).toEqual(["West", "unknown"]);
    expect(result.revenue).toEqual([5.5, 1.25]);
    expect(result.inputRows).toEqual({transactions: 3, store_locations: 0});
  });

  test("a products file rejects the lines of products it lacks, as pulse aggregate does", async () => {
    const paths = write(["transaction_id,timestamp,store_id,product_id,quantity,unit_price", "T1,2026-10-01T08:00:00Z,S1,P1,1,2.00", "T2,2026-10-01T09:00:00Z,S1,P3,1,7.00"].join("\n"));
    const products = join(scratch, "products.csv");
    writeFileSync(products, "product_id,name,category,sub_category,brand\nP1,Milk,Dairy,Milk,Acme\n");
    const result = await dailyRevenue({...paths, products});
    expect(result.revenue).toEqual([2]);
    expect(result.rejected).toEqual({count: 1, lines: [3]});
  });

  test("a missing column is the ingest's error, naming it", async () => {
    await expect(dailyRevenue(write("transaction_id,store_id,quantity,unit_price\n"))).rejects.toThrow(/no timestamp column/);
  });
});

describe("dailyRevenue on generated data equals DuckDB's GROUP BY", () => {
  const dir = mkdtempSync(join(tmpdir(), "pulse-landing-"));
  afterAll(() => rmSync(dir, {recursive: true, force: true}));

  test("every day × region: gross sales to the cent, lines and units", async () => {
    const {files} = await generateInMemory({seed: 7, days: 12, transactions: 6000});
    const transactions = files.transactions.toString("utf-8");
    const storesCsv = files.stores.toString("utf-8");
    writeFileSync(join(dir, "transactions.csv"), transactions);
    writeFileSync(join(dir, "store_locations.csv"), storesCsv);
    const ours = await dailyRevenue({transactions: join(dir, "transactions.csv"), stores: join(dir, "store_locations.csv")});
    expect(ours.rejected.count).toBe(0);

    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      const read = (file: string, columns: Record<string, string>) =>
        `read_csv('${join(dir, file)}', header = true, auto_detect = false, timestampformat = '%Y-%m-%dT%H:%M:%SZ', columns = ${JSON.stringify(columns).replaceAll('"', "'")})`;
      const rows = (
        await connection.runAndReadAll(`
          select epoch_ms(date_trunc('day', t.timestamp))::BIGINT as day, s.region,
            sum(t.quantity * t.unit_price - t.discount)::VARCHAR as revenue, count(*)::INTEGER as lines, sum(t.quantity)::INTEGER as units
          from ${read("transactions.csv", {transaction_id: "VARCHAR", timestamp: "TIMESTAMP", store_id: "VARCHAR", product_id: "VARCHAR", customer_id: "VARCHAR", quantity: "INTEGER", unit_price: "DECIMAL(12,2)", discount: "DECIMAL(12,2)", payment_method: "VARCHAR"})} t
          join ${read("store_locations.csv", {store_id: "VARCHAR", name: "VARCHAR", city: "VARCHAR", region: "VARCHAR", size_sqft: "INTEGER", opened: "DATE"})} s using (store_id)
          group by all order by day, region`)
      ).getRowObjectsJson();
      expect(rows.length).toBeGreaterThan(12);
      expect(ours.day.map((day, i) => ({day: String(day), region: ours.region[i], revenue: ours.revenue[i].toFixed(2), lines: ours.lines[i], units: ours.units[i]}))).toEqual(rows);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe("dailyRevenueArrow(result)", async () => {
  const result = await dailyRevenue(write("transaction_id,timestamp,store_id,product_id,customer_id,quantity,unit_price,discount,payment_method\nT1,2026-10-01T08:00:00Z,S1,P1,,2,0.10,0.00,card\n"));
  const bytes = dailyRevenueArrow(result, {generatedAt: DAY2});

  test("is an Arrow IPC stream, which DuckDB-WASM's insertArrowFromIPCStream reads (the file format would give it no table)", () => {
    // A stream starts with a message (continuation marker 0xFFFFFFFF); a file starts with the magic "ARROW1".
    expect([...bytes.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    expect(Buffer.from(bytes.subarray(0, 6)).toString("latin1")).not.toBe("ARROW1");
  });

  test("holds the columns with chart-friendly types and the snapshot metadata", () => {
    const table = tableFromIPC(bytes);
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(["day:Timestamp<MILLISECOND>", "region:Utf8", "revenue:Float64", "lines:Int32", "units:Float64"]);
    expect(table.toArray().map((row) => ({...row.toJSON()}))).toEqual([{day: DAY1, region: "North", revenue: 0.2, lines: 1, units: 2}]);
    const metadata = table.schema.metadata;
    expect(metadata.get("as_of")).toBe("2026-10-01T08:00:00.000Z");
    expect(metadata.get("generated_at")).toBe(new Date(DAY2).toISOString());
    expect(JSON.parse(metadata.get("input_rows")!)).toEqual({transactions: 1, store_locations: 2});
    expect(JSON.parse(metadata.get("rejected")!)).toEqual({count: 0, lines: []});
  });
});
