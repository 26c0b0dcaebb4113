import {readdir, readFile} from "node:fs/promises";
import {join} from "node:path";
import {tableFromIPC} from "apache-arrow";
import {afterAll, beforeAll, expect, test} from "vitest";
import {distDir, launchBrowser, pageProblems, serveStatic, visitPage, type Browser, type Site} from "./harness.ts";

// The oracle is the Arrow file the build shipped, read here with apache-arrow in Node: the page's
// DuckDB-WASM query and Plot charts must agree with it, whatever sample data built the site.
const arrowDir = join(distDir, "_file", "data");
const arrowFile = (await readdir(arrowDir)).find((name) => /^landing-daily\.[0-9a-f]+\.arrow$/.test(name));
if (!arrowFile) throw new Error(`no landing-daily.*.arrow in ${arrowDir}: run npm run build first`);
const table = tableFromIPC(await readFile(join(arrowDir, arrowFile)));
const expected = new Map<string, {revenue: number; lines: number; units: number}>();
for (const row of table) {
  const group = expected.get(row.region) ?? {revenue: 0, lines: 0, units: 0};
  group.revenue += row.revenue;
  group.lines += row.lines;
  group.units += row.units;
  expected.set(row.region, group);
}

let browser: Browser;
let site: Site;
beforeAll(async () => {
  [browser, site] = await Promise.all([launchBrowser(), serveStatic(distDir)]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), site?.close()]);
});

test("the landing page queries its Arrow file with DuckDB-WASM and draws one bar per region, as long as SUM(units)", async () => {
  const report = await visitPage(browser.context, site.url, "/", {
    screenshotName: "index--landing",
    inspect: (page) =>
      page.evaluate(() => {
        const card = Array.from(document.querySelectorAll(".card")).find((c) => c.querySelector("h2")?.textContent === "Units sold by region");
        return {
          bars: Array.from(card?.querySelectorAll('g[aria-label="bar"] rect') ?? [], (rect) => Number(rect.getAttribute("width"))),
          barLabels: Array.from(card?.querySelectorAll('g[aria-label="text"] text') ?? [], (t) => t.textContent),
          tableRows: Array.from(document.querySelectorAll("table tbody tr"), (tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent ?? "").filter((text) => text !== "")),
          kpis: Array.from(document.querySelectorAll(".card .big"), (e) => e.textContent)
        };
      })
  });
  expect(pageProblems(report)).toEqual([]);
  const {bars, barLabels, tableRows, kpis} = report.inspected;
  expect(expected.size).toBeGreaterThan(0);
  // One bar per region, as long as its units (a HUGEINT from SUM unless cast, which Plot cannot draw).
  expect(bars.length).toBe(expected.size);
  const units = [...expected.values()].map((g) => g.units).sort((a, b) => b - a);
  const widths = [...bars].sort((a, b) => b - a);
  for (let i = 0; i < units.length; ++i) expect(widths[i] / widths[0]).toBeCloseTo(units[i] / units[0], 3);
  expect([...barLabels].sort()).toEqual(units.map((u) => `${u.toLocaleString("en-US")} units`).sort());
  // Inputs.table of the same query: region, revenue (in pounds, 2 decimals), lines, units; sorted by revenue.
  const byRevenue = [...expected].sort((a, b) => b[1].revenue - a[1].revenue);
  const pounds = (x: number, digits: number) => new Intl.NumberFormat("en-GB", {style: "currency", currency: "GBP", minimumFractionDigits: digits, maximumFractionDigits: digits}).format(x);
  expect(tableRows.map((cells) => cells.slice(0, 3))).toEqual(byRevenue.map(([region, g]) => [region, pounds(g.revenue, 2), g.lines.toLocaleString("en-US")]));
  const total = [...expected.values()].reduce((sum, g) => sum + g.revenue, 0);
  expect(kpis[0]).toBe(pounds(total, 0));
});

test("DuckDB-WASM loads its wasm from the site itself and downloads no extension", async () => {
  const report = await visitPage(browser.context, site.url, "/", {screenshotName: "index--duckdb"});
  const origin = new URL(site.url).origin;
  const wasm = report.requests.filter((url) => /\/duckdb-(eh|mvp)\.wasm$/.test(url));
  // Seeing the wasm (fetched inside DuckDB's worker) shows worker requests are recorded too.
  expect(wasm.length).toBeGreaterThan(0);
  expect(wasm.every((url) => url.startsWith(origin + "/_npm/@duckdb/duckdb-wasm@"))).toBe(true);
  expect(report.requests.filter((url) => /duckdb_extension|\/_duckdb\//.test(url))).toEqual([]);
  expect(report.offOrigin).toEqual([]);
});

test("the serif is Source Serif 4 from the site's own stylesheet, not Google Fonts", async () => {
  const report = await visitPage(browser.context, site.url, "/", {
    screenshotName: "index--fonts",
    inspect: (page) =>
      page.evaluate(async () => {
        await document.fonts.ready;
        const faces: FontFace[] = [];
        document.fonts.forEach((face) => faces.push(face));
        return {
          loaded: faces
            .filter((f) => f.family.replace(/["']/g, "") === "Source Serif 4" && f.status === "loaded")
            .map((f) => `${f.weight} ${f.style}`),
          bodyFont: getComputedStyle(document.body).fontFamily
        };
      })
  });
  expect(report.inspected.bodyFont).toMatch(/^"Source Serif 4"/);
  expect(report.inspected.loaded).toContain("400 normal");
  expect(report.requests.filter((url) => /fonts\.(googleapis|gstatic)\.com/.test(url))).toEqual([]);
});
