import {afterEach, describe, expect, it, vi} from "vitest";
import {PulseError} from "../../../lib/errors.ts";
import {unknownEnvironment} from "../../../stream-bridge/hardware/environment.ts";
import type {Reading} from "../../../stream-bridge/hardware/reading.ts";
import {readingsOf, type HardwareSample} from "../../../stream-bridge/hardware/sample.ts";
import {createSampler, type SamplerOptions} from "../../../stream-bridge/hardware/sampler.ts";
import {vmEnvironment, vmWithoutSensors, workstationEnvironment, workstationWithNvidia} from "./fakes.ts";

const T0 = Date.UTC(2024, 0, 1);

/** A sampler on a fake clock; `tick(ms)` advances it. */
function fakeClock() {
  let time = T0;
  return {now: () => time, tick: (ms: number) => void (time += ms)};
}

function samplerFor(options: SamplerOptions) {
  const clock = fakeClock();
  const sampler = createSampler({now: clock.now, ...options});
  return {sampler, clock};
}

function find(sample: HardwareSample, metric: string, key: string | null = null): Reading {
  const reading = readingsOf(sample).find((r) => r.metric === metric && r.key === key);
  if (!reading) throw new Error(`no reading ${metric} ${key}`);
  return reading;
}

function expectHonest(sample: HardwareSample) {
  expect(Object.keys(sample)).toEqual(["time", "cpu", "memory", "disks", "network", "gpus", "bridge"]);
  expect(Object.keys(sample.cpu)).toEqual(["load", "cores", "temperature", "temperatureMax", "coreTemperatures"]);
  expect(Object.keys(sample.memory)).toEqual(["used", "total", "usedPercent", "swapUsed", "swapTotal"]);
  expect(Object.keys(sample.disks)).toEqual(["usedPercent", "used", "size", "readOps", "writeOps"]);
  expect(Object.keys(sample.network)).toEqual(["rx", "tx"]);
  expect(Object.keys(sample.gpus)).toEqual(["utilization", "temperature", "memoryUsed", "memoryTotal"]);
  expect(Object.keys(sample.bridge)).toEqual(["loopDelayMean", "loopDelayMax", "loopUtilization", "cpu", "rss", "heapUsed", "heapTotal"]);
  for (const list of [sample.cpu.cores, sample.cpu.coreTemperatures, sample.disks.used, sample.network.rx, sample.gpus.utilization]) expect(list.length).toBeGreaterThan(0);
  for (const r of readingsOf(sample)) {
    expect(Object.keys(r).sort()).toEqual(["at", "key", "metric", "reason", "source", "unit", "value"]);
    expect(r.source).toMatch(/\S/);
    if (r.value === null) expect(r.reason, `${r.metric} needs a reason`).toMatch(/\S/);
    else {
      expect(Number.isFinite(r.value), `${r.metric} = ${r.value}`).toBe(true);
      expect(r.reason).toBeNull();
    }
  }
}

describe("createSampler", () => {
  afterEach(() => vi.useRealTimers());

  it("sample() on a VM without sensors or GPU: every field present, numbers or null with a reason", async () => {
    const {sampler, clock} = samplerFor({si: vmWithoutSensors(), environment: vmEnvironment, refreshMs: {disksIO: 0, networkStats: 0}});
    const first = await sampler.sample();
    expectHonest(first);
    expect(first.time).toBe(T0);
    expect(find(first, "cpu.load")).toMatchObject({value: 66.3265306122449, unit: "%", source: "systeminformation.currentLoad"});
    expect(first.cpu.cores.map((r) => [r.key, r.value])).toEqual([["0", 62], ["1", 70.83333333333334]]);
    for (const metric of ["cpu.temperature", "cpu.temperature.max", "cpu.core.temperature"]) {
      expect(find(first, metric)).toMatchObject({value: null, reason: expect.stringContaining("no thermal sensor exposed")});
    }
    for (const metric of ["gpu.utilization", "gpu.temperature", "gpu.memory.used", "gpu.memory.total"]) {
      expect(find(first, metric)).toMatchObject({value: null, reason: expect.stringContaining("no GPU found")});
    }
    // memory.used is total − available (systeminformation's `active`), not `used`, which counts page cache.
    expect(find(first, "memory.used").value).toBe(483909632);
    expect(find(first, "memory.used_percent").value).toBeCloseTo((483909632 / 25276502016) * 100, 12);
    expect(find(first, "swap.total").value).toBe(0);
    expect(find(first, "disk.used_percent", "/").value).toBe(21.98);
    expect(find(first, "disk.read_ops")).toMatchObject({value: null, reason: expect.stringContaining("first read")});
    expect(find(first, "network.rx", "eth0")).toMatchObject({value: null, reason: expect.stringContaining("first read")});
    expect(find(first, "bridge.rss")).toMatchObject({unit: "bytes", source: "process.memoryUsage"});
    expect(find(first, "bridge.rss").value).toBeGreaterThan(0);

    clock.tick(1000);
    const second = await sampler.sample();
    expectHonest(second);
    expect(find(second, "disk.read_ops").value).toBe(33.02286198137172);
    expect(find(second, "disk.write_ops").value).toBe(292.9720575783234);
    expect(find(second, "network.rx", "eth0").value).toBe(1000);
    expect(find(second, "network.tx", "eth0").value).toBe(500);
    expect(find(second, "bridge.cpu").value).toBeGreaterThanOrEqual(0);
  });

  it("passes through the values of a machine with sensors and an NVIDIA GPU", async () => {
    const {sampler} = samplerFor({si: workstationWithNvidia(), environment: workstationEnvironment});
    const sample = await sampler.sample();
    expectHonest(sample);
    expect(find(sample, "cpu.temperature").value).toBe(52);
    expect(find(sample, "cpu.temperature.max").value).toBe(55);
    expect(sample.cpu.coreTemperatures.map((r) => r.value)).toEqual([50, 55, 51, 52]);
    expect(find(sample, "swap.used").value).toBe(1048576);
    expect(sample.disks.usedPercent.map((r) => [r.key, r.value])).toEqual([["/", 91.2], ["/data", 25]]);
    const gpu = "0: GA102 [GeForce RTX 3090]";
    expect(find(sample, "gpu.utilization", gpu).value).toBe(37);
    expect(find(sample, "gpu.temperature", gpu).value).toBe(54);
    expect(find(sample, "gpu.memory.used", gpu).value).toBe(1024 * 1024 * 1024);
    expect(find(sample, "gpu.memory.total", gpu).value).toBe(24576 * 1024 * 1024);
    // The iGPU is listed, but only nvidia-smi reports utilization, temperature and memory.
    expect(find(sample, "gpu.utilization", "1: UHD Graphics 770")).toMatchObject({value: null, reason: expect.stringContaining("only NVIDIA")});
  });

  it("says nvidia-smi is missing for an NVIDIA GPU on a machine without it", async () => {
    const si = workstationWithNvidia({graphics: async () => ({controllers: [{vendor: "NVIDIA Corporation", model: "TU104GL [Tesla T4]", bus: "PCIe", vram: 16384, vramDynamic: false}], displays: []})});
    const {sampler} = samplerFor({si, environment: {...workstationEnvironment, commands: {lspci: true, nvidiaSmi: false}}});
    const sample = await sampler.sample();
    for (const list of Object.values(sample.gpus)) expect(list).toMatchObject([{value: null, reason: "nvidia-smi not installed"}]);
  });

  it("keeps ceil(historyMs / intervalMs) samples, oldest first", async () => {
    const {sampler, clock} = samplerFor({si: vmWithoutSensors(), environment: vmEnvironment, intervalMs: 1000, historyMs: 4500});
    expect(sampler.capacity).toBe(5);
    for (let i = 0; i < 8; ++i, clock.tick(1000)) await sampler.sample();
    expect(sampler.history().map((s) => s.time - T0)).toEqual([3000, 4000, 5000, 6000, 7000]);
    expect(sampler.latest()?.time).toBe(T0 + 7000);
  });

  it("defaults to one hour of history at 1 s (3600 samples)", () => {
    expect(createSampler({si: vmWithoutSensors()}).capacity).toBe(3600);
  });

  it("repeats slow calls from cache with their original read time", async () => {
    const si = vmWithoutSensors();
    const {sampler, clock} = samplerFor({si, environment: vmEnvironment, refreshMs: {cpuTemperature: 10_000}});
    const samples = [];
    for (let i = 0; i < 12; ++i, clock.tick(1000)) samples.push(await sampler.sample());
    expect(si.calls.cpuTemperature).toBe(2); // at 0 s and 10 s
    expect(si.calls.currentLoad).toBe(12);
    expect(samples.map((s) => s.cpu.temperature.at - T0)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10_000, 10_000]);
    expect(samples.map((s) => s.cpu.load.at - T0)).toEqual(samples.map((s) => s.time - T0));
  });

  it("never calls a method again within 600 ms of its answer (systeminformation would answer from cache)", async () => {
    const si = vmWithoutSensors();
    const {sampler, clock} = samplerFor({si, environment: vmEnvironment, intervalMs: 500, refreshMs: {disksIO: 0}});
    for (let i = 0; i < 4; ++i, clock.tick(500)) await sampler.sample();
    expect(si.calls.disksIO).toBe(2); // at 0 and 1000 ms, not at 500 and 1500
  });

  it("turns a failed or hung call into null readings naming the source, and keeps sampling", async () => {
    const si = vmWithoutSensors({
      graphics: async () => {
        throw new Error("lspci exploded");
      },
      networkStats: () => new Promise(() => {})
    });
    const {sampler, clock} = samplerFor({si, environment: vmEnvironment, callTimeoutMs: 50, refreshMs: {networkStats: 0, graphics: 0}});
    const first = await sampler.sample();
    expectHonest(first);
    expect(find(first, "gpu.utilization").reason).toBe("systeminformation.graphics failed: lspci exploded");
    expect(find(first, "network.rx").reason).toBe("systeminformation.networkStats failed: timed out after 50 ms");
    expect(find(first, "cpu.load").value).toBe(66.3265306122449);
    clock.tick(1000);
    const second = await sampler.sample();
    expect(find(second, "network.tx").reason).toBe("systeminformation.networkStats failed: previous call still running");
  });

  it("start() samples every interval, never two at once, until stop()", async () => {
    vi.useFakeTimers({toFake: ["setTimeout", "clearTimeout", "Date", "performance"]});
    let active = 0;
    let most = 0;
    const si = vmWithoutSensors({
      // Slower than the interval: the next sample must wait for this one.
      mem: async () => {
        most = Math.max(most, ++active);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        active--;
        return {total: 100, active: 50, swaptotal: 0, swapused: 0};
      }
    });
    vi.setSystemTime(T0);
    const sampler = createSampler({si, environment: vmEnvironment, intervalMs: 1000});
    const times: number[] = [];
    sampler.onSample((s) => times.push(s.time));
    sampler.start();
    sampler.start(); // idempotent
    await vi.advanceTimersByTimeAsync(5900);
    // 0: mem answers at 1500, so the next sample begins then (late, not overlapping); it skips mem
    // (answered 0 ms ago, see MIN_CALL_GAP_MS) and ends at once; 2500 calls mem again (until 4000),
    // 4000 skips it, and the sample begun at 5000 is still in flight.
    // (fake timers run a 0 ms timeout 1 ms later, hence the rounding to 10 ms)
    const offsets = () => times.map((t) => Math.round((t - T0) / 10) * 10);
    expect(offsets()).toEqual([0, 1500, 2500, 4000]);
    const stopping = sampler.stop();
    await vi.advanceTimersByTimeAsync(1000);
    await stopping; // waited for the sample in flight
    await vi.advanceTimersByTimeAsync(5000);
    expect(most).toBe(1);
    expect(offsets()).toEqual([0, 1500, 2500, 4000, 5000]);
  });

  it("emits to listeners until they unsubscribe; a throwing listener does not stop sampling", async () => {
    const errors: unknown[] = [];
    const {sampler, clock} = samplerFor({si: vmWithoutSensors(), environment: vmEnvironment, onListenerError: (e) => errors.push(e)});
    const seen: number[] = [];
    const unsubscribe = sampler.onSample((s) => seen.push(s.time));
    sampler.onSample(() => {
      throw new Error("bad listener");
    });
    await sampler.sample();
    unsubscribe();
    clock.tick(1000);
    await sampler.sample();
    expect(seen).toEqual([T0]);
    expect(errors).toHaveLength(2);
    expect(sampler.history()).toHaveLength(2);
  });

  it("raises alerts through onAlert", async () => {
    const si = workstationWithNvidia(); // / is 91.2% full
    const {sampler} = samplerFor({si, environment: workstationEnvironment});
    const alerts: unknown[] = [];
    sampler.onAlert((a) => alerts.push(a));
    await sampler.sample();
    expect(alerts).toEqual([expect.objectContaining({kind: "hardware", severity: "warning", subject: "disk.used_percent /", value: 91.2, threshold: 90, time: T0})]);
  });

  it("words reasons generically when the environment is unknown (an injected provider)", async () => {
    const {sampler} = samplerFor({si: vmWithoutSensors(), environment: unknownEnvironment("linux")});
    const sample = await sampler.sample();
    expect(find(sample, "cpu.temperature").reason).toBe("no CPU temperature reported");
    expect(find(sample, "gpu.utilization").reason).toBe("no GPU found");
  });

  it("rejects an interval under 500 ms, naming it", () => {
    expect(() => createSampler({intervalMs: 100})).toThrow(PulseError);
    expect(() => createSampler({intervalMs: 100})).toThrow(/100 ms/);
    expect(() => createSampler({refreshMs: {fsSize: -1}})).toThrow(/fsSize: -1/);
  });

  it("interval 0 means off: start() does nothing", async () => {
    vi.useFakeTimers({toFake: ["setTimeout", "clearTimeout"]});
    const sampler = createSampler({si: vmWithoutSensors(), environment: vmEnvironment, intervalMs: 0});
    sampler.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(sampler.history()).toEqual([]);
    await sampler.stop();
  });
});
