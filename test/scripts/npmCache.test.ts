import {existsSync} from "node:fs";
import {mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {dirname, join, resolve} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {toArrow} from "../../loaders/io/arrow.ts";
import {FONT_FACES, FONT_STYLESHEET} from "../../scripts/fontStylesheet.ts";
import {cacheDir, fillNpmCache, relativeImport, type FillResult} from "../../scripts/npmCache.ts";
import {offlineModules, unshippedModules, UNSHIPPED_VERSION} from "../../scripts/npmModules.ts";

const project = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const installed = (name: string) => import(pathToFileURL(join(project, "node_modules", ...name.split("/"), "package.json")).href, {with: {type: "json"}}).then((m) => m.default.version as string);
const frameworkNpm = join(project, "node_modules", "@observablehq", "framework", "dist", "npm.js");

let root: string;
let npm: string;
let first: FillResult;
beforeAll(async () => {
  root = join(await mkdtemp(join(tmpdir(), "pulse-npm-cache-")), "src");
  npm = join(cacheDir(root), "_npm");
  first = await fillNpmCache(root, {log: () => {}});
});
afterAll(async () => {
  if (root) await rm(dirname(root), {recursive: true, force: true});
});

describe("fillNpmCache(root)", () => {
  test("writes each shipped module to _npm/<name>@<installed version>/_esm.js, with its files", async () => {
    expect(first.skipped).toBe(false);
    for (const {name, files = []} of offlineModules) {
      const folder = join(npm, `${name}@${await installed(name)}`);
      expect(existsSync(join(folder, "_esm.js")), name).toBe(true);
      for (const file of files) expect((await stat(join(folder, file))).size).toBe((await stat(join(project, "node_modules", ...name.split("/"), file))).size);
    }
  });

  test("bundles are self-contained: every import is a relative path to another bundle in the cache", async () => {
    for (const {name} of offlineModules) {
      const file = join(npm, `${name}@${await installed(name)}`, "_esm.js");
      const source = await readFile(file, "utf-8");
      for (const [, specifier] of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["']([^"']+)["']/g)) {
        expect(specifier, `${name} imports ${specifier}`).toMatch(/^\.\.?\//);
        expect(existsSync(resolve(dirname(file), specifier)), `${name} imports ${specifier}`).toBe(true);
      }
    }
  });

  test("DuckDB-WASM imports the shipped Apache Arrow instead of a copy of its own", async () => {
    const duckdb = join(npm, "@duckdb", `duckdb-wasm@${await installed("@duckdb/duckdb-wasm")}`, "_esm.js");
    const arrow = join(npm, `apache-arrow@${await installed("apache-arrow")}`, "_esm.js");
    const source = await readFile(duckdb, "utf-8");
    expect(source).toContain(`from"${relativeImport(`/_npm/@duckdb/duckdb-wasm@x/_esm.js`, `/_npm/apache-arrow@${await installed("apache-arrow")}/_esm.js`)}"`);
    // Arrow minified is ~200 kB; DuckDB's own browser module ~30 kB. A copy of Arrow inside would show.
    expect((await stat(duckdb)).size).toBeLessThan((await stat(arrow)).size / 2);
  });

  test("the browser bundles run: Arrow reads what loaders/io/arrow.ts writes, Plot and d3 load through their relative imports", async () => {
    const arrow = await import(pathToFileURL(join(npm, `apache-arrow@${await installed("apache-arrow")}`, "_esm.js")).href);
    const bytes = toArrow({region: {type: "utf8", values: ["North", "South"]}, revenue: {type: "float64", values: [1.5, 2.25]}}, {source: "test", asOf: null});
    const table = arrow.tableFromIPC(bytes);
    expect(table.numRows).toBe(2);
    expect(table.getChild("revenue").toArray()).toEqual(new Float64Array([1.5, 2.25]));
    const d3 = await import(pathToFileURL(join(npm, `d3@${await installed("d3")}`, "_esm.js")).href);
    expect(d3.csvParse("a,b\n1,2")).toEqual(Object.assign([{a: "1", b: "2"}], {columns: ["a", "b"]}));
    const Plot = await import(pathToFileURL(join(npm, "@observablehq", `plot@${await installed("@observablehq/plot")}`, "_esm.js")).href);
    expect(typeof Plot.plot).toBe("function");
    expect(typeof Plot.barX).toBe("function");
  });

  test("pins every unshipped module to an empty placeholder folder", async () => {
    for (const name of unshippedModules) expect(await readdir(join(npm, `${name}@${UNSHIPPED_VERSION}`))).toEqual([]);
  });

  test("Framework's own resolver finds our folders and never fetches (resolveNpmImport, populateNpmCache)", async () => {
    const realFetch = globalThis.fetch;
    const fetched: string[] = [];
    globalThis.fetch = (async (input: string | URL | Request) => {
      fetched.push(String(input));
      throw new Error("no network in this test");
    }) as typeof fetch;
    try {
      const {resolveNpmImport, populateNpmCache} = await import(frameworkNpm);
      const d3 = await resolveNpmImport(root, "d3");
      expect(d3).toBe(`/_npm/d3@${await installed("d3")}/_esm.js`);
      expect(await populateNpmCache(root, d3)).toBe(join(cacheDir(root), d3));
      expect(await resolveNpmImport(root, "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm")).toBe(`/_npm/@duckdb/duckdb-wasm@${await installed("@duckdb/duckdb-wasm")}/dist/duckdb-eh.wasm`);
      expect(await resolveNpmImport(root, "lodash")).toBe(`/_npm/lodash@${UNSHIPPED_VERSION}/_esm.js`);
      expect(fetched).toEqual([]);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  test("writes the Source Serif 4 stylesheet with each face as an inline woff2", async () => {
    const css = await readFile(join(cacheDir(root), FONT_STYLESHEET), "utf-8");
    const faces = [...css.matchAll(/@font-face\s*\{([^}]*)\}/g)].map(([, body]) => body);
    expect(faces.length).toBe(FONT_FACES.length);
    for (const {weight, style} of FONT_FACES) {
      const body = faces.find((f) => f.includes(`font-weight: ${weight};`) && f.includes(`font-style: ${style};`));
      expect(body, `${weight} ${style}`).toBeDefined();
      const [, data] = /url\(data:font\/woff2;base64,([A-Za-z0-9+/=]+)\)/.exec(body!)!;
      expect(Buffer.from(data, "base64").subarray(0, 4).toString("latin1")).toBe("wOF2");
    }
    expect(css).not.toMatch(/https?:/);
  });

  test("keeps Framework's cache out of git", async () => {
    expect(await readFile(join(root, ".observablehq", ".gitignore"), "utf-8")).toMatch(/^\*$/m);
  });

  test("skips a second fill, and a refill removes folders that are no longer planned", async () => {
    const again = await fillNpmCache(root, {log: () => {}});
    expect(again.skipped).toBe(true);
    await mkdir(join(npm, "d3@7.0.0"), {recursive: true});
    await writeFile(join(cacheDir(root), "_pulse", "stamp.json"), "{}");
    const refill = await fillNpmCache(root, {log: () => {}});
    expect(refill.skipped).toBe(false);
    expect(refill.removed).toEqual(["d3@7.0.0"]);
    expect(existsSync(join(npm, "d3@7.0.0"))).toBe(false);
  });

  test("a module that is not installed fails with its name", async () => {
    await expect(fillNpmCache(root, {modules: [{name: "not-a-real-module", reason: "test"}], log: () => {}})).rejects.toThrow(/offline module not-a-real-module is not installed/);
  });
});
