import {createHash} from "node:crypto";
import {existsSync} from "node:fs";
import {copyFile, mkdir, readdir, readFile, realpath, rm, stat, writeFile} from "node:fs/promises";
import {dirname, join, posix, relative, resolve, sep} from "node:path";
import {fileURLToPath} from "node:url";
import {build, version as esbuildVersion, type Plugin} from "esbuild";
import {PulseError} from "../lib/errors.ts";
import {offlineModules, unshippedModules, UNSHIPPED_VERSION, type OfflineModule} from "./npmModules.ts";
import {fontStylesheet, FONT_STYLESHEET} from "./fontStylesheet.ts";

/**
 * Fills Observable Framework's npm cache (<root>/.observablehq/cache/_npm) from node_modules.
 *
 * Framework 1.13 looks in that cache before it fetches anything (populateNpmCache in
 * node_modules/@observablehq/framework/dist/npm.js returns early when the file exists), and it
 * resolves unversioned `npm:` imports from the folder names there (initializeNpmVersionCache and
 * resolveNpmVersion in the same file). `npm:d3` is served from `_npm/d3@7.9.2/_esm.js`, the path
 * jsDelivr's `+esm` would have been saved to (resolveNpmImport).
 */

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface CacheEntry {
  name: string;
  version: string;
  /** Folder under _npm, e.g. "@duckdb/duckdb-wasm@1.29.0". */
  folder: string;
  /** Installed package folder (absolute); undefined for unshipped placeholders. */
  packageDir?: string;
  files: readonly string[];
}

export interface CachePlan {
  entries: CacheEntry[];
  /** Changes whenever the cache content would change; stored next to the cache to skip refills. */
  fingerprint: string;
}

/** Reads installed versions from node_modules and decides what goes where; touches nothing. */
export async function planNpmCache({
  modules = offlineModules,
  unshipped = unshippedModules,
  nodeModules = join(projectRoot, "node_modules")
}: {modules?: readonly OfflineModule[]; unshipped?: readonly string[]; nodeModules?: string} = {}): Promise<CachePlan> {
  const entries: CacheEntry[] = [];
  for (const {name, files = []} of modules) {
    const packageDir = join(nodeModules, ...name.split("/"));
    let version: string;
    try {
      version = JSON.parse(await readFile(join(packageDir, "package.json"), "utf-8")).version;
    } catch {
      throw new PulseError("E_BAD_INPUT", `offline module ${name} is not installed in ${nodeModules} (run npm ci)`);
    }
    entries.push({name, version, folder: `${name}@${version}`, packageDir, files});
  }
  for (const name of unshipped) {
    if (entries.some((e) => e.name === name)) throw new PulseError("E_BAD_INPUT", `module ${name} is both shipped and unshipped`);
    entries.push({name, version: UNSHIPPED_VERSION, folder: `${name}@${UNSHIPPED_VERSION}`, files: []});
  }
  const hash = createHash("sha256").update(esbuildVersion);
  for (const file of ["npmCache.ts", "npmModules.ts", "fontStylesheet.ts"]) hash.update(await readFile(join(projectRoot, "scripts", file)));
  hash.update(JSON.stringify(entries.map(({name, version, files}) => ({name, version, files}))));
  return {entries, fingerprint: hash.digest("hex")};
}

/** Where Framework keeps its cache for a given source root (Framework's root, i.e. our src/). */
export function cacheDir(root: string): string {
  return join(root, ".observablehq", "cache");
}

/** The file Framework serves for `npm:<name>` (see resolveNpmImport in Framework's dist/npm.js). */
export function esmPath(entry: Pick<CacheEntry, "folder">): string {
  return `/_npm/${entry.folder}/_esm.js`;
}

/** A relative import from one served path to another, as Framework writes them ("../../d3@7.9.2/_esm.js"). */
export function relativeImport(from: string, to: string): string {
  const path = posix.relative(posix.dirname(from), to);
  return path.startsWith(".") ? path : `./${path}`;
}

/**
 * Makes bundles import the other shipped modules instead of inlining a copy, like jsDelivr's +esm does;
 * that is how DuckDB-WASM and FileAttachment.arrow() share one Apache Arrow. Only a bare import of a
 * listed package that resolves to the same installed copy is shared; anything else is bundled.
 */
function sharedModulesPlugin(self: CacheEntry, shipped: readonly CacheEntry[]): Plugin {
  const byName = new Map(shipped.filter((e) => e.packageDir && e.name !== self.name).map((e) => [e.name, e]));
  return {
    name: "pulse-shared-modules",
    setup(b) {
      b.onResolve({filter: /^[^./]/}, async (args) => {
        if (args.pluginData === "pulse-shared-modules") return undefined;
        const target = byName.get(args.path);
        if (!target) return undefined;
        const result = await b.resolve(args.path, {kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "pulse-shared-modules"});
        // esbuild resolves symlinks (a node_modules that is a link to another checkout's): compare real paths.
        if (result.errors.length > 0 || !(await realpath(result.path)).startsWith((await realpath(target.packageDir!)) + sep)) return undefined;
        return {path: relativeImport(esmPath(self), esmPath(target)), external: true};
      });
    }
  };
}

/** Bundles one package into a single browser ESM file (its shipped dependencies stay imports). */
export async function bundleModule(entry: CacheEntry, shipped: readonly CacheEntry[]): Promise<string> {
  const result = await build({
    entryPoints: [entry.name],
    absWorkingDir: projectRoot,
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "eof",
    logLevel: "silent",
    plugins: [sharedModulesPlugin(entry, shipped)]
  });
  return result.outputFiles[0].text;
}

async function isUpToDate(root: string, plan: CachePlan): Promise<boolean> {
  const cache = cacheDir(root);
  try {
    const stamp = JSON.parse(await readFile(join(cache, "_pulse", "stamp.json"), "utf-8"));
    if (stamp.fingerprint !== plan.fingerprint) return false;
  } catch {
    return false;
  }
  for (const entry of plan.entries) {
    if (!entry.packageDir) continue;
    for (const file of ["_esm.js", ...entry.files]) if (!existsSync(join(cache, "_npm", entry.folder, file))) return false;
  }
  return existsSync(join(cache, FONT_STYLESHEET));
}

/** Removes _npm folders that are not in the plan (older versions would still be picked by Framework). */
async function removeStale(npmDir: string, plan: CachePlan): Promise<string[]> {
  const wanted = new Set(plan.entries.map((e) => e.folder));
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(npmDir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const folders = name.startsWith("@") ? (await readdir(join(npmDir, name))).map((sub) => `${name}/${sub}`) : [name];
    for (const folder of folders) {
      if (wanted.has(folder)) continue;
      await rm(join(npmDir, folder), {recursive: true, force: true});
      removed.push(folder);
    }
  }
  return removed;
}

async function copyIfChanged(source: string, target: string): Promise<void> {
  const [from, to] = await Promise.all([stat(source), stat(target).catch(() => null)]);
  if (to && to.size === from.size && to.mtimeMs >= from.mtimeMs) return;
  await mkdir(dirname(target), {recursive: true});
  await copyFile(source, target);
}

/**
 * The root .gitignore's ".observablehq/cache/" only matches at the repository root (a pattern with a
 * slash is anchored), and Framework's cache lives in src/: this keeps 75 MB of wasm out of commits.
 */
async function ignoreInGit(root: string): Promise<void> {
  const file = join(root, ".observablehq", ".gitignore");
  if (existsSync(file)) return;
  await mkdir(dirname(file), {recursive: true});
  await writeFile(file, "# Framework's cache, filled by scripts/npmCache.ts from node_modules\n*\n");
}

export interface FillResult {
  cache: string;
  skipped: boolean;
  entries: CacheEntry[];
  removed: string[];
}

/**
 * Writes every shipped module's bundle and files, a placeholder folder for each unshipped module,
 * and the self-hosted font stylesheet. Skips all work when the stamp matches.
 */
export async function fillNpmCache(
  root: string,
  {log = (message: string) => process.stderr.write(message + "\n"), ...options}: Parameters<typeof planNpmCache>[0] & {log?: (message: string) => void} = {}
): Promise<FillResult> {
  const plan = await planNpmCache(options);
  const cache = cacheDir(root);
  const npmDir = join(cache, "_npm");
  await ignoreInGit(root);
  if (await isUpToDate(root, plan)) return {cache, skipped: true, entries: plan.entries, removed: []};
  const removed = await removeStale(npmDir, plan);
  for (const folder of removed) log(`npm cache: removed stale ${folder}`);
  const shipped = plan.entries.filter((e) => e.packageDir);
  for (const entry of plan.entries) {
    const folder = join(npmDir, entry.folder);
    await mkdir(folder, {recursive: true});
    if (!entry.packageDir) continue;
    const start = performance.now();
    await writeFile(join(folder, "_esm.js"), await bundleModule(entry, shipped));
    for (const file of entry.files) await copyIfChanged(join(entry.packageDir, file), join(folder, file));
    log(`npm cache: ${entry.folder} (${Math.round(performance.now() - start)}ms)`);
  }
  await mkdir(join(cache, "_pulse"), {recursive: true});
  await writeFile(join(cache, FONT_STYLESHEET), await fontStylesheet(join(options.nodeModules ?? join(projectRoot, "node_modules"), "@fontsource", "source-serif-4")));
  await writeFile(join(cache, "_pulse", "stamp.json"), JSON.stringify({fingerprint: plan.fingerprint, entries: plan.entries.map((e) => e.folder)}, null, 2) + "\n");
  return {cache, skipped: false, entries: plan.entries, removed};
}

/** For messages: a path relative to the project. */
export function projectPath(path: string): string {
  return relative(projectRoot, path) || ".";
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? join(projectRoot, "src");
  const result = await fillNpmCache(root);
  process.stderr.write(`npm cache: ${projectPath(result.cache)} ${result.skipped ? "up to date" : "filled"} (${result.entries.length} modules)\n`);
}
