import {describe, expect, it} from "vitest";
import {createHealthMonitor} from "../../../stream-bridge/hardware/health.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const busy = (ms: number) => {
  const start = performance.now();
  while (performance.now() - start < ms);
};

describe("createHealthMonitor", () => {
  // A stall in a setImmediate callback is the case perf_hooks.monitorEventLoopDelay missed on Node 20.
  for (const [phase, stall] of [
    ["a timer callback", (ms: number) => new Promise<void>((resolve) => setTimeout(() => (busy(ms), resolve()), 5))],
    ["a setImmediate callback", (ms: number) => new Promise<void>((resolve) => setImmediate(() => (busy(ms), resolve())))]
  ] as const) {
    it(`sees a 200 ms stall in ${phase} in the next reading's max delay`, async () => {
      const health = createHealthMonitor();
      health.start();
      try {
        await sleep(120);
        const first = health.read(Date.now());
        expect(first.cpuPercent).toBeNull(); // no interval yet
        expect(first.loopUtilization).toBeNull();
        await stall(200);
        await sleep(120);
        const second = health.read(Date.now());
        expect(second.loopMax).toBeGreaterThanOrEqual(140);
        expect(second.loopMax).toBeLessThan(2000);
        // The loop was busy 200 ms of ~330 ms (wall time); CPU time can be far less on a shared machine.
        expect(second.loopUtilization).toBeGreaterThan(40);
        expect(second.cpuPercent).toBeGreaterThan(0);
        expect(second.rss).toBeGreaterThan(second.heapUsed);
      } finally {
        health.stop();
      }
    });
  }

  it("reports no delay measurement before the probe has fired", () => {
    const health = createHealthMonitor({probeMs: 1000});
    health.start();
    const reading = health.read(Date.now());
    health.stop();
    expect(reading.loopMax).toBeNull();
    expect(reading.loopMean).toBeNull();
  });
});
