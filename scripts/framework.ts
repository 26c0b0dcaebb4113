import {spawn, type ChildProcess} from "node:child_process";
import {delimiter, dirname, join, resolve} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {auditSite, formatFindings} from "./offlineAudit.ts";
import {refreshLoaderOutputs} from "./loaderCache.ts";
import {fillNpmCache} from "./npmCache.ts";

/**
 * Runs Observable Framework offline: `tsx scripts/framework.ts build|preview [options]`.
 * 1. fills Framework's npm cache from node_modules (scripts/npmCache.ts), and drops cached data
 *    loader outputs when data/ or the loaders' code changed (scripts/loaderCache.ts);
 * 2. runs Framework's own CLI with telemetry off and fetch replaced (scripts/noNetwork.register.ts);
 * 3. after a build, audits dist/ for anything that would load from another origin.
 */

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Framework's root (observablehq.config.ts says the same). */
export const sourceRoot = join(projectRoot, "src");
/** Where builds go: dist/, or PULSE_OUTPUT_DIR (observablehq.config.ts reads the same variable). */
export const outputRoot = resolve(projectRoot, process.env.PULSE_OUTPUT_DIR ?? "dist");
const frameworkBin = join(projectRoot, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
const noNetwork = pathToFileURL(join(projectRoot, "scripts", "noNetwork.register.ts")).href;

/** The environment every Framework process gets. */
export function frameworkEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    // Framework's Telemetry (dist/telemetry.js) checks only that this is set.
    OBSERVABLE_TELEMETRY_DISABLE: "1",
    // Framework runs .ts data loaders with the `tsx` command (dist/loader.js), so it must be on PATH
    // even when this script is not started by npm.
    PATH: [join(projectRoot, "node_modules", ".bin"), env.PATH ?? ""].join(delimiter)
  };
}

/** tsx's loader, resolved from here so Framework can run from any folder (it loads observablehq.config.ts). */
const tsx = import.meta.resolve("tsx");

/** Starts Framework's CLI with our preloads; the caller owns the child. */
export function spawnFramework(
  args: readonly string[],
  {env = process.env, cwd = projectRoot, stdio = "inherit"}: {env?: NodeJS.ProcessEnv; cwd?: string; stdio?: "inherit" | "pipe"} = {}
): ChildProcess {
  return spawn(process.execPath, ["--import", tsx, "--import", noNetwork, frameworkBin, ...args], {cwd, env: frameworkEnv(env), stdio});
}

export function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 + 2 : 1)));
  });
}

/** Everything Framework needs before it starts. */
export async function prepare(): Promise<void> {
  await fillNpmCache(sourceRoot);
  const {changed, removed} = await refreshLoaderOutputs(sourceRoot, projectRoot);
  if (changed && removed.length) process.stderr.write(`data loaders: inputs or BRIDGE_URL changed since the last run; removed cached ${removed.join(", ")} so their loaders run again\n`);
}

export async function build(args: readonly string[] = []): Promise<number> {
  // A site to share holds the batch snapshot of the data folder: the same numbers as `pulse aggregate`,
  // whatever a bridge started by `npm run dev` has replayed so far. Set BRIDGE_URL to bake a running
  // bridge's state instead.
  process.env.BRIDGE_URL ??= "off";
  await prepare();
  const code = await exitCode(spawnFramework(["build", ...args]));
  if (code !== 0) return code;
  const findings = await auditSite(outputRoot);
  if (findings.length > 0) {
    process.stderr.write(`offline audit: dist/ would load from other origins:\n${formatFindings(findings)}\n`);
    return 1;
  }
  process.stderr.write("offline audit: dist/ loads nothing from other origins\n");
  return 0;
}

export async function preview(args: readonly string[] = []): Promise<number> {
  await prepare();
  const child = spawnFramework(["preview", ...args]);
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.once("SIGINT", forward("SIGINT")).once("SIGTERM", forward("SIGTERM"));
  return exitCode(child);
}

const usage = "usage: tsx scripts/framework.ts build|preview [observable options]\n";

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  if (command === "build") process.exitCode = await build(args);
  else if (command === "preview") process.exitCode = await preview(args);
  else {
    process.stderr.write(usage);
    process.exitCode = 2;
  }
}
