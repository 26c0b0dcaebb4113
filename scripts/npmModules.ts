/**
 * The npm modules our site may use, all served from node_modules (see docs/offline-framework.md).
 *
 * Observable Framework normally downloads every `npm:` import from cdn.jsdelivr.net. We fill its
 * cache instead (scripts/npmCache.ts), so this list is the whole of what a page can import.
 * A page that imports anything else fails the build with the module's name (scripts/noNetwork.ts).
 * test/scripts/npmModules.test.ts checks this list against Framework's client stdlib and our pages.
 */
export interface OfflineModule {
  /** Package name, resolved from node_modules; its installed version names the cache folder. */
  name: string;
  /** Why we ship it (who imports it). */
  reason: string;
  /** Files copied verbatim from the package folder (wasm, worker scripts), as Framework requests them. */
  files?: readonly string[];
}

export const offlineModules: readonly OfflineModule[] = [
  {name: "d3", reason: "npm:d3 and the d3 global; Plot imports it"},
  {name: "d3-dsv", reason: "FileAttachment.csv()/.tsv() (client/stdlib/fileAttachment.js); d3 re-exports it"},
  {name: "@observablehq/plot", reason: "npm:@observablehq/plot and the Plot global"},
  {name: "htl", reason: "html/svg globals; Inputs imports it (Framework bundles Inputs itself)"},
  {name: "isoformat", reason: "Inputs and Plot format dates with it"},
  {name: "apache-arrow", reason: "FileAttachment.arrow() and the Arrow global; DuckDB-WASM imports the same build"},
  {
    name: "@duckdb/duckdb-wasm",
    reason: "sql front matter, DuckDBClient and the duckdb global (client/stdlib/duckdb.js)",
    // Framework's getImplicitDownloads (dist/libraries.js) names these four for npm:@observablehq/duckdb.
    files: ["dist/duckdb-mvp.wasm", "dist/duckdb-eh.wasm", "dist/duckdb-browser-mvp.worker.js", "dist/duckdb-browser-eh.worker.js"]
  }
];

/**
 * Modules that Framework's client stdlib names (recommended libraries, FileAttachment formats,
 * sample datasets) but we do not ship. Framework resolves a version for each of them while it bundles
 * its stdlib, even when no page uses them, so we pin each to a placeholder version folder: Framework
 * never asks the registry, and a page that really imports one fails the build naming it.
 */
export const unshippedModules: readonly string[] = [
  "lodash",
  "arquero",
  "echarts",
  "leaflet",
  "mapbox-gl",
  "react",
  "react-dom",
  "topojson-client",
  "parquet-wasm",
  "@observablehq/sample-datasets"
];

/** The version folder for unshipped modules; never a real release. */
export const UNSHIPPED_VERSION = "0.0.0-not-shipped-offline";
