import {monitorEventLoopDelay, type IntervalHistogram} from "node:perf_hooks";
import type {BridgeHealth} from "./provider.ts";

/**
 * The bridge's own health: event-loop delay, CPU and memory of this process. Each read covers
 * the interval since the previous read (the delay histogram is reset), so a stall shows up in
 * the sample that follows it. The mean is biased low during long stalls (no timer fires while
 * the loop is blocked, nodejs/node#34661); the max is the figure to watch.
 */
export function createHealthMonitor({resolutionMs = 20}: {resolutionMs?: number} = {}) {
  let histogram: IntervalHistogram | null = null;
  let lastCpu = process.cpuUsage();
  let lastTime = performance.now();
  let reads = 0;
  return {
    start() {
      if (histogram) return;
      histogram = monitorEventLoopDelay({resolution: resolutionMs});
      histogram.enable();
      lastCpu = process.cpuUsage();
      lastTime = performance.now();
      reads = 0;
    },
    stop() {
      histogram?.disable();
      histogram = null;
    },
    read(at: number): BridgeHealth {
      const cpu = process.cpuUsage();
      const time = performance.now();
      const elapsedUs = (time - lastTime) * 1000;
      const usedUs = cpu.user - lastCpu.user + (cpu.system - lastCpu.system);
      // The first read would cover module loading and start-up, not steady running.
      const cpuPercent = reads++ > 0 && elapsedUs > 0 ? (usedUs / elapsedUs) * 100 : null;
      lastCpu = cpu;
      lastTime = time;
      const measuredDelay = histogram !== null && histogram.count > 0;
      // The histogram records the whole timer period, so the delay is what exceeds the resolution
      // (as Elastic APM does; see open-telemetry/opentelemetry-js-contrib#2794). Timers firing up
      // to a millisecond early would give small negatives, which are not delays.
      const ms = (ns: number) => Math.max(0, ns / 1e6 - resolutionMs);
      const health: BridgeHealth = {
        at,
        loopMean: measuredDelay ? ms(histogram!.mean) : null,
        loopP99: measuredDelay ? ms(histogram!.percentile(99)) : null,
        loopMax: measuredDelay ? ms(histogram!.max) : null,
        cpuPercent,
        ...memory()
      };
      histogram?.reset();
      return health;
    }
  };
}

function memory() {
  const {rss, heapUsed, heapTotal} = process.memoryUsage();
  return {rss, heapUsed, heapTotal};
}
