import {spawn} from "node:child_process";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";

const root = join(import.meta.dirname, "..", "..");
const launcher = join(root, "bin", "pulse");

/** Starts `bin/pulse serve` and returns what /proc says about the process it started, then stops it. */
async function launched(env: NodeJS.ProcessEnv = {}) {
  const child = spawn(launcher, ["serve", "--data", join(root, "data"), "--speed", "1", "--port", "0", "--hardware-interval", "0"], {cwd: root, env: {...process.env, ...env}, stdio: ["ignore", "ignore", "pipe"]});
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  try {
    const deadline = Date.now() + 30_000;
    while (!/listening on/.test(stderr) && child.exitCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stderr).toMatch(/listening on/);
    const proc = (name: string) => readFileSync(`/proc/${child.pid}/${name}`, "utf8");
    return {comm: proc("comm").trim(), argv: proc("cmdline").split("\0"), environ: proc("environ").split("\0")};
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
  }
}

describe("bin/pulse", () => {
  it("execs node itself (same process id: signals and kill -9 reach the server) with pulse's memory settings", async () => {
    const {comm, argv, environ} = await launched({MALLOC_MMAP_THRESHOLD_: undefined, PULSE_NODE_FLAGS: undefined, PULSE_NODE: undefined});
    expect(comm).toBe("node");
    expect(argv).toContain("--max-semi-space-size=2");
    expect(argv).toContain("--heap-growing-percent=15");
    expect(argv).toContain(join(root, "bin", "pulse.js"));
    expect(environ).toContain("MALLOC_MMAP_THRESHOLD_=131072");
  });

  it("takes node from PULSE_NODE, its flags from PULSE_NODE_FLAGS and the threshold from MALLOC_MMAP_THRESHOLD_", async () => {
    const {argv, environ} = await launched({PULSE_NODE: process.execPath, PULSE_NODE_FLAGS: "--max-semi-space-size=8", MALLOC_MMAP_THRESHOLD_: "65536"});
    expect(argv[0]).toBe(process.execPath);
    expect(argv).toContain("--max-semi-space-size=8");
    expect(argv).not.toContain("--max-semi-space-size=2");
    expect(argv).not.toContain("--heap-growing-percent=15");
    expect(environ).toContain("MALLOC_MMAP_THRESHOLD_=65536");
  });
});
