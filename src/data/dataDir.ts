import {fileURLToPath} from "node:url";
import {dataFolder, type InputName} from "../../cli/inputFiles.ts";

/** The data the loaders read: data/ at the project root, or PULSE_DATA_DIR. */
export const dataDir = process.env.PULSE_DATA_DIR ?? fileURLToPath(new URL("../../data/", import.meta.url));

/** The folder's files that exist (transactions.csv, refunds.csv, …, mapping.json), as `--data` finds them. */
export const dataFiles = dataFolder(dataDir);

/**
 * A `pulse` command's input options for the files the folder has, among `names`, plus `--mapping`
 * for its mapping.json: a folder with only a transactions file (under any column names the mapping
 * or the synonyms match) still builds every page.
 */
export function dataArgs(...names: InputName[]): string[] {
  const args: string[] = [];
  for (const name of [...names, "mapping" as const]) {
    const path = dataFiles[name];
    if (path) args.push(`--${name}`, path);
  }
  return args;
}

// Every loader needs the transactions file: say so once, plainly, rather than a stack trace per loader.
if (!dataFiles.transactions) {
  process.stderr.write(`data loaders: ${dataDir} has no transactions.csv (PULSE_DATA_DIR names the data folder; see README, "The workbench on your own data")\n`);
  process.exit(1);
}
