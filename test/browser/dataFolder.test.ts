import {execFile} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {generate} from "../stream-bridge/batch/oracle.ts";
import {discoverPages, launchBrowser, pageProblems, projectRoot, serveStatic, visitPage, type Browser, type Site} from "./harness.ts";

// The whole site built from another data folder (PULSE_DATA_DIR) that holds only a 10-day
// transactions file under other column names: every page must load clean, with charts that draw,
// store pages for the stores the sales name, and the forecast's reason where 10 days are too few.

const dir = mkdtempSync(join(tmpdir(), "pulse-data-folder-site-"));
const data = join(dir, "data");
const out = join(dir, "site");
let browser: Browser;
let site: Site;

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

beforeAll(async () => {
  const source = join(dir, "source");
  generate(source, "--transactions", "4000", "--days", "10");
  mkdirSync(data);
  const names: Record<string, string> = {transaction_id: "Receipt", timestamp: "Sold At", store_id: "Shop", product_id: "SKU", customer_id: "Customer", quantity: "Qty", unit_price: "Price", payment_method: "Payment"};
  const [header, ...rest] = readFileSync(join(source, "transactions.csv"), "utf8").split("\n");
  writeFileSync(join(data, "transactions.csv"), [header.split(",").map((name) => names[name] ?? name).join(","), ...rest].join("\n"));
  // The build's loader outputs go to Framework's cache in src/: the sample data's are set aside
  // meanwhile and put back, so a preview started later does not re-run every loader.
  await withLoaderCacheAside(() =>
    promisify(execFile)(process.execPath, ["--import", "tsx", join(projectRoot, "scripts", "framework.ts"), "build"], {
      cwd: projectRoot,
      env: {...process.env, PULSE_DATA_DIR: data, PULSE_OUTPUT_DIR: out, BRIDGE_URL: "off"},
      maxBuffer: 64 << 20
    })
  );
  [browser, site] = await Promise.all([launchBrowser(), serveStatic(out)]);
}, 300_000);
afterAll(async () => {
  await Promise.all([browser?.close(), site?.close()]);
  rmSync(dir, {recursive: true, force: true});
});

describe("the site on a folder with a transactions file alone", () => {
  test("every page loads without errors, and every chart draws", async () => {
    const all = await discoverPages(out);
    // The stores the sales name get pages, as with a stores file (two are visited: they are alike).
    const storePages = all.filter((route) => route.startsWith("/stores/"));
    expect(storePages.length).toBeGreaterThan(1);
    const pages = [...all.filter((route) => !route.startsWith("/stores/")), ...storePages.slice(0, 2)];
    const problems: string[] = [];
    for (const route of pages) {
      const report = await visitPage(browser.context, site.url, route, {screenshotName: `data-folder-${route.replace(/\W+/g, "-").replace(/^-|-$/g, "") || "index"}`});
      problems.push(...pageProblems(report).map((problem) => `${route}: ${problem}`));
    }
    expect(problems).toEqual([]);
  });

  test("the inventory page says why there is no forecast", async () => {
    const report = await visitPage(browser.context, site.url, "/inventory", {
      screenshotName: "data-folder-inventory-reason",
      inspect: (page) => page.$eval("#observablehq-main", (main) => main.textContent ?? "")
    });
    expect(report.inspected).toMatch(/No stock levels or forecast for this data/);
    expect(report.inspected).toMatch(/a 14-day backtest needs more than 21 days of sales, got 10/);
  });
});
