import {performance} from "node:perf_hooks";
import type {BridgeHealth} from "./provider.ts";

/**
 * The bridge's own health: event-loop delay and utilization, CPU and memory of this process.
 * Each read covers the interval since the previous one, so a stall shows up in the sample after it.
 *
 * Delay comes from a setTimeout probe (how late each tick fires), not perf_hooks'
 * monitorEventLoopDelay: on Node 20 that histogram missed a 300 ms stall in a setImmediate
 * callback entirely (max 26 ms) while catching the same stall in a timer or I/O callback. A probe
 * every 50 ms sees any stall of 50 ms or more (costing ~0.3% of a core under load, against ~0.8%
 * at 20 ms); the mean is biased low during long stalls (one late tick stands for the whole stall),
 * so the max is the figure to watch. Resolution is about a millisecond: libuv schedules timers on
 * its cached millisecond loop clock, so a tick can fire slightly before `due` by performance.now(),
 * which reads as 0. Utilization (performance.eventLoopUtilization) is free: the
 * share of the interval the loop spent running callbacks rather than waiting.
 */
export function createHealthMonitor({probeMs = 50}: {probeMs?: number} = {}) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lateness: number[] = [];
  let lastCpu = process.cpuUsage();
  let lastTime = performance.now();
  let lastElu = performance.eventLoopUtilization();
  let reads = 0;

  function schedule() {
    const due = performance.now() + probeMs;
    timer = setTimeout(() => {
      lateness.push(Math.max(0, performance.now() - due));
      schedule();
    }, probeMs);
    timer.unref();
  }

  return {
    start() {
      if (timer) return;
      lateness = [];
      lastCpu = process.cpuUsage();
      lastTime = performance.now();
      lastElu = performance.eventLoopUtilization();
      reads = 0;
      schedule();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
    read(at: number): BridgeHealth {
      const cpu = process.cpuUsage();
      const time = performance.now();
      const elu = performance.eventLoopUtilization();
      const elapsedUs = (time - lastTime) * 1000;
      // The first read would cover start-up, not steady running.
      const first = reads++ === 0;
      const cpuPercent = !first && elapsedUs > 0 ? ((cpu.user - lastCpu.user + cpu.system - lastCpu.system) / elapsedUs) * 100 : null;
      const loopUtilization = !first ? performance.eventLoopUtilization(elu, lastElu).utilization * 100 : null;
      const delays = lateness;
      lateness = [];
      lastCpu = cpu;
      lastTime = time;
      lastElu = elu;
      const {rss, heapUsed, heapTotal} = process.memoryUsage();
      return {
        at,
        loopMean: delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : null,
        loopMax: delays.length ? Math.max(...delays) : null,
        loopUtilization,
        cpuPercent,
        rss,
        heapUsed,
        heapTotal
      };
    }
  };
}
