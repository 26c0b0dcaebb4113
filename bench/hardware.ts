// Measures what the hardware sampler costs: CPU time of this process (all threads, so the
// systeminformation worker too) plus the commands systeminformation spawns (reaped children's
// CPU from /proc/self/stat), as percent of one core, over a run at the bridge's defaults.
//   npx tsx bench/hardware.ts [--duration 60s] [--interval 1s] [--every-sample] [--in-process]
import {execFileSync} from "node:child_process";
import {readFileSync} from "node:fs";
import si from "systeminformation";
import {parseOptions} from "../cli/args.ts";
import {formatDuration} from "../lib/duration.ts";
import {EVERY_SAMPLE} from "../stream-bridge/hardware/collect.ts";
import type {HardwareProvider} from "../stream-bridge/hardware/provider.ts";
import type {HardwareSample} from "../stream-bridge/hardware/sample.ts";
import {createSampler} from "../stream-bridge/hardware/sampler.ts";

export interface HardwareBench {
  durationMs: number;
  intervalMs: number;
  samples: number;
  selfMs: number;
  childrenMs: number;
  /** (self + children) CPU over wall time, percent of one core. */
  percentOfCore: number;
  idlePercentOfCore: number;
  /** Worst event-loop delay of the main thread seen by the sampler's own health readings. */
  maxLoopDelayMs: number | null;
}

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], {encoding: "utf8"}).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU ms used so far by this process and by its reaped children (Linux; children are 0 elsewhere). */
function cpuMs(): {self: number; children: number} {
  const {user, system} = process.cpuUsage();
  let children = 0;
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields after the command name start at field 3 (state); cutime and cstime are fields 16 and 17.
    children = ((Number(fields[13]) + Number(fields[14])) * 1000) / ticksPerSecond;
  } catch {
    // not Linux
  }
  return {self: (user + system) / 1000, children};
}

async function measure(durationMs: number, during?: () => void): Promise<{self: number; children: number; wall: number}> {
  const before = cpuMs();
  const start = performance.now();
  during?.();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  const after = cpuMs();
  return {self: after.self - before.self, children: after.children - before.children, wall: performance.now() - start};
}

export async function benchHardware({durationMs = 60_000, intervalMs = 1000, everySample = false, inProcess = false, idleMs = 10_000} = {}): Promise<HardwareBench> {
  const idle = await measure(idleMs);
  const sampler = createSampler({intervalMs, refreshMs: everySample ? EVERY_SAMPLE : undefined, si: inProcess ? (si as unknown as HardwareProvider) : undefined});
  // Warm-up outside the measurement: worker start, module loading, environment probe, and the
  // first currentLoad (which primes its counters over 500 ms).
  await sampler.sample();
  const samples: HardwareSample[] = [];
  sampler.onSample((sample) => samples.push(sample));
  const run = await measure(durationMs, () => sampler.start());
  await sampler.stop();
  const loop = samples.map((s) => s.bridge.loopDelayMax.value).filter((v): v is number => v !== null);
  return {
    durationMs: run.wall,
    intervalMs,
    samples: samples.length,
    selfMs: run.self,
    childrenMs: run.children,
    percentOfCore: ((run.self + run.children) / run.wall) * 100,
    idlePercentOfCore: ((idle.self + idle.children) / idle.wall) * 100,
    maxLoopDelayMs: loop.length ? Math.max(...loop) : null
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const {options} = parseOptions(process.argv.slice(2), {
    duration: {type: "duration", help: "measured run", default: "60s"},
    interval: {type: "duration", help: "sampling interval", default: "1s"},
    "every-sample": {type: "boolean", help: "read every call on every sample (the CLI's mode)"},
    "in-process": {type: "boolean", help: "call systeminformation on the main thread instead of the worker"}
  });
  const durationMs = options.duration as number;
  const intervalMs = options.interval as number;
  const mode = `${options["every-sample"] ? "every call every sample" : "bridge defaults"}, ${options["in-process"] ? "in-process" : "worker thread"}`;
  process.stderr.write(`bench hardware: 10s idle baseline, then ${formatDuration(durationMs)} at ${formatDuration(intervalMs)} (${mode})\n`);
  const result = await benchHardware({durationMs, intervalMs, everySample: options["every-sample"] === true, inProcess: options["in-process"] === true});
  process.stdout.write(
    [
      `samples            ${result.samples} in ${(result.durationMs / 1000).toFixed(1)} s`,
      `process CPU        ${result.selfMs.toFixed(0)} ms (all threads)`,
      `children CPU       ${result.childrenMs.toFixed(0)} ms (commands systeminformation spawned)`,
      `sampler cost       ${result.percentOfCore.toFixed(2)} % of one core`,
      `idle baseline      ${result.idlePercentOfCore.toFixed(2)} % of one core (same process, not sampling)`,
      `main-thread stall  ${result.maxLoopDelayMs === null ? "n/a" : `${result.maxLoopDelayMs.toFixed(1)} ms`} worst event-loop delay`,
      ""
    ].join("\n")
  );
}
