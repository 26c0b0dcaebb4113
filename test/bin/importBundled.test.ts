import {spawn} from "node:child_process";
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {pathToFileURL} from "node:url";
import {afterAll, beforeAll, describe, expect, it} from "vitest";

/**
 * bin/importBundled.js runs in real processes here (as bin/pulse.js and the worker entries use it),
 * on a small TypeScript entry in a temporary folder and with its own cache folder (PULSE_CACHE_DIR),
 * so nothing here touches the project's sources or the cache `pulse` uses. PULSE_BUNDLE_LOG=1 makes
 * it say on stderr whether it built, reused or fell back to tsx.
 */

const root = join(import.meta.dirname, "..", "..");
const importBundled = pathToFileURL(join(root, "bin", "importBundled.js")).href;

let dir: string;
let cache: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pulse-bundle-"));
  cache = join(dir, "cache");
  const src = join(dir, "src");
  mkdirSync(src);
  writeFileSync(join(src, "package.json"), `{"type": "module"}\n`);
  writeFileSync(join(src, "entry.ts"), `import {value} from "./dep.ts";\nexport {value};\nexport const here: string = import.meta.url;\nexport const sibling: string = new URL("./parseWorker.js", import.meta.url).href;\n`);
  writeFileSync(join(src, "dep.ts"), `export const value: number = 1;\n`);
  // Uses what a bundle cannot keep (import.meta.resolve resolves from the bundle's place): must run through tsx.
  writeFileSync(join(src, "resolving.ts"), `export const value: string = import.meta.resolve("./dep.ts");\n`);
  // Older than any build: not "changed during the build".
  const past = new Date(Date.now() - 60_000);
  for (const name of readdirSync(src)) utimesSync(join(src, name), past, past);
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function node(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {cwd: root, env: {...process.env, PULSE_BUNDLE: undefined, PULSE_CACHE_DIR: cache, PULSE_BUNDLE_LOG: "1", ...env}, stdio: ["ignore", "pipe", "pipe"]});
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => resolve({code, stdout, stderr}));
  });
}

/** Imports `name` from the temporary sources through importBundled and prints what it exports. */
async function load(name: string, env: NodeJS.ProcessEnv = {}) {
  const script = `import {importBundled} from ${JSON.stringify(importBundled)};
const m = await importBundled(new URL(${JSON.stringify(pathToFileURL(join(dir, "src", name)).href)}));
process.stdout.write(JSON.stringify({...m}));`;
  const run = await node(["--input-type=module", "-e", script], env);
  expect(run.stderr).not.toMatch(/Error/);
  expect(run.code).toBe(0);
  return {exports: JSON.parse(run.stdout), log: run.stderr};
}

const editDep = (value: number) => writeFileSync(join(dir, "src", "dep.ts"), `export const value: number = ${value};\n`);

describe("importBundled(entryUrl)", () => {
  it("builds a bundle once, then imports it while no input changes; import.meta.url stays the source's", async () => {
    const first = await load("entry.ts");
    expect(first.log).toMatch(/entry-?\.ts: bundle \S+ built in/);
    expect(first.exports.value).toBe(1);
    expect(first.exports.here).toBe(pathToFileURL(join(dir, "src", "entry.ts")).href);
    expect(first.exports.sibling).toBe(pathToFileURL(join(dir, "src", "parseWorker.js")).href);
    const second = await load("entry.ts");
    expect(second.log).toMatch(/bundle \S+ is fresh \(\d+ inputs checked in/);
    expect(second.log).not.toMatch(/built|tsx/);
    expect(second.exports).toEqual(first.exports);
  });

  it("rebuilds when a source changes: same size, same second, even with its old mtime put back", async () => {
    const dep = join(dir, "src", "dep.ts");
    await load("entry.ts");
    editDep(2);
    const edited = await load("entry.ts");
    expect(edited.log).toMatch(/dep\.ts changed since bundle/);
    expect(edited.log).toMatch(/1 changed during the build: rebuilt next run/);
    expect(edited.exports.value).toBe(2);
    // dep.ts changed just before that build (it could have changed while esbuild read it): not trusted.
    const again = await load("entry.ts");
    expect(again.log).toMatch(/dep\.ts changed since bundle.*\n.*built in/);
    expect(again.exports.value).toBe(2);
    // cp -p, tar and touch -d can give new content the old mtime; its ctime still moves.
    const past = new Date(Date.now() - 30_000);
    editDep(3);
    utimesSync(dep, past, past);
    expect((await load("entry.ts")).exports.value).toBe(3);
    expect((await load("entry.ts")).log).toMatch(/is fresh/);
    editDep(4);
    utimesSync(dep, past, past);
    const restored = await load("entry.ts");
    expect(restored.log).toMatch(/dep\.ts changed since bundle/);
    expect(restored.exports.value).toBe(4);
  });

  it("lets concurrent starts after an edit all run the new code and leaves one complete bundle", async () => {
    editDep(5);
    const runs = await Promise.all(Array.from({length: 6}, () => load("entry.ts")));
    expect(runs.map((run) => run.exports.value)).toEqual([5, 5, 5, 5, 5, 5]);
    const entryCache = join(cache, readdirSync(cache).find((name) => /-entry-ts-[0-9a-f]{8}$/.test(name))!);
    const manifest = JSON.parse(readFileSync(join(entryCache, "manifest.json"), "utf8"));
    expect(readdirSync(join(entryCache, manifest.build))).toContain(manifest.main);
    expect(readdirSync(entryCache).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("falls back to tsx when the cache cannot be written", async () => {
    const file = join(dir, "not-a-folder");
    writeFileSync(file, "");
    const run = await load("entry.ts", {PULSE_CACHE_DIR: join(file, "cache")});
    expect(run.log).toMatch(/entry\.ts: running through tsx \(.*ENOTDIR/);
    expect(run.exports.value).toBe(5);
    expect(run.exports.here).toBe(pathToFileURL(join(dir, "src", "entry.ts")).href);
  });

  it("falls back to tsx, leaving nothing behind, when the entry cannot be bundled as it runs", async () => {
    const run = await load("resolving.ts");
    expect(run.log).toMatch(/resolving\.ts: running through tsx \(.*unsupported in a bundle: import\.meta\.resolve/);
    expect(run.exports.value).toBe(pathToFileURL(join(dir, "src", "dep.ts")).href);
    const entryCache = join(cache, readdirSync(cache).find((name) => /-resolving-ts-[0-9a-f]{8}$/.test(name))!);
    // Only the node_modules link a cache outside the project gets (linkPackages).
    expect(readdirSync(entryCache).filter((name) => name !== "node_modules")).toEqual([]);
  });

  it("runs through tsx when PULSE_BUNDLE=off", async () => {
    const run = await load("entry.ts", {PULSE_BUNDLE: "off"});
    expect(run.log).toMatch(/running through tsx \(PULSE_BUNDLE=off\)/);
    expect(run.exports.value).toBe(5);
  });
});

describe("bin/pulse.js and the worker entries", () => {
  it("run cli/main.ts from a bundle: built on the first start (the parse thread's with it), reused on the next", async () => {
    const first = await node(["bin/pulse.js", "--help"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^usage: pulse <command>/);
    expect(first.stderr).toMatch(/cli\/main\.ts: bundle \S+ built in/);
    // columnSources.ts starts parseWorker.js: its bundle is built beside cli/main.ts's, not in the thread.
    expect(first.stderr).toMatch(/stream-bridge\/batch\/parseWorker\.ts: bundle \S+ built in/);
    const second = await node(["bin/pulse.js", "--help"]);
    expect(second.stdout).toBe(first.stdout);
    // Unless a source was just edited (in a working tree others edit meanwhile; never in CI).
    if (process.env.CI || !/changed since bundle/.test(second.stderr)) expect(second.stderr).toMatch(/cli\/main\.ts: bundle \S+ is fresh/);
    expect(second.stderr).not.toMatch(/tsx/);
    // The cache is outside the project here (PULSE_CACHE_DIR): packages (ws) must still resolve.
    const serve = await node(["bin/pulse.js", "serve", "--help"]);
    expect(serve.stderr).not.toMatch(/not available|tsx/);
    expect(serve.stdout).toMatch(/^usage: pulse serve/);
  });

  it("start parseWorker.ts and salesCubeWorker.ts from bundles in their threads, without tsx", async () => {
    const data = join(dir, "data");
    mkdirSync(data);
    for (const name of ["transactions.csv", "refunds.csv", "inventory.csv", "store_locations.csv", "product_catalog.csv"]) {
      const lines = readFileSync(join(root, "data", name), "utf8").split("\n");
      writeFileSync(join(data, name), lines.slice(0, 200).join("\n") + "\n");
    }
    // Each worker entry is started as columnSources.ts and readSalesCubeInWorker.ts start it; the
    // script prints the first message of each.
    const script = `import {Worker} from "node:worker_threads";
const first = (url, workerData) => new Promise((resolve, reject) => {
  const worker = new Worker(new URL(url, ${JSON.stringify(pathToFileURL(root + "/").href)}), {workerData});
  worker.once("message", (message) => { resolve(message); void worker.terminate(); });
  worker.once("error", reject);
});
const parsed = await first("stream-bridge/batch/parseWorker.js", {inputs: [{path: ${JSON.stringify(join(data, "transactions.csv"))}, kind: "transactions", options: {}}], credits: 4, chunkSize: 8192});
const cube = await first("loaders/aggregates/salesCubeWorker.js", {dir: ${JSON.stringify(data)}});
process.stdout.write(JSON.stringify([parsed.type, parsed.chunk?.source, cube.type]));`;
    // A file, not -e: worker threads inherit node's flags, and --input-type refuses a file entry.
    writeFileSync(join(dir, "workers.mjs"), script);
    const run = await node([join(dir, "workers.mjs")]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(["chunk", 0, "log"]);
    expect(run.stderr).toMatch(/stream-bridge\/batch\/parseWorker\.ts: bundle \S+ (is fresh|built in)/);
    expect(run.stderr).toMatch(/loaders\/aggregates\/salesCubeWorker\.ts: bundle \S+ built in/);
    expect(run.stderr).not.toMatch(/tsx/);
  });
});
