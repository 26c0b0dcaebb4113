import {execFile} from "node:child_process";
import {join} from "node:path";
import {promisify} from "node:util";
import {vi} from "vitest";
import {main} from "../../cli/main.ts";

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");

/** Runs the real `pulse` binary in a child process; never throws on a non-zero exit. */
export function pulse(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  return run("node", ["bin/pulse.js", ...args], {cwd: root}).then(
    ({stdout, stderr}) => ({code: 0, stdout, stderr}),
    (error) => ({code: error.code as number, stdout: error.stdout as string, stderr: error.stderr as string})
  );
}

/** Runs the CLI in this process (no spawn, faster) and captures stderr. */
export async function pulseInProcess(...args: string[]): Promise<{code: number; stderr: string}> {
  let stderr = "";
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return {code: await main(args), stderr};
  } finally {
    spy.mockRestore();
  }
}
