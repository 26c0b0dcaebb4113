import {execFileSync, spawn, type ChildProcess} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
import {createServer} from "node:net";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {tableFromIPC} from "apache-arrow";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {aggregatesArchive} from "../../../loaders/aggregates/aggregatesArchive.ts";
import {batchSnapshot, lastWindows, liveSnapshot, timeSeries} from "../../../loaders/aggregates/snapshot.ts";
import type {WindowColumns} from "../../../stream-bridge/batch/aggregate.ts";

const root = resolve(import.meta.dirname, "../../..");
const dir = mkdtempSync(join(tmpdir(), "pulse-snapshot-"));
const data = join(dir, "data");

beforeAll(() => {
  execFileSync(process.execPath, ["bin/pulse.js", "generate", "--seed", "5", "--days", "3", "--transactions", "3000", "--out", data], {cwd: root, stdio: "ignore"});
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

async function duckdb(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const sales = `read_csv('${data}/transactions.csv', header = true, columns = {'transaction_id': 'VARCHAR', 'timestamp': 'TIMESTAMP',
  'store_id': 'VARCHAR', 'product_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'quantity': 'INTEGER', 'unit_price': 'DECIMAL(18,2)',
  'discount': 'DECIMAL(18,2)', 'payment_method': 'VARCHAR'})`;

const rows = (bytes: Uint8Array) => tableFromIPC(bytes).toArray().map((row) => row.toJSON() as Record<string, unknown>);
const byKey = (list: Record<string, unknown>[], dimension: string) =>
  Object.fromEntries(list.filter((r) => r.dimension === dimension).map((r) => [r.key as string, Math.round((r.revenue as number) * 100)]));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const {port} = server.address() as {port: number};
  await new Promise((done) => server.close(done));
  return port;
}

describe("batchSnapshot(dir)", () => {
  test("has the store totals DuckDB sums from the CSV, to the cent, and says it is a batch snapshot", async () => {
    const snapshot = await batchSnapshot(data);
    expect(snapshot.source).toBe("batch");
    const expected = await duckdb(`SELECT store_id AS store, (SUM(quantity * unit_price - discount) * 100)::BIGINT AS cents FROM ${sales} GROUP BY 1`);
    expect(byKey(rows(snapshot.tables.totals), "store")).toEqual(Object.fromEntries(expected.map((r) => [r.store, Number(r.cents)])));
    expect(tableFromIPC(snapshot.tables.kpis).schema.metadata.get("source")).toBe("batch");
  });

  test("keeps the open windows and the last 60 final window starts, like a bridge's bounded history", async () => {
    const windows = rows((await batchSnapshot(data)).tables.windows);
    const finalStarts = new Set(windows.filter((w) => w.final).map((w) => w.window_start));
    expect(finalStarts.size).toBe(60);
    const newestFinal = Math.max(...[...finalStarts].map(Number));
    expect(windows.filter((w) => !w.final).every((w) => Number(w.window_start) > newestFinal - 60_000)).toBe(true);
  });
});

describe("lastWindows(columns, history)", () => {
  const columns = (starts: number[], final: boolean[]): WindowColumns => {
    const n = starts.length;
    const zeros = new Array(n).fill(0);
    return {length: n, windowStart: starts, windowEnd: starts.map((s) => s + 10), dimension: new Array(n).fill("all"), key: new Array(n).fill("all"), revenue: starts, units: zeros, lines: zeros, transactions: zeros, customers: zeros, refundAmount: zeros, refundCount: zeros, netRevenue: zeros, final};
  };

  test("keeps every row of the newest final starts and every open row, in order", () => {
    const out = lastWindows(columns([0, 0, 10, 20, 20, 30, 40], [true, true, true, true, true, false, false]), 2);
    expect(out.windowStart).toEqual([10, 20, 20, 30, 40]);
    expect(out.length).toBe(5);
    expect(out.revenue).toEqual([10, 20, 20, 30, 40]);
  });

  test("with no history keeps only open windows", () => {
    expect(lastWindows(columns([0, 10], [true, false]), 0).windowStart).toEqual([10]);
  });
});

describe("timeSeries(dir)", () => {
  test("daily store revenue equals DuckDB's daily sums, hourly has no product rows", async () => {
    const {daily, hourly} = await timeSeries(data);
    const days = rows(daily).filter((r) => r.dimension === "store");
    const expected = await duckdb(`SELECT epoch_ms(date_trunc('day', timestamp))::DOUBLE AS day, store_id AS store, (SUM(quantity * unit_price - discount) * 100)::BIGINT AS cents FROM ${sales} GROUP BY ALL`);
    const key = (day: unknown, store: unknown) => `${Number(day)}|${store}`;
    expect(Object.fromEntries(days.map((r) => [key(r.window_start, r.key), Math.round((r.revenue as number) * 100)]))).toEqual(Object.fromEntries(expected.map((r) => [key(r.day, r.store), Number(r.cents)])));
    expect(new Set(rows(hourly).map((r) => r.dimension))).toEqual(new Set(["all", "store", "region", "category", "payment"]));
    expect(new Set(rows(hourly).map((r) => Number(r.window_end) - Number(r.window_start)))).toEqual(new Set([3_600_000]));
  });
});

describe("liveSnapshot(base)", () => {
  test("is null, quickly, when no bridge answers", async () => {
    const started = Date.now();
    expect(await liveSnapshot(`http://127.0.0.1:${await freePort()}`, {timeoutMs: 500})).toBeNull();
    expect(Date.now() - started).toBeLessThan(3000);
  });

  describe("against a bridge that replayed the same files", () => {
    let bridge: ChildProcess;
    let base: string;
    beforeAll(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      bridge = spawn(process.execPath, ["bin/pulse.js", "serve", "--data", data, "--speed", "max", "--port", String(port), "--hardware-interval", "0"], {cwd: root, stdio: "ignore"});
      const deadline = Date.now() + 60_000;
      for (;;) {
        const health = await fetch(`${base}/health`).then((r) => r.json(), () => null);
        if (health?.status === "done") break;
        if (Date.now() > deadline) throw new Error("bridge did not finish replaying");
        await new Promise((done) => setTimeout(done, 200));
      }
    });
    afterAll(() => {
      bridge?.kill("SIGTERM");
    });

    test("takes every table from the bridge, labelled live, with the batch engine's totals", async () => {
      const live = await liveSnapshot(base);
      expect(live?.source).toBe("live");
      for (const bytes of Object.values(live!.tables)) expect(tableFromIPC(bytes).schema.metadata.get("source")).toBe("live");
      const batch = await batchSnapshot(data);
      for (const dimension of ["all", "store", "region", "category", "product", "payment"]) {
        expect(byKey(rows(live!.tables.totals), dimension)).toEqual(byKey(rows(batch.tables.totals), dimension));
      }
    });

    test("aggregatesArchive uses it, and every entry of the archive is an Arrow stream", async () => {
      const {bytes, source} = await aggregatesArchive({dataDir: data, bridge: base});
      expect(source).toBe("live");
      const archive = join(dir, "aggregates.tar");
      const out = join(dir, "aggregates");
      execFileSync("mkdir", ["-p", out]);
      (await import("node:fs")).writeFileSync(archive, bytes);
      execFileSync("tar", ["-xf", archive, "-C", out]);
      const names = execFileSync("tar", ["-tf", archive], {encoding: "utf-8"}).trim().split("\n");
      expect(names.sort()).toEqual(
        ["windows", "totals", "kpis", "late", "rejects", "hourly", "daily", "sales_daily", "transactions_hourly", "products_daily", "refunds_daily", "stores", "products"].map((n) => `${n}.arrow`).sort()
      );
      for (const name of names) {
        const file = (await import("node:fs")).readFileSync(join(out, name));
        // The IPC stream format begins with a message, not the file format's "ARROW1" magic.
        expect(file.subarray(0, 6).toString("latin1")).not.toBe("ARROW1");
        expect(() => tableFromIPC(file)).not.toThrow();
      }
    });
  });
});
