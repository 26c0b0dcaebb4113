import {existsSync} from "node:fs";
import {mkdir, mkdtemp, rm, stat, utimes, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterEach, beforeEach, expect, test} from "vitest";
import {LOADER_INPUTS, loaderInputs, loaderInputsFingerprint, refreshLoaderOutputs} from "../../scripts/loaderCache.ts";

let project: string;
let root: string;
let cache: string;
beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), "pulse-loader-cache-"));
  root = join(project, "src");
  cache = join(root, ".observablehq", "cache");
  await mkdir(join(project, "data"), {recursive: true});
  await writeFile(join(project, "data", "transactions.csv"), "a\n1\n");
  await mkdir(join(cache, "data"), {recursive: true});
  await mkdir(join(cache, "_npm", "d3@7.9.2"), {recursive: true});
  await writeFile(join(cache, "data", "landing-daily.arrow"), "old output");
});
afterEach(async () => {
  await rm(project, {recursive: true, force: true});
});

const outputs = () => existsSync(join(cache, "data", "landing-daily.arrow"));

test("refreshLoaderOutputs removes loader outputs it cannot vouch for, and keeps Framework's _ folders", async () => {
  expect(await refreshLoaderOutputs(root, project, ["data"])).toEqual({changed: true, removed: ["data"]});
  expect(outputs()).toBe(false);
  expect(existsSync(join(cache, "_npm", "d3@7.9.2"))).toBe(true);
});

test("keeps outputs while the inputs stay the same, and drops them when a data file changes", async () => {
  await refreshLoaderOutputs(root, project, ["data"]);
  await mkdir(join(cache, "data"), {recursive: true});
  await writeFile(join(cache, "data", "landing-daily.arrow"), "new output");
  expect(await refreshLoaderOutputs(root, project, ["data"])).toEqual({changed: false, removed: []});
  expect(outputs()).toBe(true);
  // Same size, new modification time: what an editor or `pulse generate` leaves behind.
  await utimes(join(project, "data", "transactions.csv"), new Date(), new Date(Date.now() + 5000));
  expect(await refreshLoaderOutputs(root, project, ["data"])).toEqual({changed: true, removed: ["data"]});
  expect(outputs()).toBe(false);
});

test("the fingerprint sees added files and ignores missing inputs", async () => {
  const before = await loaderInputsFingerprint(project, ["data", "not-there"]);
  expect(await loaderInputsFingerprint(project, ["data"])).toBe(before);
  await writeFile(join(project, "data", "refunds.csv"), "x\n");
  expect(await loaderInputsFingerprint(project, ["data"])).not.toBe(before);
});

test("PULSE_DATA_DIR is an input: another folder, or a change in it, runs the loaders again", async () => {
  const other = join(project, "elsewhere");
  const third = join(project, "third");
  for (const dir of [other, third]) {
    await mkdir(dir);
    await writeFile(join(dir, "transactions.csv"), "a\n1\n");
  }
  expect(loaderInputs({})).toEqual(LOADER_INPUTS);
  await refreshLoaderOutputs(root, project, loaderInputs({PULSE_DATA_DIR: other}));
  await mkdir(join(cache, "data"), {recursive: true});
  await writeFile(join(cache, "data", "landing-daily.arrow"), "other's output");
  expect((await refreshLoaderOutputs(root, project, loaderInputs({PULSE_DATA_DIR: other}))).changed).toBe(false);
  // Same files, same sizes, another folder.
  const {atime, mtime} = await stat(join(other, "transactions.csv"));
  await utimes(join(third, "transactions.csv"), atime, mtime);
  expect((await refreshLoaderOutputs(root, project, loaderInputs({PULSE_DATA_DIR: third}))).changed).toBe(true);
  expect(outputs()).toBe(false);
  // An empty folder (a typo, or files still to come) is not the sample data either.
  const empty = join(project, "empty");
  await mkdir(empty);
  expect(await loaderInputsFingerprint(project, loaderInputs({PULSE_DATA_DIR: empty}))).not.toBe(await loaderInputsFingerprint(project, LOADER_INPUTS));
  await refreshLoaderOutputs(root, project, loaderInputs({PULSE_DATA_DIR: third}));
  await writeFile(join(third, "mapping.json"), "{}");
  expect((await refreshLoaderOutputs(root, project, loaderInputs({PULSE_DATA_DIR: third}))).changed).toBe(true);
});

test("a change of BRIDGE_URL alone drops only the outputs that come from a bridge (a build after npm run dev re-runs the snapshot)", async () => {
  // The preview's run: BRIDGE_URL unset, the aggregates loader took a running bridge's state.
  await refreshLoaderOutputs(root, project, ["data"], null);
  await mkdir(join(cache, "data", "aggregates"), {recursive: true});
  await writeFile(join(cache, "data", "aggregates.tar"), "live snapshot");
  await writeFile(join(cache, "data", "aggregates", "kpis.arrow"), "live kpis");
  await writeFile(join(cache, "data", "landing-daily.arrow"), "batch output");
  expect(await refreshLoaderOutputs(root, project, ["data"], null)).toEqual({changed: false, removed: []});
  // The build's: BRIDGE_URL=off.
  expect(await refreshLoaderOutputs(root, project, ["data"], "off")).toEqual({changed: true, removed: ["data/aggregates.tar", "data/aggregates"]});
  expect(existsSync(join(cache, "data", "aggregates.tar"))).toBe(false);
  expect(outputs()).toBe(true);
  expect(await refreshLoaderOutputs(root, project, ["data"], "off")).toEqual({changed: false, removed: []});
});
