import {createHash} from "node:crypto";
import {existsSync} from "node:fs";
import {mkdir, readdir, readFile, rm, stat, writeFile} from "node:fs/promises";
import {isAbsolute, join, relative, resolve} from "node:path";
import {cacheDir} from "./npmCache.ts";

/**
 * Keeps data loader outputs in step with what the loaders read.
 *
 * Framework's build uses any cached loader output, however old (load({useStale: true}) in
 * node_modules/@observablehq/framework/dist/loader.js), and its preview re-runs a loader only when
 * the loader file itself is newer than its output: a change to data/ or to a module the loader
 * imports is never noticed. So before each build or preview we fingerprint those inputs and, when
 * they changed, remove the cached outputs so that every loader runs again.
 */

/** What our loaders read (relative to the project root): sample data, their modules, the lockfile. */
export const LOADER_INPUTS: readonly string[] = ["data", "lib", "loaders", "cli", "stream-bridge", "generator", "src/data", "package-lock.json"];

/**
 * LOADER_INPUTS plus the folder PULSE_DATA_DIR names (src/data/dataDir.ts): another folder, or
 * other files in it, must run the loaders again, not show the last folder's cached results.
 */
export function loaderInputs(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  return env.PULSE_DATA_DIR ? [...LOADER_INPUTS, resolve(env.PULSE_DATA_DIR)] : LOADER_INPUTS;
}

const STAMP = join("_pulse", "loaders.json");

/** A hash of every input file's path, size and modification time (cheap; no file is read). */
export async function loaderInputsFingerprint(projectRoot: string, inputs: readonly string[] = LOADER_INPUTS): Promise<string> {
  const hash = createHash("sha256");
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => null);
    if (!info) return;
    if (info.isDirectory()) {
      for (const name of (await readdir(path)).sort()) if (name !== "node_modules" && !name.startsWith(".")) await visit(join(path, name));
    } else {
      hash.update(`${relative(projectRoot, path)}\0${info.size}\0${info.mtimeMs}\n`);
    }
  };
  // Absolute inputs (PULSE_DATA_DIR) are hashed by their path too: an empty folder differs from none.
  for (const input of inputs) {
    if (isAbsolute(input)) hash.update(`dir ${input}\n`);
    await visit(resolve(projectRoot, input));
  }
  return hash.digest("hex");
}

/**
 * The loader outputs (in the cache) that come from a running bridge when one answers at BRIDGE_URL:
 * the aggregates snapshot (src/data/aggregates.ts) and the hardware history (src/data/hardware.ts).
 */
export const BRIDGE_OUTPUTS: readonly string[] = ["data/aggregates.tar", "data/aggregates", "data/hardware.arrow"];

/**
 * Removes Framework's cached loader outputs (everything in the cache that is not an `_` folder of
 * Framework's or ours) when the inputs changed since the last call, and only BRIDGE_OUTPUTS when
 * just `bridge` (the BRIDGE_URL the loaders will see) changed: a build (BRIDGE_URL=off, the batch
 * snapshot) after `npm run dev` (a live snapshot of a replay just started) must not ship the
 * preview's outputs. Returns what was removed.
 */
export async function refreshLoaderOutputs(
  root: string,
  projectRoot: string,
  inputs: readonly string[] = loaderInputs(),
  bridge: string | null = process.env.BRIDGE_URL ?? null
): Promise<{changed: boolean; removed: string[]}> {
  const cache = cacheDir(root);
  const fingerprint = await loaderInputsFingerprint(projectRoot, inputs);
  const previous = await readFile(join(cache, STAMP), "utf-8").then((text) => JSON.parse(text) as {fingerprint?: string; bridge?: string | null}, () => null);
  const stamp = () => writeFile(join(cache, STAMP), JSON.stringify({fingerprint, inputs, bridge}, null, 2) + "\n");
  const removed: string[] = [];
  if (previous?.fingerprint === fingerprint) {
    if ((previous.bridge ?? null) === bridge) return {changed: false, removed};
    for (const name of BRIDGE_OUTPUTS) {
      if (!existsSync(join(cache, name))) continue;
      await rm(join(cache, name), {recursive: true, force: true});
      removed.push(name);
    }
    await stamp();
    return {changed: true, removed};
  }
  for (const name of await readdir(cache).catch(() => [] as string[])) {
    if (name.startsWith("_")) continue;
    await rm(join(cache, name), {recursive: true, force: true});
    removed.push(name);
  }
  await mkdir(join(cache, "_pulse"), {recursive: true});
  await stamp();
  return {changed: true, removed};
}
