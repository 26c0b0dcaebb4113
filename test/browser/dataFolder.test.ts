import {execFile} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {generate} from "../stream-bridge/batch/oracle.ts";
import {discoverPages, launchBrowser, pageProblems, projectRoot, serveStatic, visitPage, type Browser, type Site} from "./harness.ts";

// The whole site built from other data folders (PULSE_DATA_DIR) that hold only a transactions file
// under other column names, no stores, products, refunds or inventory: every page must load clean,
// with charts that draw; every store gets a page (a slug when its id cannot be a path); the inventory page says what it cannot know (stock) and why it has no forecast (10 days).

const dir = mkdtempSync(join(tmpdir(), "pulse-data-folder-site-"));
let browser: Browser;

/** Runs fn with the loader outputs (every cache entry but Framework's `_` folders, plus our _pulse stamp) moved aside, then restores them. */
async function withLoaderCacheAside(fn: () => Promise<unknown>): Promise<void> {
  const cache = join(projectRoot, "src", ".observablehq", "cache");
  // Beside the cache, so renames stay on one file system.
  const aside = join(projectRoot, "src", ".observablehq", `loaders-aside-${process.pid}`);
  mkdirSync(aside, {recursive: true});
  const names = existsSync(cache) ? readdirSync(cache).filter((name) => !name.startsWith("_") || name === "_pulse") : [];
  for (const name of names) renameSync(join(cache, name), join(aside, name));
  try {
    await fn();
  } finally {
    for (const name of readdirSync(cache).filter((name) => !name.startsWith("_") || name === "_pulse")) rmSync(join(cache, name), {recursive: true, force: true});
    for (const name of names) renameSync(join(aside, name), join(cache, name));
    rmSync(aside, {recursive: true, force: true});
  }
}

/** A folder with a generated transactions file alone, columns renamed, store S03 as "Store 3"; built into a site. */
async function buildFolder(name: string, days: number): Promise<{out: string; site: Site}> {
  const source = join(dir, `${name}-source`);
  const data = join(dir, name);
  const out = join(dir, `${name}-site`);
  generate(source, "--transactions", "4000", "--days", String(days));
  mkdirSync(data);
  const names: Record<string, string> = {transaction_id: "Receipt", timestamp: "Sold At", store_id: "Shop", product_id: "SKU", customer_id: "Customer", quantity: "Qty", unit_price: "Price", payment_method: "Payment"};
  const [header, ...rest] = readFileSync(join(source, "transactions.csv"), "utf8").split("\n");
  writeFileSync(join(data, "transactions.csv"), [header.split(",").map((n) => names[n] ?? n).join(","), ...rest.map((line) => line.replace(",S03,", ",Store 3,"))].join("\n"));
  // The build's loader outputs go to Framework's cache in src/: the sample data's are set aside
  // meanwhile and put back, so a preview started later does not re-run every loader.
  await withLoaderCacheAside(() =>
    promisify(execFile)(process.execPath, ["--import", "tsx", join(projectRoot, "scripts", "framework.ts"), "build"], {
      cwd: projectRoot,
      env: {...process.env, PULSE_DATA_DIR: data, PULSE_OUTPUT_DIR: out, BRIDGE_URL: "off"},
      maxBuffer: 64 << 20
    })
  );
  return {out, site: await serveStatic(out)};
}

let month: {out: string; site: Site};
let tenDays: {out: string; site: Site};
beforeAll(async () => {
  browser = await launchBrowser();
  month = await buildFolder("month", 25);
  tenDays = await buildFolder("ten-days", 10);
}, 400_000);
afterAll(async () => {
  await Promise.all([browser?.close(), month?.site.close(), tenDays?.site.close()]);
  rmSync(dir, {recursive: true, force: true});
});

const text = (main: Element) => main.textContent ?? "";
const shot = (prefix: string, route: string) => `${prefix}-${route.replace(/\W+/g, "-").replace(/^-|-$/g, "") || "index"}`;

describe("the site on 25 days of transactions alone", () => {
  test("every page loads without errors, and every chart draws", async () => {
    const all = await discoverPages(month.out);
    const storePages = all.filter((route) => route.startsWith("/stores/"));
    // A page per store the sales name, "Store 3" too (its id is no path: a slug with a hash); S01's and Store 3's are visited.
    expect(storePages).toContain("/stores/S01");
    const store3 = storePages.filter((route) => /^\/stores\/Store-3-[0-9a-f]{8}$/.test(route));
    expect(store3).toHaveLength(1);
    const pages = [...all.filter((route) => !route.startsWith("/stores/")), "/stores/S01", store3[0]];
    const problems: string[] = [];
    for (const route of pages) {
      const report = await visitPage(browser.context, month.site.url, route, {screenshotName: shot("data-folder", route)});
      problems.push(...pageProblems(report).map((problem) => `${route}: ${problem}`));
    }
    expect(problems).toEqual([]);
  });

  test("the sales page links every store that has a page and no other", async () => {
    const pages = new Set(await discoverPages(month.out));
    const report = await visitPage(browser.context, month.site.url, "/sales", {
      screenshotName: "data-folder-sales-links",
      inspect: (page) => page.$$eval("a[href*='stores/']", (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname.replace(/\.html$/, "")))
    });
    expect(report.inspected.length).toBeGreaterThan(1);
    for (const path of report.inspected) expect(pages.has(path), path).toBe(true);
    expect(report.inspected.some((path: string) => path.startsWith("/stores/Store-3-"))).toBe(true);
  });

  test("a store whose id is no path has its page under a slug, titled with its id", async () => {
    const route = (await discoverPages(month.out)).find((path) => path.startsWith("/stores/Store-3-"))!;
    const report = await visitPage(browser.context, month.site.url, route, {screenshotName: "data-folder-store-slug", inspect: (page) => page.$eval("#observablehq-main h1", text)});
    expect(report.inspected).toBe("Store 3");
    expect(pageProblems(report)).toEqual([]);
    expect(report.charts.length).toBeGreaterThan(1);
  });

  test("the inventory page forecasts demand and says stock is not known", async () => {
    const report = await visitPage(browser.context, month.site.url, "/inventory", {screenshotName: "data-folder-inventory-unknown-stock", inspect: (page) => page.$eval("#observablehq-main", text)});
    expect(report.inspected).toMatch(/Stock on hand is not known/);
    expect(report.inspected).not.toMatch(/already out of stock|Every item is above its reorder point/);
    // The backtest ran: a verdict, and a forecast chart that draws.
    expect(report.inspected).toMatch(/The random forest (beats|does not beat)/);
    expect(pageProblems(report)).toEqual([]);
    expect(report.charts.length).toBeGreaterThan(1);
  });

  test("the alerts page says which alert kinds this data cannot give", async () => {
    const report = await visitPage(browser.context, month.site.url, "/alerts", {screenshotName: "data-folder-alerts", inspect: (page) => page.$eval("#observablehq-main", text)});
    expect(report.inspected).toMatch(/Not computed for this data: stock-out alerts: no --inventory/);
    expect(report.inspected).toMatch(/weak-store alerts: no --stores/);
  });
});

describe("the site on 10 days of transactions alone", () => {
  test("the inventory page says why there is no forecast, and every chart that is there draws", async () => {
    const report = await visitPage(browser.context, tenDays.site.url, "/inventory", {screenshotName: "data-folder-inventory-reason", inspect: (page) => page.$eval("#observablehq-main", text)});
    expect(report.inspected).toMatch(/No stock levels or forecast for this data/);
    expect(report.inspected).toMatch(/a 14-day backtest needs more than 21 days of sales, got 10/);
    // The forecast card says why it is empty (it read "No sales or forecast for null").
    expect(report.inspected).toMatch(/No product to forecast/);
    expect(report.inspected).not.toMatch(/\b(null|undefined|NaN)\b/);
    expect(report.inspected).not.toMatch(/1970/);
    expect(pageProblems(report)).toEqual([]);
  });

  test("the overview, sales and customers pages load clean", async () => {
    const problems: string[] = [];
    for (const route of ["/", "/live", "/sales", "/customers", "/alerts"]) {
      const report = await visitPage(browser.context, tenDays.site.url, route, {screenshotName: shot("data-folder-10d", route)});
      problems.push(...pageProblems(report).map((problem) => `${route}: ${problem}`));
    }
    expect(problems).toEqual([]);
  });
});
