import {execFileSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {aggregate} from "../../../stream-bridge/batch/aggregate.ts";
import {batchTables} from "../../../stream-bridge/batch/batchTables.ts";
import {fromArrow, tableRows} from "../../../loaders/io/arrow.ts";
import {arrowLines, arrowMeta, arrowRows, duck, generate, groupBy, loadTables, pulse} from "./oracle.ts";

/**
 * Acceptance: `pulse aggregate` over generated data equals a plain DuckDB GROUP BY over the valid
 * rows, to the cent, distinct counts included; the late rows are exactly those the watermark rule
 * names, computed here by an independent merge loop over the rows DuckDB read.
 */

const MINUTE = 60_000;
const DIMENSIONS = ["all", "store", "region", "category", "product", "payment"];

interface StreamRow {
  file: string;
  line: number;
  ts: number;
}

interface Late {
  file: string;
  line: number;
  ts: number;
  windowStart: number;
  watermark: number;
}

/**
 * The watermark rule on the merged stream: files in file order, the smallest head time first (ties
 * to the earlier file). An event is late when the watermark before it (max earlier time − lateness)
 * has passed the end of the earliest window that contains it.
 */
function expectedLate(files: StreamRow[][], windowMs: number, hopMs: number, latenessMs: number): Late[] {
  const next = files.map(() => 0);
  let max = -Infinity;
  const late: Late[] = [];
  for (;;) {
    let pick = -1;
    for (let k = 0; k < files.length; ++k) {
      if (next[k] >= files[k].length) continue;
      if (pick < 0 || files[k][next[k]].ts < files[pick][next[pick]].ts) pick = k;
    }
    if (pick < 0) break;
    const row = files[pick][next[pick]++];
    // Earliest window containing ts: walk back from the latest start while the window still covers ts.
    let earliest = Math.floor(row.ts / hopMs) * hopMs;
    while (earliest - hopMs + windowMs > row.ts) earliest -= hopMs;
    const watermark = max - latenessMs;
    if (watermark >= earliest + windowMs) late.push({file: row.file, line: row.line, ts: row.ts, windowStart: earliest, watermark});
    max = Math.max(max, row.ts);
  }
  return late;
}

/**
 * The generator's refunds always name the original store. To see attribution at work, every
 * refund here names another store, and every 40th one a transaction that never happened.
 */
function scrambleRefunds(path: string): void {
  const [header, ...rows] = readFileSync(path, "utf8").trimEnd().split("\n");
  const scrambled = rows.map((row, i) => {
    const fields = row.split(",");
    fields[3] = fields[3] === "S01" ? "S02" : "S01";
    if (i % 40 === 0) fields[1] = `T-NEVER-${i}`;
    return fields.join(",");
  });
  writeFileSync(path, [header, ...scrambled].join("\n") + "\n");
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pulse-aggregate-"));
  generate(join(dir, "data"));
  scrambleRefunds(join(dir, "data", "refunds.csv"));
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("pulse aggregate against a DuckDB GROUP BY", () => {
  it("windows, totals, late rows and KPIs of transactions + refunds + inventory with store and product files", async () => {
    const data = join(dir, "data");
    const files = {
      transactions: join(data, "transactions.csv"),
      refunds: join(data, "refunds.csv"),
      inventory: join(data, "inventory.csv"),
      stores: join(data, "store_locations.csv"),
      products: join(data, "product_catalog.csv")
    };
    const out = join(dir, "out1");
    execFileSync(process.execPath, [pulse, "aggregate", ...Object.entries(files).flatMap(([k, v]) => [`--${k}`, v]), "--out", out], {stdio: "pipe"});

    const db = await duck();
    try {
      await loadTables(db.all, files);
      const stream = async (table: string, file: string) => (await db.all(`select line::DOUBLE as line, ts::DOUBLE as ts from ${table} order by line`)).map((r) => ({file, line: r.line, ts: r.ts}));
      const sales = await stream("sales", "transactions.csv");
      const refunds = await stream("refunds", "refunds.csv");
      const inventory = await stream("inventory", "inventory.csv");
      const late = expectedLate([sales, refunds, inventory], MINUTE, MINUTE, 10 * MINUTE);
      // The generator holds a few rows back for hours: the default 10m lateness must see some.
      expect(late.length).toBeGreaterThan(0);

      // Refund attribution: a refund is matched when its transaction was seen earlier in the merged
      // stream; it then takes the store and payment of the transaction's first line.
      const txOf = new Map((await db.all(`select line::DOUBLE as line, transaction_id from sales`)).map((r) => [r.line as number, r.transaction_id as string]));
      const origOf = new Map((await db.all(`select line::DOUBLE as line, original_transaction_id from refunds`)).map((r) => [r.line as number, r.original_transaction_id as string]));
      const matched: number[] = [];
      {
        const seen = new Set<string>();
        const next = [0, 0];
        const rows = [sales, refunds];
        for (;;) {
          const pick = next[0] < sales.length && (next[1] >= refunds.length || sales[next[0]].ts <= refunds[next[1]].ts) ? 0 : next[1] < refunds.length ? 1 : -1;
          if (pick < 0) break;
          const row = rows[pick][next[pick]++];
          if (pick === 0) seen.add(txOf.get(row.line)!);
          else if (seen.has(origOf.get(row.line)!)) matched.push(row.line);
        }
      }
      await db.all(`create table late_rows (file VARCHAR, line BIGINT)`);
      if (late.length) await db.all(`insert into late_rows values ${late.map((l) => `('${l.file}', ${l.line})`).join(", ")}`);
      await db.all(`create table matched (line BIGINT)`);
      if (matched.length) await db.all(`insert into matched values ${matched.map((line) => `(${line})`).join(", ")}`);
      await db.all(`create table firsts as select transaction_id, arg_min(store_id, line) as store_id, arg_min(payment_method, line) as payment_method from sales group by 1`);
      await db.all(`create table refunds_attr as select r.line, r.ts, r.cents, r.product_id,
          case when m.line is null then r.store_id else f.store_id end as store_id,
          case when m.line is null then 'unknown' else f.payment_method end as payment_method
        from refunds r left join firsts f on f.transaction_id = r.original_transaction_id left join matched m on m.line = r.line`);
      await db.all(`create table sales_ok as select * from sales where line not in (select line from late_rows where file = 'transactions.csv')`);
      await db.all(`create table refunds_ok as select * from refunds_attr where line not in (select line from late_rows where file = 'refunds.csv')`);

      const windows = arrowRows(join(out, "windows.arrow"));
      const expectedWindows = await groupBy(db.all, {dimensions: DIMENSIONS, windows: (ts) => `[(${ts} // ${MINUTE}) * ${MINUTE}]`, salesTable: "sales_ok", refundsTable: "refunds_ok"});
      expect(windows.length).toBeGreaterThan(10_000);
      expect(arrowLines(windows, (row) => row.window_start)).toEqual(expectedWindows);

      const totals = arrowRows(join(out, "totals.arrow"));
      const expectedTotals = await groupBy(db.all, {dimensions: DIMENSIONS, windows: () => "[0]", salesTable: "sales", refundsTable: "refunds_attr"});
      expect(arrowLines(totals, () => 0)).toEqual(expectedTotals);
      expect([...windows, ...totals].filter((row) => Math.round(row.net_revenue * 100) !== Math.round(row.revenue * 100) - Math.round(row.refund_amount * 100))).toEqual([]);

      // Final exactly when the end-of-input watermark passed the window's end.
      const [{max}] = await db.all(`select max(ts)::DOUBLE as max from (select ts from sales union all select ts from refunds union all select ts from inventory)`);
      const watermark = max - 10 * MINUTE;
      expect(windows.filter((row) => row.window_end - row.window_start !== MINUTE || row.final !== row.window_end <= watermark)).toEqual([]);
      expect(windows.some((row) => !row.final)).toBe(true);

      const lateRows = arrowRows(join(out, "late.arrow"));
      expect(lateRows.map((r) => `${r.source}:${r.line} ${r.event_time} ${r.window_start} ${r.watermark}`).sort()).toEqual(
        late.map((l) => `${l.file}:${l.line} ${l.ts} ${l.windowStart} ${l.watermark}`).sort()
      );

      const [kpis] = arrowRows(join(out, "kpis.arrow"));
      const [facts] = await db.all(`select (select count(*) from sales)::DOUBLE as sales, (select count(*) from refunds)::DOUBLE as refunds, (select count(*) from inventory)::DOUBLE as inventory,
        (select sum(cents) from sales)::DOUBLE as gross, (select sum(cents) from refunds)::DOUBLE as refunded,
        (select count(distinct transaction_id) from sales)::DOUBLE as transactions, (select count(distinct customer_id) from sales)::DOUBLE as customers`);
      expect(kpis.rows_read).toBe(facts.sales + facts.refunds + facts.inventory);
      expect(kpis.rejected).toBe(0);
      expect(kpis.data_quality).toBe(1);
      expect(kpis.late).toBe(late.length);
      expect(kpis.unmatched_refunds).toBe(facts.refunds - matched.length);
      expect(kpis.unmatched_refunds).toBeGreaterThan(10);
      expect(Math.round(kpis.gross_revenue * 100)).toBe(facts.gross);
      expect(Math.round(kpis.refunds * 100)).toBe(facts.refunded);
      expect(Math.round(kpis.net_revenue * 100)).toBe(facts.gross - facts.refunded);
      expect(kpis.transactions).toBe(facts.transactions);
      expect(kpis.customers).toBe(facts.customers);
      expect(kpis.watermark).toBe(watermark);

      const meta = arrowMeta(join(out, "windows.arrow"));
      expect(meta.get("source")).toBe("batch");
      expect(Number(meta.get("as_of_ms"))).toBe(watermark);
      expect(JSON.parse(meta.get("input_rows")!)).toMatchObject({transactions: facts.sales, refunds: facts.refunds, inventory: facts.inventory});
      expect(JSON.parse(meta.get("parameters")!)).toMatchObject({window: "1m", lateness: "10m", dimensions: DIMENSIONS});
    } finally {
      db.close();
    }
  });

  it("hopping windows (5m every 1m) with 2m lateness: each event in five windows, late by its earliest window", async () => {
    const data = join(dir, "data");
    const file = join(data, "transactions.csv");
    const result = await aggregate({transactions: file}, {windowMs: 5 * MINUTE, hopMs: MINUTE, latenessMs: 2 * MINUTE, dimensions: ["all", "store", "payment"]});
    const tables = batchTables(result, {});
    const windows = tableRows(fromArrow(tables["windows.arrow"])) as Record<string, any>[];
    const db = await duck();
    try {
      await loadTables(db.all, {transactions: file});
      const sales = (await db.all(`select line::DOUBLE as line, ts::DOUBLE as ts from sales order by line`)).map((r) => ({file: "transactions.csv", line: r.line, ts: r.ts}));
      const late = expectedLate([sales], 5 * MINUTE, MINUTE, 2 * MINUTE);
      expect(late.length).toBeGreaterThan(0);
      await db.all(`create table sales_ok as select * from sales where line not in (${late.map((l) => l.line).join(", ") || "-1"})`);
      const starts = (ts: string) => `range(((${ts} - ${5 * MINUTE}) // ${MINUTE} + 1) * ${MINUTE}, (${ts} // ${MINUTE}) * ${MINUTE} + 1, ${MINUTE})`;
      const expected = await groupBy(db.all, {dimensions: ["all", "store", "payment"], windows: starts, salesTable: "sales_ok"});
      expect(arrowLines(windows, (row) => row.window_start)).toEqual(expected);
      expect(result.late.map((l) => l.line).sort((a, b) => a - b)).toEqual(late.map((l) => l.line));
      expect(windows.filter((row) => row.window_end - row.window_start !== 5 * MINUTE)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it("--window 1d --lateness 3650d: daily windows, all still open at the end, nothing late", async () => {
    const file = join(dir, "data", "transactions.csv");
    const out = join(dir, "out3");
    execFileSync(process.execPath, [pulse, "aggregate", "--transactions", file, "--window", "1d", "--lateness", "3650d", "--dimensions", "all,store", "--out", out], {stdio: "pipe"});
    const windows = arrowRows(join(out, "windows.arrow"));
    const db = await duck();
    try {
      await loadTables(db.all, {transactions: file});
      const expected = await groupBy(db.all, {dimensions: ["all", "store"], windows: (ts) => `[(${ts} // 86400000) * 86400000]`, salesTable: "sales"});
      expect(arrowLines(windows, (row) => row.window_start)).toEqual(expected);
      expect(windows.filter((row) => row.dimension === "all")).toHaveLength(3);
      expect(windows.every((row) => row.final === false)).toBe(true);
      expect(arrowRows(join(out, "late.arrow"))).toHaveLength(0);
    } finally {
      db.close();
    }
  });
});
