import {readFile} from "node:fs/promises";
import type {CpuLoad} from "./provider.ts";

interface Ticks {
  busy: number;
  total: number;
}

/**
 * CPU load from /proc/stat with one async file read: systeminformation's currentLoad runs
 * `cat /proc/stat | grep cpu` through execSync on every call (three processes and a blocked
 * thread each second), which alone cost more than the sampler's budget. Busy is everything but
 * idle and iowait, steal included (a VM's stolen time is time this machine could not run);
 * guest time is already counted in user, so it is not added again. Like systeminformation, the
 * first call measures over 500 ms instead of returning the average since boot.
 */
export function procStatLoad(path = "/proc/stat"): () => Promise<CpuLoad> {
  let previous: Ticks[] | null = null;
  return async function currentLoad() {
    if (!previous) {
      previous = parse(await readFile(path, "utf8"));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const current = parse(await readFile(path, "utf8"));
    const before = previous;
    previous = current;
    if (current.length !== before.length) throw new Error(`${path}: CPU count changed from ${before.length - 1} to ${current.length - 1}`);
    const load = current.map((c, i) => {
      const total = c.total - before[i].total;
      // No tick elapsed (called twice within 10 ms): no measurement, not 0%.
      return total > 0 ? ((c.busy - before[i].busy) / total) * 100 : NaN;
    });
    return {currentLoad: load[0], cpus: load.slice(1).map((value) => ({load: value}))};
  };
}

/** The aggregate `cpu` line first, then cpu0, cpu1, ... */
export function parse(text: string): Ticks[] {
  const ticks: Ticks[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("cpu")) continue;
    const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    ticks.push({busy, total: busy + idle + iowait});
  }
  if (!ticks.length) throw new Error("no cpu lines in /proc/stat");
  return ticks;
}
