import {readdir, readFile} from "node:fs/promises";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {distDir, launchBrowser, pageProblems, projectRoot, serveStatic, visitPage, type Browser, type Site} from "../harness.ts";

// The DuckDB pages draw their first charts from the Arrow files in plain JavaScript
// (salesSnapshot.js, filterRuleRows, the SQL explorer's first example) and answer every other filter
// with DuckDB-WASM SQL (salesQueries.js, filterRules). Both paths must give the same rows in the same
// order, or the page would change its numbers the moment a filter is touched. This runs the built
// modules of dist/ side by side in Chromium, on the built Arrow files, with the DuckDB the pages use.

/** In the page: import() of a built module (defined in beforeAll). */
declare function load(url: string): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let browser: Browser;
let site: Site;
let page: Page;

/** URL path of a built file: "_import/components/salesSnapshot.js" → "/_import/components/salesSnapshot.0b50c6fd.js". */
async function built(path: string): Promise<string> {
  const dir = join(distDir, path, "..");
  const [stem, ext] = path.split("/").pop()!.split(/\.(?=[^.]+$)/);
  const file = (await readdir(dir)).find((name) => name.startsWith(`${stem}.`) && new RegExp(`^${stem}\\.[0-9a-f]{8}\\.${ext}$`).test(name));
  if (!file) throw new Error(`no built ${path} in ${dir}: run npm run build first`);
  return `/${path.split("/").slice(0, -1).join("/")}/${file}`;
}

let modules: Record<string, string>;
let files: Record<string, string>;

beforeAll(async () => {
  [browser, site] = await Promise.all([launchBrowser(), serveStatic(distDir)]);
  page = await browser.context.newPage();
  // Any same-origin document will do (the server's 404 page loads no DuckDB of its own).
  await page.goto(new URL("_agreement", site.url).href);
  // A string, so vitest's transform leaves this import() alone (it would rewrite one in a function).
  await page.evaluate("window.load = (url) => import(url)");
  modules = Object.fromEntries(
    await Promise.all(
      ["salesSnapshot", "salesQueries", "salesFilters", "basketQueries", "namedRules", "liveView", "sqlExamples", "resultRows", "loadTables"].map(async (name) => [name, await built(`_import/components/${name}.js`)])
    )
  );
  modules.duckdb = await built("_observablehq/stdlib/duckdb.js");
  files = Object.fromEntries(
    await Promise.all(
      ["sales_daily", "transactions_hourly", "products_daily", "refunds_daily", "stores", "products", "totals"]
        .map((name) => [name, `_file/data/aggregates/${name}.arrow`])
        .concat([["rules", "_file/data/baskets/rules.arrow"]])
        .map(async ([name, path]) => [name, await built(path)])
    )
  );
  await page.evaluate(`window.shared = (${setUp})(${JSON.stringify({modules, files})}); window.shared.then(() => true)`);
});
/**
 * Run once in the page (DuckDB-WASM takes seconds to start): the Arrow tables as the pages load them
 * (loadTables), and one DuckDB client holding them as the pages attach them (FileAttachment-like
 * objects, which Framework's client inserts with insertArrowFromIPCStream) plus the baskets page's
 * `rules` table (namedRules rows, inserted from the array as that page does).
 */
async function setUp({modules, files}: {modules: Record<string, string>; files: Record<string, string>}) {
  const [{loadTables}, {DuckDBClient}, {namedRules}, {arrowRows}] = await Promise.all([modules.loadTables, modules.duckdb, modules.namedRules, modules.liveView].map((url) => load(url)));
  // What Framework's FileAttachment offers (duck-typed, as Framework checks it).
  const attachment = (name: string) => ({
    name: `${name}.arrow`,
    mimeType: "application/vnd.apache.arrow.file",
    url: async () => files[name],
    arrayBuffer: () => fetch(files[name]).then((r) => r.arrayBuffer())
  });
  const arrowNames = ["sales_daily", "transactions_hourly", "products_daily", "refunds_daily", "stores", "products", "totals"];
  const tables = await loadTables(Object.fromEntries([...arrowNames, "rules"].map((n) => [n, attachment(n)])));
  const names = new Map(arrowRows(tables.products).map((p: {product: string; name: string}) => [p.product, p.name]));
  const rules = namedRules(arrowRows(tables.rules), names);
  const db = await DuckDBClient.of({...Object.fromEntries(arrowNames.map((n) => [n, attachment(n)])), rules});
  const plain = (x: unknown): unknown =>
    x instanceof Date ? {date: x.toISOString()} : Array.isArray(x) ? x.map(plain) : x && typeof x === "object" ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)])) : x;
  return {tables, rules, db, plain};
}

/** In the page: what setUp() made. */
declare const shared: ReturnType<typeof setUp>;

afterAll(async () => {
  await page?.close();
  await Promise.all([browser?.close(), site?.close()]);
});

/** Values as JSON can carry them, Dates tagged so a Date never equals a number. */
type Plain = null | boolean | number | string | {date: string} | Plain[] | {[key: string]: Plain};

/** Where two answers differ: numbers within 1e-9 relative (float sums in another order), all else exactly, key order included. */
function differences(a: Plain, b: Plain, path = ""): string[] {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) ? [] : [`${path}: ${a} ≠ ${b}`];
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${path}: ${a.length} rows ≠ ${b.length} rows`];
    return a.flatMap((x, i) => differences(x, b[i], `${path}[${i}]`)).slice(0, 10);
  }
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const [ka, kb] = [Object.keys(a), Object.keys(b)];
    if (ka.join() !== kb.join()) return [`${path}: keys ${ka.join()} ≠ ${kb.join()}`];
    return ka.flatMap((k) => differences((a as Record<string, Plain>)[k], (b as Record<string, Plain>)[k], `${path}.${k}`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}

interface Case {
  call: string;
  args: unknown[];
}

/** Runs every case in the page through salesSnapshot.js (Arrow tables) and salesQueries.js (DuckDB). */
function runSales(cases: Case[], filters: Record<string, Record<string, string>>) {
  return page.evaluate(
    async ({modules, cases, filters}) => {
      const [snapshot, q, {salesFilters, filterValues}] = await Promise.all([modules.salesSnapshot, modules.salesQueries, modules.salesFilters].map((url) => load(url)));
      const {tables, db, plain} = await shared;
      const context = await snapshot.salesContext(tables);
      // The filter bar's own initial value, as the pages read it.
      const initial = filterValues(salesFilters(context).value);
      const resolved: Record<string, Record<string, string>> = {initial, ...Object.fromEntries(Object.entries(filters).map(([k, f]) => [k, {...initial, ...f}]))};
      const out = [];
      for (const {call, args} of cases) {
        const real = args.map((a) => (typeof a === "string" && a.startsWith("filters:") ? resolved[a.slice(8)] : a));
        out.push({call, args: real, snapshot: plain(await snapshot[call](tables, ...real)), duckdb: plain(await q[call](db, ...real))});
      }
      return {
        out,
        initial,
        initialIsInitial: snapshot.initialFilters(initial, context),
        storeInitialIsInitial: snapshot.initialFilters(filterValues(salesFilters({...context, store: false, region: false}).value, {store: "S01"}), context, {store: "S01"}),
        narrowedIsInitial: snapshot.initialFilters(resolved.narrow, context)
      };
    },
    {modules, cases, filters}
  );
}

describe("salesSnapshot.js answers as salesQueries.js does in DuckDB", () => {
  const filters = {
    store: {store: "S01"},
    // Narrowed on every axis at once (a region, a category, a week less at each end).
    narrow: {region: "London", category: "Grocery", from: "FROM+7", to: "TO-7"},
    storeCategory: {store: "S03", category: "Grocery"}
  };
  const all = ["initial", "store", "narrow", "storeCategory"].map((f) => `filters:${f}`);
  const cases: Case[] = [
    {call: "salesContext", args: []},
    ...all.flatMap((f) => [
      {call: "revenueByStore", args: [f]},
      {call: "revenueBy", args: [f, "category"]},
      {call: "revenueBy", args: [f, "payment"]},
      {call: "topProducts", args: [f]},
      {call: "topProducts", args: [f, 10]},
      {call: "revenueByPeriod", args: [f, "week"]},
      {call: "revenueByPeriod", args: [f, "month"]},
      {call: "cumulativeRevenue", args: [f]},
      {call: "transactionVolume", args: [f]},
      {call: "salesSummary", args: [f]},
      {call: "refundsByReason", args: [f]},
      {call: "refundRates", args: [f, "product", 20]},
      {call: "refundRates", args: [f, "store", 20]},
      {call: "refundRates", args: [f, "store", 1]},
      {call: "refundRates", args: [f, "product", 10]},
      {call: "grossVsNet", args: [f]},
      {call: "dailyRevenueByStore", args: [f]}
    ])
  ];

  test("for the pages' initial filters, a store's, and filters narrowed on every axis: same rows, same order", async () => {
    // The narrowed dates are relative to the data's span, known only in the page.
    const span = await page.evaluate(async ({modules}) => {
      const snapshot = await load(modules.salesSnapshot);
      const {first, last} = snapshot.salesContext((await shared).tables);
      const day = (t: number, days: number) => new Date(+t + days * 86_400_000).toISOString().slice(0, 10);
      return {from: day(first, 7), to: day(last, -7)};
    }, {modules});
    const resolved = {...filters, narrow: {...filters.narrow, ...span}};
    const {out, initial, initialIsInitial, storeInitialIsInitial, narrowedIsInitial} = await runSales(cases, resolved);

    // The pages really take the snapshot path at first, and only then.
    expect(initialIsInitial).toBe(true);
    expect(storeInitialIsInitial).toBe(true);
    expect(narrowedIsInitial).toBe(false);
    expect(initial.from < span.from && span.to < initial.to).toBe(true);

    for (const {call, args, snapshot, duckdb} of out) expect(differences(snapshot as Plain, duckdb as Plain), `${call}(${JSON.stringify(args)})`).toEqual([]);

    // Not vacuous: the initial view has every store, days of sales, refunds; the narrowed one less.
    const byStoreInitial = out.find((o) => o.call === "revenueByStore" && JSON.stringify(o.args[0]) === JSON.stringify(initial))!.duckdb as {store: string}[];
    const context = out.find((o) => o.call === "salesContext")!.duckdb as {stores: unknown[]};
    expect(byStoreInitial.length).toBe(context.stores.length);
    expect(context.stores.length).toBeGreaterThan(1);
    for (const call of ["cumulativeRevenue", "transactionVolume", "refundsByReason", "grossVsNet", "dailyRevenueByStore"]) {
      const rows = out.filter((o) => o.call === call).map((o) => (o.duckdb as unknown[]).length);
      expect(Math.min(...rows), call).toBeGreaterThan(0);
    }
    const narrowRows = out.find((o) => o.call === "revenueByStore" && (o.args[0] as {region: string}).region === "London")!.duckdb as unknown[];
    expect(narrowRows.length).toBeGreaterThan(0);
    expect(narrowRows.length).toBeLessThan(byStoreInitial.length);
  });
});

describe("filterRuleRows() answers as filterRules() does in DuckDB", () => {
  test("for the baskets page's initial thresholds, other thresholds and product searches with wildcards", async () => {
    const thresholds = [
      {minSupport: 0.002, minConfidence: 0.2, minLift: 1.5, search: ""},
      {minSupport: 0.001, minConfidence: 0.05, minLift: 1, search: ""},
      {minSupport: 0.003, minConfidence: 0.5, minLift: 3, search: ""},
      // Upper case, from a product in some rule (chosen in the page), against names in mixed case.
      {minSupport: 0.001, minConfidence: 0.05, minLift: 1, search: "$PRODUCT"},
      {minSupport: 0.001, minConfidence: 0.05, minLift: 1, search: "b_r%a"},
      {minSupport: 0.001, minConfidence: 0.05, minLift: 1, search: "no such product"}
    ];
    const out = await page.evaluate(
      async ({modules, thresholds}) => {
        const {filterRuleRows, filterRules} = await load(modules.basketQueries);
        const {rules, db} = await shared;
        const results = [];
        const product = rules[0].then_buy.split(" ")[0].toUpperCase();
        for (const t of thresholds) {
          const f = {...t, search: t.search.replace("$PRODUCT", product)};
          results.push({f, snapshot: filterRuleRows(rules, f), duckdb: await filterRules(db, f)});
        }
        return {results, total: rules.length};
      },
      {modules, thresholds}
    );
    for (const {f, snapshot, duckdb} of out.results) expect(differences(snapshot as Plain, duckdb as Plain), JSON.stringify(f)).toEqual([]);
    const counts = out.results.map((r) => (r.duckdb as unknown[]).length);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBeGreaterThan(counts[0]);
    expect(counts[1]).toBeLessThanOrEqual(out.total);
    expect(counts[2]).toBeLessThan(counts[0]);
    expect(counts[3]).toBeGreaterThan(0);
    expect(counts[3]).toBeLessThan(out.total);
    expect(counts[5]).toBe(0);
  });
});

describe("the SQL explorer's first example without DuckDB", () => {
  test("its snapshot result equals resultRows() of DuckDB running the example's SQL", async () => {
    const out = await page.evaluate(
      async ({modules}) => {
        const [{sqlExamples}, {resultRows}] = await Promise.all([modules.sqlExamples, modules.resultRows].map((url) => load(url)));
        const {tables, db, plain} = await shared;
        const examples = sqlExamples.filter((e: {snapshot?: unknown}) => e.snapshot);
        const results = [];
        for (const e of examples) results.push({label: e.label, snapshot: plain(e.snapshot(tables)), duckdb: plain(resultRows(await db.query(e.sql)))});
        return results;
      },
      {modules}
    );
    expect(out.map((r) => r.label)).toContain("Revenue by store");
    for (const {label, snapshot, duckdb} of out) {
      expect(differences(snapshot as Plain, duckdb as Plain), label).toEqual([]);
      expect((duckdb as {rows: unknown[]}).rows.length).toBeGreaterThan(1);
    }
  });
});

describe("on the built pages, the first view comes from the snapshot and every change goes through DuckDB", () => {
  const duckdbRequested = (requests: string[]) => requests.some((url) => /duckdb-eh\.wasm|duckdb-mvp\.wasm/.test(url));

  test("/sales: choosing a region redraws the store chart with that region's stores only", async () => {
    const storesCsv = await readFile(join(projectRoot, process.env.PULSE_DATA_DIR ?? "data", "store_locations.csv"), "utf-8");
    const london = storesCsv.trim().split("\n").slice(1).filter((line) => line.split(",")[3] === "London").length;
    const report = await visitPage(browser.context, site.url, "/sales", {
      screenshotName: "pages-sales-region",
      inspect: async (page) => {
        const bars = () => page.evaluate(() => document.querySelector("#observablehq-main .card svg g[aria-label='bar']")?.childElementCount ?? 0);
        const before = await bars();
        await page.locator("form", {hasText: "Region"}).locator("select").selectOption("London");
        await page.waitForFunction((n) => document.querySelector("#observablehq-main .card svg g[aria-label='bar']")?.childElementCount === n, london, {timeout: 30_000});
        await page.waitForFunction(() => document.querySelector("observablehq-loading") === null, null, {timeout: 30_000});
        return {before, after: await bars()};
      }
    });
    expect(pageProblems(report)).toEqual([]);
    expect(london).toBeGreaterThan(0);
    expect(report.inspected.before).toBeGreaterThan(london);
    expect(report.inspected.after).toBe(london);
    expect(duckdbRequested(report.requests)).toBe(true);
  });

  test("/baskets: raising the minimum lift filters the rules in DuckDB", async () => {
    const report = await visitPage(browser.context, site.url, "/baskets", {
      screenshotName: "pages-baskets-lift",
      inspect: async (page) => {
        const heading = () => page.evaluate(() => Array.from(document.querySelectorAll("#observablehq-main .card h2"), (h) => h.textContent ?? "").find((t) => /^[\d,]+ rules?$/.test(t)) ?? "");
        const before = await heading();
        await page.locator("form", {hasText: "Min lift"}).locator("input[type=number]").fill("40");
        await page.waitForFunction((text) => Array.from(document.querySelectorAll("#observablehq-main .card h2"), (h) => h.textContent).some((t) => /^[\d,]+ rules?$/.test(t ?? "") && t !== text), before, {timeout: 30_000});
        return {before, after: await heading()};
      }
    });
    expect(pageProblems(report)).toEqual([]);
    const count = (text: string) => Number(text.replace(/[^0-9]/g, ""));
    expect(count(report.inspected.after)).toBeGreaterThan(0);
    expect(count(report.inspected.after)).toBeLessThan(count(report.inspected.before));
    expect(duckdbRequested(report.requests)).toBe(true);
  });

  test("/sql: the snapshot result is replaced by DuckDB's answer, and an example runs in DuckDB", async () => {
    const report = await visitPage(browser.context, site.url, "/sql", {
      screenshotName: "pages-sql-example",
      inspect: async (page) => {
        const status = () => page.evaluate(() => document.querySelector(".pulse-sql-status")?.textContent ?? "");
        await page.waitForFunction(() => /^\d+ rows? in \d+ ms$/.test(document.querySelector(".pulse-sql-status")?.textContent ?? ""), null, {timeout: 30_000});
        const first = await status();
        await page.getByRole("button", {name: "Daily revenue by region"}).click();
        await page.waitForFunction((before) => {
          const text = document.querySelector(".pulse-sql-status")?.textContent ?? "";
          return text !== before && /^\d+ rows? in \d+ ms$/.test(text);
        }, first, {timeout: 30_000});
        const lines = await page.evaluate(() => document.querySelectorAll(".pulse-sql-chart svg g[aria-label='line'] path").length);
        return {first, second: await status(), lines};
      }
    });
    const storesCsv = await readFile(join(projectRoot, process.env.PULSE_DATA_DIR ?? "data", "store_locations.csv"), "utf-8");
    const stores = storesCsv.trim().split("\n").length - 1;
    expect(pageProblems(report)).toEqual([]);
    // "Revenue by store" first (one row per store), then the daily series, charted as lines.
    expect(report.inspected.first).toBe(`${stores} rows in ${report.inspected.first.match(/in (\d+) ms/)?.[1]} ms`);
    expect(report.inspected.second).toMatch(/^\d+ rows in \d+ ms$/);
    expect(report.inspected.lines).toBeGreaterThan(1);
  });
});
