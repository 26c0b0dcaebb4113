import {existsSync} from "node:fs";
import {readdir, readFile} from "node:fs/promises";
import {dirname, join, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {expect, test} from "vitest";
import {offlineModules, unshippedModules} from "../../scripts/npmModules.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const client = join(root, "node_modules", "@observablehq", "framework", "dist", "client");
const shipped = new Set(offlineModules.map((m) => m.name));
const listed = new Set([...shipped, ...unshippedModules]);

/** "npm:@scope/name/path" or a bare "name/path" to the package name. */
function packageName(specifier: string): string {
  const parts = specifier.replace(/^npm:/, "").split("/");
  const name = parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  return name.replace(/(.)@.*$/, "$1");
}

/** Import specifiers (static, dynamic, import.meta.resolve) in a JavaScript source. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const [, s] of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|import\.meta\.resolve\(\s*)["']([^"']+)["']/g)) found.push(s);
  return found;
}

/** Framework's client code every page gets (index.js), the preview client, and the stdlib parts our pages use. */
async function frameworkNpmImports(): Promise<Set<string>> {
  const entries = ["index.js", "preview.js", "stdlib.js", "stdlib/duckdb.js", "stdlib/inputs.js"].map((f) => join(client, f));
  const seen = new Set<string>();
  const npm = new Set<string>();
  for (let queue = [...entries]; queue.length; ) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const s of specifiers(await readFile(file, "utf-8"))) {
      if (s.startsWith("./") || s.startsWith("../")) queue.push(resolve(dirname(file), s));
      else if (s.startsWith("npm:")) npm.add(packageName(s));
    }
  }
  // Framework bundles @observablehq/inputs but leaves its own imports to npm: resolution (dist/rollup.js).
  for (const s of specifiers(await readFile(join(root, "node_modules", "@observablehq", "inputs", "dist", "index.js"), "utf-8"))) {
    if (!s.startsWith(".")) npm.add(packageName(s));
  }
  return npm;
}

test("every npm: module in Framework's client, stdlib and Inputs is shipped or pinned as unshipped", async () => {
  const imports = await frameworkNpmImports();
  // A sanity check that the walk found the libraries it should (it would find nothing if Framework moved files).
  expect([...imports]).toEqual(expect.arrayContaining(["d3", "@observablehq/plot", "apache-arrow", "@duckdb/duckdb-wasm", "htl", "isoformat", "d3-dsv", "lodash"]));
  expect([...imports].filter((name) => !listed.has(name) && !isFrameworkBuiltin(name))).toEqual([]);
});

/** Framework serves these itself (builtins in dist/resolvers.js), never from the npm cache. */
function isFrameworkBuiltin(name: string): boolean {
  return ["@observablehq/runtime", "@observablehq/stdlib", "@observablehq/dot", "@observablehq/duckdb", "@observablehq/inputs", "@observablehq/mermaid", "@observablehq/tex", "@observablehq/sqlite"].includes(name);
}

test("every npm: import written in our pages and components is a shipped module", async () => {
  const used = new Set<string>();
  const visit = async (dir: string) => {
    for (const entry of await readdir(dir, {withFileTypes: true})) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (/\.(md|js|ts|jsx|tsx)$/.test(entry.name)) for (const [, s] of (await readFile(path, "utf-8")).matchAll(/["']npm:([^"']+)["']/g)) used.add(packageName(s));
    }
  };
  await visit(join(root, "src"));
  expect(used.has("@observablehq/plot")).toBe(true);
  expect([...used].filter((name) => !shipped.has(name) && !isFrameworkBuiltin(name))).toEqual([]);
});

test("every shipped module is installed, with the files it lists", () => {
  for (const {name, files = []} of offlineModules) {
    const dir = join(root, "node_modules", ...name.split("/"));
    expect(existsSync(join(dir, "package.json")), name).toBe(true);
    for (const file of files) expect(existsSync(join(dir, file)), `${name}/${file}`).toBe(true);
  }
});

test("the DuckDB files we ship are the ones Framework downloads for npm:@observablehq/duckdb", async () => {
  // getImplicitDownloads is internal to Framework (dist/libraries.js); if it moves, this test says so.
  const {getImplicitDownloads} = await import(join(root, "node_modules", "@observablehq", "framework", "dist", "libraries.js"));
  const downloads: Set<string> = getImplicitDownloads(["npm:@observablehq/duckdb"], {platforms: {mvp: true, eh: true}, extensions: {}});
  const duckdb = offlineModules.find((m) => m.name === "@duckdb/duckdb-wasm")!;
  expect([...downloads].map((s) => s.replace(/^npm:@duckdb\/duckdb-wasm\//, "")).sort()).toEqual([...duckdb.files!].sort());
});

test("Framework 1.13 pins the DuckDB-WASM version we install", async () => {
  const {DUCKDB_WASM_VERSION} = await import(join(root, "node_modules", "@observablehq", "framework", "dist", "duckdb.js"));
  const installed = JSON.parse(await readFile(join(root, "node_modules", "@duckdb", "duckdb-wasm", "package.json"), "utf-8")).version;
  expect(installed).toBe(DUCKDB_WASM_VERSION);
});
