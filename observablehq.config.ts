// Observable Framework configuration. Everything the site loads comes from node_modules:
// see docs/offline-framework.md and scripts/framework.ts (always build and preview through npm run).
export default {
  root: "src",
  title: "Retail Pulse",
  // Our theme (Framework's default + air) plus self-hosted Source Serif 4; see src/style.css.
  style: "style.css",
  // The default is a Google Fonts stylesheet (defaultGlobalStylesheets in Framework's dist/config.js).
  globalStylesheets: [],
  // Framework would download the json and parquet extensions from extensions.duckdb.org at build time
  // (normalizeDuckDB in dist/config.js); null leaves them out. Our pages query Arrow, which needs neither.
  duckdb: {extensions: {json: null, parquet: null}},
  // The default footer links to observablehq.com; an air-gapped analyst cannot follow it.
  footer: "Retail Pulse: built offline with Observable Framework.",
  search: false
};
