// Plain JavaScript: this runs before any TypeScript loader exists.
import {createHash} from "node:crypto";
import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {dirname, extname, join, relative, resolve, sep} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";

/** The project root (bin/..): esbuild's working directory, and what manifest paths are relative to. */
const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Bumped when the bundle's shape changes (options, manifest fields), so old caches are rebuilt. */
const FORMAT = 1;
/** Inputs changed this close to a build's start may have changed while esbuild read them (file times
 * are coarse: a jiffy on ext4, 2 s on FAT): their manifest entries are written so they never match, and
 * the next run rebuilds once more rather than trusting a bundle that may hold their old text. */
const RACY_MS = 2000;
/** A bundle that stopped being current is deleted this long after: a process that imported it may still
 * import its lazily loaded chunks (pulse loads its command's chunk right after start). */
const RETIRED_MS = 10 * 60_000;
/** Files the bundle depends on that esbuild's metafile does not list: this builder, the TypeScript and
 * package settings esbuild reads, and esbuild's own version. */
const SETTINGS = ["bin/importBundled.js", "tsconfig.json", "package.json", "node_modules/esbuild/package.json"];

/**
 * Imports a TypeScript entry module (its URL) from an esbuild bundle cached under
 * node_modules/.cache/retail-pulse/ (PULSE_CACHE_DIR), so `pulse` and its worker threads start without
 * tsx while keeping no build step: the bundle is used only if every input (the metafile's files and
 * SETTINGS) has the size, mtime and ctime recorded when it was built, and is otherwise rebuilt first.
 * A build is written to a fresh directory and published by renaming its manifest into place, so
 * concurrent starts see either the old bundle or the new one, never half of one. If the cache cannot
 * be written or esbuild fails, the entry runs through tsx as before. PULSE_BUNDLE=off always uses
 * tsx; PULSE_BUNDLE_LOG=1 says on stderr what was decided and how long it took.
 */
export async function importBundled(entryUrl) {
  if (process.env.PULSE_BUNDLE === "off") return importWithTsx(entryUrl, "PULSE_BUNDLE=off");
  let url;
  try {
    url = await bundled(fileURLToPath(entryUrl), true);
  } catch (error) {
    // esbuild's message is "Build failed with N errors:" and a list; its first error says what.
    return importWithTsx(entryUrl, error?.errors?.[0]?.text ?? String(error?.message ?? error).split("\n")[0]);
  }
  // Past this point a failure is the program's own (e.g. a module throws while loading): running it
  // again through tsx would run it twice.
  return import(url);
}

/**
 * The URL of a fresh bundle of the entry (a file path): the cached one if no input changed, else a
 * new build. With `workers`, a build also brings the bundles of the worker entries its sources start
 * up to date (see sourceImportMeta), in parallel: a thread would otherwise build its own at start,
 * inside the work it was started for (the first `pulse aggregate` after an edit).
 */
async function bundled(file, workers) {
  const entry = relative(ROOT, file).split(sep).join("/");
  // Named after the entry's absolute path (readable, and a hash of it: "/a/my app" and "/a/my-app"
  // read alike): two checkouts sharing node_modules (a symlink) keep apart.
  const tag = createHash("sha256").update(file).digest("hex").slice(0, 8);
  const cache = join(process.env.PULSE_CACHE_DIR || join(ROOT, "node_modules", ".cache", "retail-pulse"), `${file.replace(/[^\w]+/g, "-").replace(/^-/, "")}-${tag}`);
  linkPackages(cache);
  const checked = performance.now();
  const manifest = readManifest(cache);
  if (manifest && manifest.format === FORMAT && manifest.entry === entry && unchanged(manifest, cache)) {
    log(`${entry}: bundle ${manifest.build} is fresh (${manifest.inputs.length} inputs checked in ${ms(checked)})`);
  } else {
    const started = performance.now();
    const built = await build(entry, cache, manifest, workers);
    log(`${entry}: bundle ${built.build} built in ${ms(started)} (${built.inputs.length} inputs${built.racy ? `, ${built.racy} changed during the build: rebuilt next run` : ""})`);
    return pathToFileURL(join(cache, built.build, built.main)).href;
  }
  return pathToFileURL(join(cache, manifest.build, manifest.main)).href;
}

/**
 * Packages stay imports that node resolves by walking up from the bundle's folder: under
 * ROOT/node_modules/.cache that reaches ROOT/node_modules; a cache elsewhere (PULSE_CACHE_DIR) gets a
 * node_modules link to ROOT's. (If the link cannot be made, bundled() throws and pulse runs through tsx.)
 */
function linkPackages(cache) {
  const packages = join(ROOT, "node_modules");
  if (relative(packages, cache).split(sep)[0] !== "..") return;
  mkdirSync(cache, {recursive: true});
  try {
    symlinkSync(packages, join(cache, "node_modules"), "dir");
  } catch (error) {
    if (error?.code !== "EEXIST") throw error;
  }
}

async function importWithTsx(entryUrl, reason) {
  log(`${relative(ROOT, fileURLToPath(entryUrl))}: running through tsx (${reason})`);
  const {register} = await import("tsx/esm/api");
  register();
  return import(entryUrl.href ?? entryUrl);
}

function readManifest(cache) {
  try {
    const manifest = JSON.parse(readFileSync(join(cache, "manifest.json"), "utf8"));
    return Array.isArray(manifest?.inputs) && typeof manifest.build === "string" && typeof manifest.main === "string" ? manifest : null;
  } catch {
    return null;
  }
}

/** [path, size, mtime ns, ctime ns] of a file relative to ROOT; ctime because a copy can keep size and mtime. */
function fingerprint(path) {
  const s = statSync(join(ROOT, path), {bigint: true, throwIfNoEntry: false});
  return s ? [path, Number(s.size), String(s.mtimeNs), String(s.ctimeNs)] : [path, -1, "0", "0"];
}

function unchanged(manifest, cache) {
  if (!statSync(join(cache, manifest.build, manifest.main), {throwIfNoEntry: false})) return false;
  for (const [path, size, mtime, ctime] of manifest.inputs) {
    const [, s, m, c] = fingerprint(path);
    if (s !== size || m !== mtime || c !== ctime) {
      log(`${manifest.entry}: ${path} changed since bundle ${manifest.build}`);
      return false;
    }
  }
  return true;
}

async function build(entry, cache, previous, workers) {
  // Creating the directories first makes a read-only install fail here, before paying for esbuild.
  const name = `b${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const outdir = join(cache, name);
  mkdirSync(outdir, {recursive: true});
  const threads = new Map();
  const startsWorker = (file) => {
    if (workers && !threads.has(file)) threads.set(file, bundled(file, false).catch((error) => log(`${relative(ROOT, file)}: not built ahead (${error?.message})`)));
  };
  try {
    const started = Date.now();
    const esbuild = await import("esbuild");
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: [entry],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      // Each command (a dynamic import in cli/main.ts) becomes a chunk with its own package imports,
      // so `pulse generate` does not load DuckDB or ws.
      splitting: true,
      outdir,
      entryNames: "[name]",
      chunkNames: "[name]-[hash]",
      // .mjs: node_modules/.cache has no package.json saying "type": "module".
      outExtension: {".js": ".mjs"},
      // As tsx compiles: bundling renames clashing top-level names, and fn.name must not change.
      keepNames: true,
      // Read only under node --enable-source-maps (PULSE_NODE_FLAGS): reading them costs ~20-60 ms a start.
      sourcemap: "linked",
      sourcesContent: false,
      metafile: true,
      logLevel: "silent",
      plugins: [packageImports, sourceImportMeta(startsWorker)]
    });
    const inputs = [...new Set([...Object.keys(result.metafile.inputs).map(packageFile), ...SETTINGS])].map(fingerprint);
    // A file whose mtime falls in [started − RACY_MS, now] may have changed while esbuild read it:
    // recorded as changed, so the next run builds again. (mtimes in the future, from clock skew or an
    // unpacked archive, are not "during the build": they would make every run rebuild. ctime is not
    // used here: every freshly written or checked-out file has a recent one.)
    const racyAfter = BigInt(started - RACY_MS) * 1_000_000n;
    const racyUntil = BigInt(Date.now() + RACY_MS) * 1_000_000n;
    let racy = 0;
    for (const input of inputs) {
      const mtime = BigInt(input[2]);
      if (mtime >= racyAfter && mtime <= racyUntil) (input[1] = -2), racy++;
    }
    const main = `${entry.replace(/^.*\//, "").replace(/\.[^.]+$/, "")}.mjs`;
    const manifest = {format: FORMAT, entry, build: name, main, inputs};
    const temp = join(cache, `manifest.json.${name}.tmp`);
    writeFileSync(temp, JSON.stringify(manifest));
    if (previous?.build) retire(join(cache, previous.build));
    renameSync(temp, join(cache, "manifest.json"));
    collect(cache, name);
    await Promise.all(threads.values());
    return {...manifest, racy};
  } catch (error) {
    rmSync(outdir, {recursive: true, force: true});
    await Promise.all(threads.values());
    throw error;
  }
}

/** Marks a replaced bundle's directory with the time it stopped being current. */
function retire(dir) {
  const now = new Date();
  try {
    utimesSync(dir, now, now);
  } catch {}
}

/** Deletes bundles retired more than RETIRED_MS ago (and leftovers of builds that crashed). */
function collect(cache, current) {
  for (const name of readdirSync(cache)) {
    // node_modules: linkPackages' link (a symlink: never followed, never collected).
    if (name === current || name === "manifest.json" || name === "node_modules") continue;
    const path = join(cache, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > RETIRED_MS) rmSync(path, {recursive: true, force: true});
    } catch {}
  }
}

/** Packages built into the bundle rather than imported: apache-arrow's ESM build is ~200 modules, which
 * node takes 250-450 ms to load on this 2-core machine (one bundled file: 30-170 ms), every run. */
const BUNDLED_PACKAGES = new Set(["apache-arrow"]);

/**
 * Other packages stay imports (`packages: "external"` with exceptions), resolved by node from the
 * bundle's place under ROOT/node_modules as from the sources: native addons, CommonJS with optional
 * requires (ws) and packages loaded by path (systeminformation) keep working as they are.
 */
const packageImports = {
  name: "package-imports",
  setup(build) {
    build.onResolve({filter: /^[^./]/}, ({path, importer, kind}) => {
      if (kind === "entry-point" || importer.includes(`${sep}node_modules${sep}`)) return undefined;
      const name = path.split("/").slice(0, path.startsWith("@") ? 2 : 1).join("/");
      return BUNDLED_PACKAGES.has(name) ? undefined : {path, external: true};
    });
  }
};

/** A bundled package's files are checked through its package.json, which npm rewrites on every install. */
function packageFile(path) {
  const m = /^(.*?node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path);
  return m ? `${m[1]}/package.json` : path;
}

const LOADERS = {".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx"};

/**
 * In a bundle, import.meta.url would name the bundle: each source's own URL, directory and file name
 * are written in as strings, so `new URL("./parseWorker.js", import.meta.url)` and
 * createRequire(import.meta.url) resolve as they do in the sources. Any other use of import.meta
 * (resolve, a bare import.meta) fails the build, and the entry then runs through tsx. A source that
 * starts a worker from `new URL("./name.js", import.meta.url)`, where name.js is an importBundled
 * entry of name.ts, tells `startsWorker` about name.ts.
 */
function sourceImportMeta(startsWorker) {
  return {
    name: "source-import-meta",
    setup(build) {
      build.onLoad({filter: /\.[cm]?[jt]sx?$/}, async ({path}) => {
        const loader = LOADERS[extname(path)];
        if (!loader || path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = await readFile(path, "utf8");
        if (!text.includes("import.meta")) return {contents: text, loader};
        for (const [, name] of text.matchAll(/new URL\(\s*["'](\.{1,2}\/[^"'`]+)\.js["']\s*,\s*import\.meta\.url\s*\)/g)) {
          const entry = resolve(dirname(path), `${name}.ts`);
          if (/\bimportBundled\(/.test(readText(resolve(dirname(path), `${name}.js`))) && statSync(entry, {throwIfNoEntry: false})) startsWorker(entry);
        }
        const values = {url: pathToFileURL(path).href, filename: path, dirname: dirname(path)};
        const contents = text.replace(/\bimport\.meta\.(url|filename|dirname)\b/g, (_, key) => JSON.stringify(values[key]));
        const rest = /\bimport\.meta\b.{0,20}/.exec(contents);
        if (rest) return {errors: [{text: `${relative(ROOT, path)}: unsupported in a bundle: ${rest[0]}`}]};
        return {contents, loader};
      });
    }
  };
}

function readText(path) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function log(message) {
  if (process.env.PULSE_BUNDLE_LOG) process.stderr.write(`pulse bundle: ${message}\n`);
}

function ms(since) {
  return `${(performance.now() - since).toFixed(1)} ms`;
}
