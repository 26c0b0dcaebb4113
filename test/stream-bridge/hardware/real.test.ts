// The default provider (systeminformation in a worker, /proc/stat on Linux) on the machine
// running the tests. What is asserted about temperature and GPUs follows what the machine
// exposes (probed independently here), so the test holds on a VM without sensors and on a
// workstation with them.
import {access, readdir} from "node:fs/promises";
import {describe, expect, it} from "vitest";
import {readingsOf} from "../../../stream-bridge/hardware/sample.ts";
import {createSampler} from "../../../stream-bridge/hardware/sampler.ts";
import {EVERY_SAMPLE} from "../../../stream-bridge/hardware/collect.ts";

async function hasThermalSensor(): Promise<boolean> {
  const zones = (await readdir("/sys/class/thermal").catch(() => [])).filter((n) => n.startsWith("thermal_zone"));
  const hwmon = await access("/sys/class/hwmon").then(
    async () => (await readdir("/sys/class/hwmon")).length > 0,
    () => false
  );
  return zones.length > 0 || hwmon;
}

describe("createSampler with the real provider", () => {
  it("reads real CPU, memory and disk numbers on this machine; what it lacks is null with a reason", async () => {
    const sampler = createSampler({refreshMs: EVERY_SAMPLE});
    try {
      const first = await sampler.sample();
      await new Promise((resolve) => setTimeout(resolve, 700));
      const sample = await sampler.sample();
      for (const r of readingsOf(sample)) {
        if (r.value === null) expect(r.reason, r.metric).toMatch(/\S/);
        else expect(Number.isFinite(r.value), r.metric).toBe(true);
      }
      expect(sample.cpu.load.value).toBeGreaterThanOrEqual(0);
      expect(sample.cpu.load.value).toBeLessThanOrEqual(100);
      if (process.platform === "linux") expect(sample.cpu.load.source).toBe("/proc/stat");
      expect(sample.cpu.cores.length).toBeGreaterThanOrEqual(1);
      for (const core of sample.cpu.cores) expect(core.value).toBeGreaterThanOrEqual(0);
      expect(sample.memory.total.value).toBeGreaterThan(64 * 1024 * 1024);
      expect(sample.memory.used.value).toBeGreaterThan(0);
      expect(sample.memory.used.value).toBeLessThan(sample.memory.total.value!);
      const root = sample.disks.size.find((r) => r.key === "/") ?? sample.disks.size[0];
      expect(root.value).toBeGreaterThan(0);
      expect(sample.disks.usedPercent.find((r) => r.key === root.key)?.value).toBeGreaterThanOrEqual(0);
      expect(sample.bridge.rss.value).toBeGreaterThan(0);
      expect(first.time).toBeLessThan(sample.time);

      if (process.platform === "linux" && !(await hasThermalSensor())) {
        for (const r of [sample.cpu.temperature, sample.cpu.temperatureMax, ...sample.cpu.coreTemperatures]) {
          expect(r).toMatchObject({value: null, source: "systeminformation.cpuTemperature", reason: expect.stringContaining("no thermal sensor exposed")});
        }
      }
    } finally {
      await sampler.stop();
    }
  });
});
