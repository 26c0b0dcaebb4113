import {statSync} from "node:fs";
import {stat} from "node:fs/promises";
import {join} from "node:path";
import {badOption, PulseError} from "../lib/errors.ts";
import {loadMapping, type Mapping} from "../stream-bridge/ingest/mapping.ts";
import {columnReport} from "../stream-bridge/ingest/columnReport.ts";
import type {BatchInputs} from "../stream-bridge/batch/aggregate.ts";
import type {OptionSpec, OptionSpecs, ParsedOptions} from "./args.ts";

/** The files of a data folder, as `pulse generate` writes them (docs/CONTRACTS.md). */
export const DATA_FILES = {
  transactions: "transactions.csv",
  refunds: "refunds.csv",
  inventory: "inventory.csv",
  stores: "store_locations.csv",
  products: "product_catalog.csv"
} as const;

/** A data folder's column mapping (docs/engine.md), used when no `--mapping` is given. */
export const DATA_MAPPING = "mapping.json";

export type InputName = keyof typeof DATA_FILES;
export type InputFiles = {transactions: string} & Partial<Record<Exclude<InputName, "transactions">, string>>;

/** The input options shared by `pulse aggregate` and `pulse serve`. */
export const inputOptions: OptionSpecs = {
  data: {type: "string", arg: "DIR", help: `folder with ${Object.values(DATA_FILES).join(", ")} (each optional but transactions) and optionally ${DATA_MAPPING}`},
  transactions: {type: "string", arg: "FILE", help: "transaction lines CSV (overrides --data)"},
  refunds: {type: "string", arg: "FILE", help: "refunds CSV"},
  inventory: {type: "string", arg: "FILE", help: "inventory events CSV"},
  stores: {type: "string", arg: "FILE", help: "store_locations.csv (store → city, region; unknown stores are rejected)"},
  products: {type: "string", arg: "FILE", help: "product_catalog.csv (product → category; unknown products are rejected)"},
  mapping: {type: "string", arg: "FILE", help: `column mapping JSON (canonical field → source column; see docs/engine.md); default: --data's ${DATA_MAPPING}`}
};

/**
 * The files of a data folder that exist: the canonical CSVs and its mapping.json. One answer for
 * `--data DIR` and the site's data loaders (PULSE_DATA_DIR), so both read the same inputs.
 */
export function dataFolder(dir: string): Partial<Record<InputName | "mapping", string>> {
  const found: Partial<Record<InputName | "mapping", string>> = {};
  for (const [name, file] of [...Object.entries(DATA_FILES), ["mapping", DATA_MAPPING]]) {
    const path = join(dir, file);
    if (statSync(path, {throwIfNoEntry: false})?.isFile()) found[name as InputName | "mapping"] = path;
  }
  return found;
}

/** The inputs of a data folder as the batch engine takes them: transactions required, as for `--data`. */
export function dataInputs(dir: string): BatchInputs {
  const {transactions, ...rest} = dataFolder(dir);
  if (!transactions) throw new PulseError("E_BAD_INPUT", `data folder ${dir}: no ${DATA_FILES.transactions}`);
  return {transactions, ...rest};
}

/** `--mapping FILE`, for the commands that read event files without `--data` (segments, rules, forecast, alerts). */
export const mappingOption: OptionSpec = {...inputOptions.mapping, help: "column mapping JSON (canonical field → source column; see docs/engine.md)"};

/** The mapping file a command reads: `--mapping`, else the mapping.json of `--data DIR`, else none. */
export function mappingPath(options: ParsedOptions): string | undefined {
  const data = options.data as string | undefined;
  return (options.mapping as string | undefined) ?? (data === undefined ? undefined : dataFolder(data).mapping);
}

/**
 * The `--mapping` file, loaded and checked, else the mapping.json of `--data DIR` (undefined with
 * neither); a bad one is E_BAD_OPTION naming the option it came through.
 */
export async function readMappingOption(options: ParsedOptions): Promise<Mapping | undefined> {
  const path = mappingPath(options);
  if (path === undefined) return undefined;
  const data = options.data as string | undefined;
  const fromData = options.mapping === undefined;
  if (!fromData) await requireFile("mapping", path);
  try {
    return await loadMapping(path);
  } catch (error) {
    if (error instanceof PulseError && error.code === "E_BAD_INPUT") {
      throw badMapping(options, mappingProblem(path, error.message));
    }
    throw error;
  }
}

/**
 * Prints how each event file's columns are read when that is not plain (ingest/columnReport.ts), before
 * a command runs. A mapped column the file lacks is a bad --mapping (exit 2), found here rather than
 * inside the run.
 */
export async function reportColumns(files: Partial<Record<InputName, string>>, mapping: Mapping | undefined, options: ParsedOptions, log: (line: string) => void): Promise<void> {
  for (const kind of ["transactions", "refunds", "inventory"] as const) {
    const path = files[kind];
    if (!path) continue;
    let report: string | null;
    try {
      report = await columnReport(path, kind, mapping);
    } catch (error) {
      if (!(error instanceof PulseError && error.code === "E_BAD_INPUT" && mapping)) throw error;
      throw badMapping(options, error.message);
    }
    if (report) log(report);
  }
}

/** A mapping that cannot be used, as the option that named it: --mapping, or --data's mapping.json. */
function badMapping(options: ParsedOptions, problem: string): PulseError {
  const path = mappingPath(options)!;
  return options.mapping === undefined
    ? new PulseError("E_BAD_OPTION", `invalid --data: ${JSON.stringify(options.data)} (its ${DATA_MAPPING}: ${problem})`)
    : new PulseError("E_BAD_OPTION", `invalid --mapping: ${JSON.stringify(path)} (${problem})`);
}

/** loadMapping's message without the file's path it starts with (the option names it): "timestamp: invalid timezone …". */
function mappingProblem(path: string, message: string): string {
  const prefix = `mapping ${path}: `;
  if (message.startsWith(prefix)) return message.slice(prefix.length);
  if (message.startsWith(path)) return message.slice(path.length).replace(/^[.:]\s*/, "");
  return message;
}

export async function requireFile(option: string, path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw badOption(option, path, "an existing file");
}

/** Resolves `--data DIR` and the per-file options (which win) to checked paths; a bad one names its option. */
export async function inputFiles(options: ParsedOptions): Promise<InputFiles> {
  const files: Partial<Record<InputName, string>> = {};
  const data = options.data as string | undefined;
  if (data !== undefined) {
    const info = await stat(data).catch(() => null);
    if (!info?.isDirectory()) throw badOption("data", data, "an existing folder");
    const found = dataFolder(data);
    for (const name of Object.keys(DATA_FILES) as InputName[]) if (found[name]) files[name] = found[name];
    if (!files.transactions && options.transactions === undefined) throw badOption("data", data, `a folder with ${DATA_FILES.transactions}`);
  }
  for (const name of Object.keys(DATA_FILES) as InputName[]) {
    const path = options[name] as string | undefined;
    if (path !== undefined) {
      await requireFile(name, path);
      files[name] = path;
    }
  }
  if (!files.transactions) throw new PulseError("E_BAD_OPTION", "missing required option --transactions (or --data DIR)");
  if (options.mapping !== undefined) await requireFile("mapping", options.mapping as string);
  return files as InputFiles;
}
