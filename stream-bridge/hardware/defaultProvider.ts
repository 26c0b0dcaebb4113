import {procStatLoad} from "./procStat.ts";
import type {HardwareProvider} from "./provider.ts";
import {systeminformationWorker} from "./worker.ts";

/**
 * systeminformation in a worker thread; on Linux, CPU load comes from /proc/stat read directly
 * (see procStat.ts: the one call made every second must not spawn processes).
 */
export function defaultProvider(): HardwareProvider {
  const worker = systeminformationWorker();
  if (process.platform !== "linux") return worker;
  return {...worker, currentLoad: procStatLoad(), sources: {currentLoad: "/proc/stat"}};
}
