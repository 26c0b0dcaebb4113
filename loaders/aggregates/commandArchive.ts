import {mkdtemp, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {parseOptions, type Command} from "../../cli/args.ts";
import {toIpcStream} from "./snapshot.ts";
import {tarArchive} from "./tarArchive.ts";

export interface CommandRun {
  /** A `pulse` subcommand (cli/commands/<name>.ts). */
  command: string;
  /** Its arguments, given the scratch folder the outputs must go to. */
  args: (dir: string) => string[];
  /**
   * When the data cannot give this result (the command fails with E_SHORT_HISTORY: too few days for
   * a backtest), the files to ship instead, by name: empty tables whose metadata says why, so
   * the build goes on and the page can say so. Without it such a failure fails the loader.
   */
  unavailable?: (reason: string) => Record<string, Uint8Array>;
}

/**
 * Runs `pulse` subcommands in process, exactly as the CLI would (same option parsing and defaults),
 * and returns every Arrow file they wrote as one tar of IPC streams: how the workbench's data
 * loaders snapshot the ML results without a second implementation. Anything a command prints on
 * stdout goes to stderr meanwhile, since a loader's stdout is its output file.
 */
export async function commandArchive(runs: readonly CommandRun[]): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), "pulse-loader-"));
  try {
    for (const run of runs) {
      try {
        await runCommand(run, dir);
      } catch (error) {
        const cause = (error as Error).cause as {code?: string; message?: string} | undefined;
        if (!run.unavailable || cause?.code !== "E_SHORT_HISTORY") throw error;
        process.stderr.write(`pulse ${run.command}: not available for this data: ${cause.message}\n`);
        for (const [name, bytes] of Object.entries(run.unavailable(cause.message!))) await writeFile(join(dir, name), bytes);
      }
    }
    const names = (await readdir(dir)).filter((name) => name.endsWith(".arrow")).sort();
    const entries = await Promise.all(names.map(async (name) => ({name, bytes: toIpcStream(new Uint8Array(await readFile(join(dir, name))))})));
    return tarArchive(entries);
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}

async function runCommand(run: CommandRun, dir: string): Promise<void> {
  const {command} = (await import(`../../cli/commands/${run.command}.ts`)) as {command: Command};
  const write = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    const {options, positionals} = parseOptions(run.args(dir), command.options);
    const code = (await command.run(options, positionals)) ?? 0;
    if (code !== 0) throw new Error(`exited with ${code}`);
  } catch (error) {
    throw new Error(`pulse ${run.command}: ${(error as Error).message}`, {cause: error});
  } finally {
    process.stdout.write = write;
  }
}
