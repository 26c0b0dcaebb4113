import type {Systeminformation as SI} from "systeminformation";
import type {HardwareEnvironment} from "./environment.ts";
import type {BridgeHealth, Call, CpuLoad, RawHardware} from "./provider.ts";
import {checked, measured, missing, type Reading, type Unit} from "./reading.ts";
import type {HardwareSample} from "./sample.ts";

const MIB = 1024 * 1024;
// Rounding in systeminformation's percentages can overshoot 100 by a few ulps.
const PERCENT = {max: 100 + 1e-6};

/**
 * Turns raw provider results into a sample of honest readings: each value systeminformation
 * leaves out or fills with a placeholder (null, -1, 0, NaN, [] ) becomes null with a reason,
 * worded from what `env` knows about the machine. Pure.
 */
export function toSample(raw: RawHardware, env: HardwareEnvironment): HardwareSample {
  return {
    time: raw.time,
    cpu: {...cpuLoad(raw.currentLoad), ...cpuTemperature(raw.cpuTemperature, env)},
    memory: memory(raw.mem),
    disks: {...filesystems(raw.fsSize), ...diskIO(raw.disksIO, env)},
    network: network(raw.networkStats),
    gpus: gpus(raw.graphics, env),
    bridge: bridge(raw.health)
  };
}

function failure(call: {source: string; error: string}): string {
  return `${call.source} failed: ${call.error}`;
}

function cpuLoad(call: Call<CpuLoad>): Pick<HardwareSample["cpu"], "load" | "cores"> {
  if (!call.ok) {
    const reason = failure(call);
    return {load: missing("cpu.load", null, "%", call.source, reason, call.at), cores: [missing("cpu.core.load", null, "%", call.source, reason, call.at)]};
  }
  const {currentLoad, cpus} = call.value;
  const load = checked("cpu.load", null, currentLoad, "%", call.source, call.at, {...PERCENT, absent: "no CPU load reported"});
  const cores = cpus?.length
    ? cpus.map((cpu, i) => checked("cpu.core.load", String(i), cpu.load, "%", call.source, call.at, {...PERCENT, absent: "no load reported for this core"}))
    : [missing("cpu.core.load", null, "%", call.source, "no per-core counters reported", call.at)];
  return {load, cores};
}

function cpuTemperature(call: Call<SI.CpuTemperatureData>, env: HardwareEnvironment): Pick<HardwareSample["cpu"], "temperature" | "temperatureMax" | "coreTemperatures"> {
  const absent = noTemperatureReason(env);
  if (!call.ok) {
    const reason = failure(call);
    return {
      temperature: missing("cpu.temperature", null, "°C", call.source, reason, call.at),
      temperatureMax: missing("cpu.temperature.max", null, "°C", call.source, reason, call.at),
      coreTemperatures: [missing("cpu.core.temperature", null, "°C", call.source, reason, call.at)]
    };
  }
  const {main, max, cores} = call.value;
  const temperature = celsius("cpu.temperature", null, main, call.source, call.at, absent);
  const coreTemperatures = cores?.length
    ? cores.map((value, i) => celsius("cpu.core.temperature", String(i), value, call.source, call.at, absent))
    : [missing("cpu.core.temperature", null, "°C", call.source, temperature.value === null ? absent : "no per-core sensors (only a package or zone sensor)", call.at)];
  return {temperature, temperatureMax: celsius("cpu.temperature.max", null, max, call.source, call.at, absent), coreTemperatures};
}

/** systeminformation 4 returned -1 for "no sensor", 5 returns null; Windows WMI can yield ≤ 0 (issue #40). */
function celsius(metric: string, key: string | null, value: unknown, source: string, at: number, absent: string): Reading {
  if (value === -1) return missing(metric, key, "°C", source, `${absent} (systeminformation returned -1)`, at);
  if (typeof value === "number" && value <= 0) return missing(metric, key, "°C", source, `implausible value ${value} °C (a running chip is above 0 °C), treated as missing`, at);
  return checked(metric, key, value, "°C", source, at, {min: 0, max: 150, absent});
}

export function noTemperatureReason(env: HardwareEnvironment): string {
  if (env.platform === "linux" && env.thermal) {
    const {hwmonInputs, thermalZones, unreadable} = env.thermal;
    if (hwmonInputs === 0 && thermalZones === 0) return "no thermal sensor exposed (no temperature input under /sys/class/hwmon, no zone under /sys/class/thermal)";
    if (unreadable > 0 && unreadable === hwmonInputs && thermalZones === 0) return `permission denied reading the ${unreadable} temperature input(s) under /sys/class/hwmon`;
    return `no CPU sensor recognised among ${hwmonInputs} hwmon temperature input(s) and ${thermalZones} thermal zone(s)`;
  }
  if (env.platform === "win32") return "not exposed: Windows reports it only through WMI MSAcpi_ThermalZoneTemperature, which many machines lack and which needs administrator rights";
  if (env.platform === "darwin") return "not exposed: macOS needs the optional osx-temperature-sensor or macos-temperature-sensor package";
  return "no CPU temperature reported";
}

function memory(call: Call<SI.MemData>): HardwareSample["memory"] {
  if (!call.ok) {
    const reason = failure(call);
    const gone = (metric: string, unit: Unit) => missing(metric, null, unit, call.source, reason, call.at);
    return {used: gone("memory.used", "bytes"), total: gone("memory.total", "bytes"), usedPercent: gone("memory.used_percent", "%"), swapUsed: gone("swap.used", "bytes"), swapTotal: gone("swap.total", "bytes")};
  }
  const m = call.value;
  const total = checked("memory.total", null, m.total, "bytes", call.source, call.at, {min: 1, absent: "total memory not reported"});
  // `active` is total − available: memory applications hold. `used` also counts page cache, which
  // Linux fills to near 100% on any busy machine, so a threshold on it would always fire.
  const used = checked("memory.used", null, m.active, "bytes", call.source, call.at, {max: total.value ?? Infinity, absent: "memory in use not reported"});
  const usedPercent =
    used.value !== null && total.value !== null
      ? measured("memory.used_percent", null, (used.value / total.value) * 100, "%", call.source, call.at)
      : missing("memory.used_percent", null, "%", call.source, (used.reason ?? total.reason)!, call.at);
  const swapTotal = checked("swap.total", null, m.swaptotal, "bytes", call.source, call.at, {absent: "swap size not reported"});
  const swapUsed = checked("swap.used", null, m.swapused, "bytes", call.source, call.at, {max: swapTotal.value ?? Infinity, absent: "swap use not reported"});
  return {used, total, usedPercent, swapUsed, swapTotal};
}

function filesystems(call: Call<SI.FsSizeData[]>): Pick<HardwareSample["disks"], "usedPercent" | "used" | "size"> {
  const list = call.ok ? call.value ?? [] : [];
  if (!list.length) {
    const reason = call.ok ? "no filesystem listed" : failure(call);
    return {
      usedPercent: [missing("disk.used_percent", null, "%", call.source, reason, call.at)],
      used: [missing("disk.used", null, "bytes", call.source, reason, call.at)],
      size: [missing("disk.size", null, "bytes", call.source, reason, call.at)]
    };
  }
  const keyOf = (fs: SI.FsSizeData) => fs.mount || fs.fs;
  return {
    usedPercent: list.map((fs) => checked("disk.used_percent", keyOf(fs), fs.use, "%", call.source, call.at, {...PERCENT, absent: "use not reported"})),
    used: list.map((fs) => checked("disk.used", keyOf(fs), fs.used, "bytes", call.source, call.at, {absent: "used space not reported"})),
    size: list.map((fs) => checked("disk.size", keyOf(fs), fs.size, "bytes", call.source, call.at, {min: 1, absent: "size not reported"}))
  };
}

function diskIO(call: Call<SI.DisksIoData | null>, env: HardwareEnvironment): Pick<HardwareSample["disks"], "readOps" | "writeOps"> {
  const rate = (metric: string, pick: (io: SI.DisksIoData) => number | null) => {
    if (!call.ok) return missing(metric, null, "ops/s", call.source, failure(call), call.at);
    if (call.value === null) return missing(metric, null, "ops/s", call.source, `not supported on ${env.platform} (systeminformation.disksIO returns null)`, call.at);
    const value = pick(call.value);
    if (value === null) return missing(metric, null, "ops/s", call.source, call.calls === 1 ? "a rate needs two reads (first read)" : "no rate reported (systeminformation found no block device to count)", call.at);
    if (value < 0) return missing(metric, null, "ops/s", call.source, "counter went backwards (device removed?), rate unknown", call.at);
    return checked(metric, null, value, "ops/s", call.source, call.at, {absent: "no rate reported"});
  };
  return {readOps: rate("disk.read_ops", (io) => io.rIO_sec), writeOps: rate("disk.write_ops", (io) => io.wIO_sec)};
}

function network(call: Call<SI.NetworkStatsData[]>): HardwareSample["network"] {
  const list = call.ok ? call.value ?? [] : [];
  if (!list.length) {
    const reason = call.ok ? "no network interface found" : failure(call);
    return {rx: [missing("network.rx", null, "bytes/s", call.source, reason, call.at)], tx: [missing("network.tx", null, "bytes/s", call.source, reason, call.at)]};
  }
  const previous = call.ok ? call.previous : undefined;
  const rate = (metric: string, iface: SI.NetworkStatsData, perSecond: "rx_sec" | "tx_sec", total: "rx_bytes" | "tx_bytes") => {
    const before = previous?.find((p) => p.iface === iface.iface);
    // systeminformation reports 0 when a counter goes backwards; that 0 was never measured.
    if (before && iface[total] < before[total]) return missing(metric, iface.iface, "bytes/s", call.source, "counter reset (interface restarted?), rate unknown", call.at);
    return checked(metric, iface.iface, iface[perSecond], "bytes/s", call.source, call.at, {absent: "a rate needs two reads (first read of this interface)"});
  };
  return {rx: list.map((iface) => rate("network.rx", iface, "rx_sec", "rx_bytes")), tx: list.map((iface) => rate("network.tx", iface, "tx_sec", "tx_bytes"))};
}

function gpus(call: Call<SI.GraphicsData>, env: HardwareEnvironment): HardwareSample["gpus"] {
  const controllers = call.ok ? call.value?.controllers ?? [] : [];
  if (!controllers.length) {
    const reason = call.ok ? noGpuReason(env) : failure(call);
    return {
      utilization: [missing("gpu.utilization", null, "%", call.source, reason, call.at)],
      temperature: [missing("gpu.temperature", null, "°C", call.source, reason, call.at)],
      memoryUsed: [missing("gpu.memory.used", null, "bytes", call.source, reason, call.at)],
      memoryTotal: [missing("gpu.memory.total", null, "bytes", call.source, reason, call.at)]
    };
  }
  const keys = controllers.map((c, i) => `${i}: ${c.model || c.name || c.vendor || "GPU"}`);
  const mib = (value: number | undefined) => (typeof value === "number" ? value * MIB : value);
  return {
    utilization: controllers.map((c, i) => checked("gpu.utilization", keys[i], c.utilizationGpu, "%", call.source, call.at, {...PERCENT, absent: nvidiaReason(c, env)})),
    temperature: controllers.map((c, i) => celsius("gpu.temperature", keys[i], c.temperatureGpu, call.source, call.at, nvidiaReason(c, env))),
    memoryUsed: controllers.map((c, i) => checked("gpu.memory.used", keys[i], mib(c.memoryUsed), "bytes", call.source, call.at, {absent: nvidiaReason(c, env)})),
    memoryTotal: controllers.map((c, i) => checked("gpu.memory.total", keys[i], mib(c.memoryTotal), "bytes", call.source, call.at, {min: 1, absent: nvidiaReason(c, env)}))
  };
}

export function noGpuReason(env: HardwareEnvironment): string {
  const pci = env.pciDisplayControllers;
  const lspci = env.commands?.lspci;
  if (pci === 0) return "no GPU found (no PCI display controller in /sys/bus/pci/devices)";
  if (lspci === false) {
    return pci ? `${pci} PCI display controller(s) present, but lspci is not installed, so systeminformation cannot list them` : "lspci not installed, so systeminformation cannot list GPUs";
  }
  return "no GPU found";
}

/** Utilization, temperature and memory come only from nvidia-smi, merged by systeminformation. */
function nvidiaReason(controller: SI.GraphicsControllerData, env: HardwareEnvironment): string {
  const nvidia = /nvidia/i.test(`${controller.vendor} ${controller.model} ${controller.name ?? ""}`);
  if (!nvidia) return "only NVIDIA GPUs report this (through nvidia-smi)";
  if (env.commands?.nvidiaSmi === false) return "nvidia-smi not installed";
  // systeminformation merges nvidia-smi fields with `if (value)`, so a reading of 0 is dropped too.
  if (controller.driverVersion !== undefined || controller.memoryTotal !== undefined) return "nvidia-smi reported 0 or N/A (systeminformation drops zero values)";
  return "nvidia-smi gave no data for this GPU";
}

function bridge(h: BridgeHealth): HardwareSample["bridge"] {
  const PROBE = "setTimeout probe";
  const ELU = "performance.eventLoopUtilization";
  const loop = (metric: string, value: number | null) =>
    value === null ? missing(metric, null, "ms", PROBE, "no event-loop measurement yet", h.at) : measured(metric, null, value, "ms", PROBE, h.at);
  return {
    loopDelayMean: loop("bridge.event_loop.delay_mean", h.loopMean),
    loopDelayMax: loop("bridge.event_loop.delay_max", h.loopMax),
    loopUtilization:
      h.loopUtilization === null
        ? missing("bridge.event_loop.utilization", null, "%", ELU, "needs two reads (first read)", h.at)
        : measured("bridge.event_loop.utilization", null, h.loopUtilization, "%", ELU, h.at),
    cpu:
      h.cpuPercent === null
        ? missing("bridge.cpu", null, "% core", "process.cpuUsage", "needs two reads (first read)", h.at)
        : measured("bridge.cpu", null, h.cpuPercent, "% core", "process.cpuUsage", h.at),
    rss: measured("bridge.rss", null, h.rss, "bytes", "process.memoryUsage", h.at),
    heapUsed: measured("bridge.heap.used", null, h.heapUsed, "bytes", "process.memoryUsage", h.at),
    heapTotal: measured("bridge.heap.total", null, h.heapTotal, "bytes", "process.memoryUsage", h.at)
  };
}
