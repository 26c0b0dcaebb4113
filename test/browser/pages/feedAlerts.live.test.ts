import {readFileSync} from "node:fs";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import type {Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {freePort, launchBrowser, projectRoot, screenshotDir, startBridge as startHarnessBridge, startPreview, type Bridge, type Browser, type Site} from "../harness.ts";

// The live transaction feed and live business alerts in a real browser, against a real `pulse serve`
// replaying the sample data through the Framework preview: the feed's rows are real transactions
// (ids, items and amounts as DuckDB sums the CSV), newest first and bounded; alerts appear on the
// alerts page while it is open.

const DATA = process.env.PULSE_DATA_DIR ?? "data/";
let browser: Browser;
let site: Site;
let port: number;
let bridge: Bridge | null = null;
let oracle: Map<string, {store: string; items: number; cents: number; customer: string | null; payment: string}>;
let refunds: Map<string, {store: string; cents: number; transaction: string}>;
let storeNames: Map<string, string>;

async function startBridge(): Promise<void> {
  bridge = await startHarnessBridge(["--data", DATA, "--rate", "2000", "--loop", "--origins", new URL(site.url).origin, "--hardware-interval", "0"], port);
}

async function stopBridge(): Promise<void> {
  const running = bridge;
  bridge = null;
  await running?.stop();
}

/** Per-transaction sums and refunds straight from the CSVs (DuckDB, exact decimals). */
async function loadOracle() {
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  const all = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, any>[];
  const file = (name: string) => join(projectRoot, DATA, name);
  const sales = await all(`
    SELECT transaction_id AS id, any_value(store_id) AS store, sum(quantity::INTEGER)::INTEGER AS items,
      sum(quantity::INTEGER * unit_price::DECIMAL(12, 2) * 100 - discount::DECIMAL(12, 2) * 100)::BIGINT AS cents,
      any_value(customer_id) AS customer, any_value(payment_method) AS payment
    FROM read_csv('${file("transactions.csv")}', all_varchar = true) GROUP BY transaction_id`);
  const back = await all(`SELECT refund_id AS id, store_id AS store, (refund_amount::DECIMAL(12, 2) * 100)::BIGINT AS cents, original_transaction_id AS transaction FROM read_csv('${file("refunds.csv")}', all_varchar = true)`);
  db.closeSync();
  instance.closeSync();
  oracle = new Map(sales.map((s) => [s.id, {store: s.store, items: s.items, cents: Number(s.cents), customer: s.customer || null, payment: s.payment}]));
  refunds = new Map(back.map((r) => [r.id, {store: r.store, cents: Number(r.cents), transaction: r.transaction}]));
  // Store names as the page shows them (S10's has a quoted comma).
  const lines = readFileSync(file("store_locations.csv"), "utf8").trim().split("\n").slice(1);
  storeNames = new Map(lines.map((line) => {
    const [id, rest] = [line.slice(0, line.indexOf(",")), line.slice(line.indexOf(",") + 1)];
    const name = rest.startsWith('"') ? rest.slice(1, rest.indexOf('"', 1)) : rest.slice(0, rest.indexOf(","));
    return [id, name];
  }));
}

beforeAll(async () => {
  [browser, site, port] = await Promise.all([launchBrowser(), startPreview(), freePort(), loadOracle()]);
  await startBridge();
});

afterAll(async () => {
  await Promise.all([stopBridge(), browser?.close(), site?.close()]);
});

async function openLive(route: string): Promise<Page & {errors: string[]}> {
  const page = (await browser.context.newPage()) as Page & {errors: string[]};
  page.errors = [];
  page.on("pageerror", (error) => page.errors.push(String(error)));
  await page.goto(new URL(`${route.slice(1)}?bridge=ws://127.0.0.1:${port}/ws`, site.url).href);
  await page.waitForSelector('.pulse-badge[data-status="live"]', {timeout: 90_000});
  return page;
}

/** "£1,234.56" / "-£1.19" → cents. */
const cents = (text: string) => Math.round(Number(text.replace(/[£,\s]/g, "").replace("−", "-")) * 100);

interface FeedRow {
  kind: string;
  id: string;
  arrival: number;
  store: string;
  transaction: string;
  items: string;
  amount: string;
  payment: string;
  customer: string;
}

const feedRows = (page: Page): Promise<FeedRow[]> =>
  page.$$eval(".pulse-feed-table tbody tr", (trs) =>
    trs.map((tr) => {
      const td = Array.from(tr.querySelectorAll("td"), (cell) => cell.textContent?.trim() ?? "");
      return {kind: tr.getAttribute("data-kind")!, id: tr.getAttribute("data-id")!, arrival: Number(tr.getAttribute("data-arrival")), store: td[1], transaction: td[2], items: td[3], amount: td[4], payment: td[5], customer: td[6]};
    })
  );

describe("with a bridge replaying the sample data", () => {
  test("the overview's feed lists real transactions, newest first and bounded, matching the CSV", async () => {
    const page = await openLive("/live");
    try {
      await page.waitForFunction(() => document.querySelectorAll(".pulse-feed-table tbody tr").length >= 20, null, {timeout: 30_000});
      const first = await feedRows(page);
      await page.screenshot({path: `${screenshotDir}/pages-live-feed.png`, fullPage: true});
      const sales = first.filter((r) => r.kind === "sale");
      expect(sales.length).toBeGreaterThan(10);
      // The newest transaction may still be arriving (its lines can straddle two broadcast ticks): it
      // holds at most the basket. Every other one holds every line, summed.
      const newest = sales[0];
      const truthOfNewest = oracle.get(newest.id)!;
      expect(Number(newest.items)).toBeLessThanOrEqual(truthOfNewest.items);
      expect(cents(newest.amount)).toBeLessThanOrEqual(truthOfNewest.cents);
      for (const row of first) {
        if (row === newest) continue;
        if (row.kind === "sale") {
          const truth = oracle.get(row.id);
          expect(truth, row.id).toBeDefined();
          expect({id: row.transaction, store: row.store, items: Number(row.items), cents: cents(row.amount), customer: row.customer, payment: row.payment}).toEqual({
            id: row.id,
            store: storeNames.get(truth!.store),
            items: truth!.items,
            cents: truth!.cents,
            customer: truth!.customer ?? "guest",
            payment: truth!.payment.replace(/_/g, " ")
          });
        } else {
          const truth = refunds.get(row.id);
          expect(truth, row.id).toBeDefined();
          expect({store: row.store, cents: cents(row.amount), transaction: row.transaction}).toEqual({store: storeNames.get(truth!.store), cents: -truth!.cents, transaction: `refund ${row.id}of ${truth!.transaction}`});
        }
      }
      // Newest first by arrival, and no duplicates.
      expect(first.map((r) => r.arrival)).toEqual([...first.map((r) => r.arrival)].sort((a, b) => b - a));
      expect(new Set(first.map((r) => `${r.kind}|${r.id}`)).size).toBe(first.length);
      // It flows, and stays bounded at the bridge's --feed-size (50).
      await page.waitForFunction((arrival) => Number(document.querySelector(".pulse-feed-table tbody tr")?.getAttribute("data-arrival")) > arrival + 50, first[0].arrival, {timeout: 30_000});
      const later = await feedRows(page);
      console.log(`feed: ${first.length} rows, newest arrival ${first[0].arrival} (${first[0].id}); later ${later.length} rows, newest ${later[0].arrival} (${later[0].id})`);
      expect(later.length).toBeLessThanOrEqual(50);
      expect(later.length).toBeGreaterThanOrEqual(first.length);
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test("the alerts page shows stock-outs and a revenue spike arriving live, with severity", async () => {
    // A fresh replay, so the alerts are still to come when the page opens (on a loaded machine the
    // first test can take long enough for the replay to be over).
    await stopBridge();
    await startBridge();
    const page = await openLive("/alerts");
    try {
      const liveCount = () => page.$$eval('.pulse-live-alerts tbody tr[data-source="live"]', (trs) => trs.length);
      const liveIds = () => page.$$eval('tr[data-source="live"]', (trs) => trs.map((tr) => tr.getAttribute("data-id")));
      const before = new Set(await liveIds());
      // A new live alert arrives while the page is open (no reload).
      await page.waitForFunction((seen) => Array.from(document.querySelectorAll('tr[data-source="live"]')).some((tr) => !seen.includes(tr.getAttribute("data-id")!)), [...before], {timeout: 60_000});
      expect(await liveCount()).toBeGreaterThan(0);
      const stockout = await page.$eval('.pulse-live-alerts tr[data-kind="stockout"]', (tr) => ({severity: tr.querySelector(".pulse-chip")?.textContent, text: tr.textContent}));
      expect(stockout.severity).toBe("critical");
      expect(stockout.text).toMatch(/\(P\d{4}\) at .+ is out of stock; a reorder takes \d+ days/);
      await page.screenshot({path: `${screenshotDir}/pages-alerts-live.png`, fullPage: true});
      // The promotion (from day 16) lifts an hour of chain revenue far above the same hour of the previous days.
      await page.waitForSelector('tr[data-source="live"][data-kind="revenue_spike"]', {timeout: 90_000});
      const spike = await page.$eval('tr[data-source="live"][data-kind="revenue_spike"]', (tr) => ({severity: tr.querySelector(".pulse-chip")?.textContent, text: tr.textContent}));
      console.log(`live alerts: ${before.size} when the page opened; spike: ${spike.text?.replace(/\s+/g, " ").trim()}`);
      expect(["warning", "critical"]).toContain(spike.severity);
      expect(spike.text).toMatch(/Revenue spike at all stores, 2026-10-\d\d \(\w+day\) \d\d:00–\d\d:00 UTC: .+ against a usual .+ \(median of the same hour over the previous 7 days; score [\d.]+\)/);
      await page.screenshot({path: `${screenshotDir}/pages-alerts-live-spike.png`, fullPage: true});
      expect(page.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
