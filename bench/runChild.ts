import {spawn, type ChildProcess} from "node:child_process";
import {existsSync, readFileSync} from "node:fs";
import {join, resolve} from "node:path";

export const ROOT = resolve(import.meta.dirname, "..");
/** The `pulse` launcher (bin/pulse: node with the memory settings users get from `npx pulse`). */
export const PULSE = join(ROOT, "bin/pulse");
/** bin/pulse runs this very node (not whichever `node` PATH finds first). */
const PULSE_ENV = {...process.env, PULSE_NODE: process.env.PULSE_NODE ?? process.execPath};
const TIME = "/usr/bin/time";

export interface ChildResult {
  code: number | null;
  wallMs: number;
  /** Peak resident set size of the child, bytes (null when it could not be measured). */
  peakRssBytes: number | null;
  stdout: string;
  stderr: string;
}

/** Peak RSS so far of a running process (VmHWM), bytes; null when /proc is not there. */
export function peakRss(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Runs `bin/pulse ...args` to completion, measuring wall time and peak RSS: through
 * /usr/bin/time when it exists (exact), else by polling /proc/<pid>/status (may miss a last spike).
 */
export function runPulse(args: string[], options: {onStderr?: (text: string) => void} = {}): Promise<ChildResult> {
  const useTime = existsSync(TIME);
  const marker = "PULSE_BENCH_MAXRSS_KB=";
  const command = useTime ? TIME : PULSE;
  const argv = useTime ? ["-f", `${marker}%M`, PULSE, ...args] : args;
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(command, argv, {cwd: ROOT, env: PULSE_ENV, stdio: ["ignore", "pipe", "pipe"]});
    let stdout = "";
    let stderr = "";
    let polled: number | null = null;
    const poll = useTime ? null : setInterval(() => (polled = peakRss(child.pid!) ?? polled), 50);
    child.stdout.on("data", (chunk) => (stdout += chunk));
    // Forward whole lines only, so the /usr/bin/time marker is never split across chunks and shown.
    let partial = "";
    child.stderr.on("data", (chunk) => {
      const text = String(chunk);
      stderr += text;
      const lines = (partial + text).split("\n");
      partial = lines.pop()!;
      const shown = lines.filter((line) => !line.startsWith(marker));
      if (shown.length) options.onStderr?.(shown.join("\n") + "\n");
    });
    child.on("error", fail);
    child.on("exit", (code) => {
      if (poll) clearInterval(poll);
      const m = new RegExp(`${marker}(\\d+)`).exec(stderr);
      stderr = stderr.replace(new RegExp(`^${marker}\\d+\\n?`, "m"), "");
      done({code, wallMs: performance.now() - started, peakRssBytes: m ? Number(m[1]) * 1024 : polled, stdout, stderr});
    });
  });
}

/** Starts a long-running `pulse serve`; resolves with its URL once it listens. */
export function startServe(args: string[], options: {onStderr?: (text: string) => void} = {}): Promise<{child: ChildProcess; url: string; stderr: () => string; exited: Promise<number | null>}> {
  const child = spawn(PULSE, ["serve", "--port", "0", ...args], {cwd: ROOT, env: PULSE_ENV, stdio: ["ignore", "ignore", "pipe"]});
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return new Promise((done, fail) => {
    child.stderr!.on("data", (chunk) => {
      stderr += chunk;
      options.onStderr?.(String(chunk));
      const m = /listening on (http:\/\/[^ ]+) /.exec(stderr);
      if (m) done({child, url: m[1], stderr: () => stderr, exited});
    });
    exited.then((code) => fail(new Error(`pulse serve exited (${code}): ${stderr}`)));
  });
}
