// Observable Framework configuration. Everything the site loads comes from node_modules:
// see docs/offline-framework.md and scripts/framework.ts (always build and preview through npm run).
import {fileURLToPath} from "node:url";
import {siteStores} from "./loaders/site/siteStores.ts";

/**
 * One page per store (src/stores/[store].md). Pages link to them from charts, which Framework cannot
 * follow at build time, so we name them from the data the loaders read (data/ or PULSE_DATA_DIR):
 * its stores file, else the stores its transactions name (loaders/site/siteStores.ts).
 */
const storeList = await siteStores(process.env.PULSE_DATA_DIR ?? fileURLToPath(new URL("./data/", import.meta.url))).catch((error) => {
  // No usable data yet: the data loaders will say what is wrong.
  process.stderr.write(`store pages: none (${(error as Error).message})\n`);
  return [];
});

const icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M1 9h4l2-6 3 10 2-4h3" fill="none" stroke="#4269d0" stroke-width="2"/></svg>';

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

export default {
  root: "src",
  // PULSE_OUTPUT_DIR builds elsewhere than dist/ (test/browser/dataFolder.test.ts builds a second site from other data).
  output: process.env.PULSE_OUTPUT_DIR ?? "dist",
  title: "Retail Pulse",
  // Our theme (Framework's default, air for light, near-midnight for dark), self-hosted Source Serif 4
  // and the workbench's additions; see src/style.css.
  style: "style.css",
  // The default is a Google Fonts stylesheet (defaultGlobalStylesheets in Framework's dist/config.js).
  globalStylesheets: [],
  // Framework would download the json and parquet extensions from extensions.duckdb.org at build time
  // (normalizeDuckDB in dist/config.js); null leaves them out. Our pages query Arrow, which needs neither.
  duckdb: {extensions: {json: null, parquet: null}},
  // An inline icon: without one the browser asks the server for /favicon.ico and logs a 404.
  // PULSE_BRIDGE (e.g. 8787 or 127.0.0.1:8787) tells the live pages where the bridge is
  // (src/components/bridgeUrl.js); without it they show the snapshot built with the site.
  head: [
    // base64, because Framework re-encodes the percent signs of a URL-encoded data: URL.
    `<link rel="icon" href="data:image/svg+xml;base64,${Buffer.from(icon).toString("base64")}">`,
    process.env.PULSE_BRIDGE ? `<meta name="pulse-bridge" content="${escapeAttribute(process.env.PULSE_BRIDGE)}">` : ""
  ].join(""),
  // The default footer links to observablehq.com; an air-gapped analyst cannot follow it.
  footer: "Retail Pulse: built offline with Observable Framework.",
  // The sidebar in reading order (without this list Framework sorts pages by file name). A new page
  // is built either way; add it here to list it (docs/pages.md).
  pages: [
    {name: "Live overview", path: "/live"},
    {name: "Sales", path: "/sales"},
    {name: "Stores", open: false, pages: storeList.map((s) => ({name: s.name, path: `/stores/${s.slug}`}))},
    {name: "Refunds", path: "/refunds"},
    {name: "Customers", path: "/customers"},
    {name: "Baskets", path: "/baskets"},
    {name: "Inventory", path: "/inventory"},
    {name: "Alerts", path: "/alerts"},
    {name: "SQL explorer", path: "/sql"},
    {name: "Hardware", path: "/hardware"}
  ],
  dynamicPaths: storeList.map((s) => `/stores/${s.slug}`),
  search: false
};
