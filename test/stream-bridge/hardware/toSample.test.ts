import type {Systeminformation as SI} from "systeminformation";
import {describe, expect, it} from "vitest";
import type {HardwareEnvironment} from "../../../stream-bridge/hardware/environment.ts";
import type {Call, RawHardware} from "../../../stream-bridge/hardware/provider.ts";
import {readingsOf} from "../../../stream-bridge/hardware/sample.ts";
import {noGpuReason, noTemperatureReason, toSample} from "../../../stream-bridge/hardware/toSample.ts";
import {vmEnvironment, workstationEnvironment} from "./fakes.ts";

const AT = 1_700_000_000_000;

function ok<T>(method: string, value: T, extra: Partial<{calls: number; previous: T}> = {}): Call<T> {
  return {ok: true, value, source: `systeminformation.${method}`, at: AT, calls: extra.calls ?? 2, previous: extra.previous};
}

function raw(parts: Partial<RawHardware> = {}): RawHardware {
  return {
    time: AT,
    currentLoad: ok("currentLoad", {currentLoad: 10, cpus: [{load: 10}]}),
    cpuTemperature: ok("cpuTemperature", {main: 50, cores: [50], max: 50, socket: [], chipset: null} as unknown as SI.CpuTemperatureData),
    mem: ok("mem", {total: 1000, active: 250, swaptotal: 0, swapused: 0} as SI.MemData),
    fsSize: ok("fsSize", [{fs: "/dev/sda1", type: "ext4", size: 100, used: 50, available: 50, use: 50, mount: "/", rw: true}]),
    disksIO: ok("disksIO", {rIO_sec: 1, wIO_sec: 2} as SI.DisksIoData),
    networkStats: ok("networkStats", [{iface: "eth0", rx_bytes: 10, tx_bytes: 10, rx_sec: 5, tx_sec: 6} as SI.NetworkStatsData]),
    graphics: ok("graphics", {controllers: [], displays: []}),
    health: {at: AT, loopMean: 1, loopMax: 3, loopUtilization: 2, cpuPercent: 4, rss: 5, heapUsed: 6, heapTotal: 7},
    ...parts
  };
}

function reading(sample: ReturnType<typeof toSample>, metric: string) {
  return readingsOf(sample).find((r) => r.metric === metric)!;
}

describe("toSample", () => {
  it("turns systeminformation's placeholders for a missing temperature into null with a reason", () => {
    const absent = noTemperatureReason(vmEnvironment);
    const cases: [unknown, string][] = [
      [null, absent], // systeminformation 5
      [-1, `${absent} (systeminformation returned -1)`], // systeminformation 4 (issue #445)
      [0, "implausible value 0 °C (a running chip is above 0 °C), treated as missing"],
      [-273.2, "implausible value -273.2 °C (a running chip is above 0 °C), treated as missing"], // Windows WMI, issue #40
      [NaN, absent],
      [412, "implausible value 412 °C (outside 0..150), treated as missing"]
    ];
    for (const [main, reason] of cases) {
      const sample = toSample(raw({cpuTemperature: ok("cpuTemperature", {main, max: main, cores: [], socket: [], chipset: null} as any)}), vmEnvironment);
      expect(sample.cpu.temperature, String(main)).toMatchObject({value: null, reason});
      expect(sample.cpu.coreTemperatures).toMatchObject([{key: null, value: null, reason: absent}]);
    }
  });

  it("explains a package sensor without per-core sensors", () => {
    const sample = toSample(raw({cpuTemperature: ok("cpuTemperature", {main: 48, max: 48, cores: [], socket: [], chipset: null} as unknown as SI.CpuTemperatureData)}), workstationEnvironment);
    expect(sample.cpu.temperature.value).toBe(48);
    expect(sample.cpu.coreTemperatures).toMatchObject([{value: null, reason: "no per-core sensors (only a package or zone sensor)"}]);
  });

  it("words the missing-temperature reason from what the machine exposes", () => {
    const linux = (thermal: HardwareEnvironment["thermal"]) => noTemperatureReason({...vmEnvironment, thermal});
    expect(linux({hwmonInputs: 0, thermalZones: 0, unreadable: 0})).toMatch(/^no thermal sensor exposed/);
    expect(linux({hwmonInputs: 2, thermalZones: 0, unreadable: 2})).toBe("permission denied reading the 2 temperature input(s) under /sys/class/hwmon");
    expect(linux({hwmonInputs: 3, thermalZones: 1, unreadable: 0})).toBe("no CPU sensor recognised among 3 hwmon temperature input(s) and 1 thermal zone(s)");
    expect(noTemperatureReason({...vmEnvironment, platform: "win32", thermal: null})).toMatch(/administrator/);
  });

  it("words the no-GPU reason from what the machine exposes", () => {
    expect(noGpuReason(vmEnvironment)).toBe("no GPU found (no PCI display controller in /sys/bus/pci/devices)");
    expect(noGpuReason({...vmEnvironment, pciDisplayControllers: 1})).toBe("1 PCI display controller(s) present, but lspci is not installed, so systeminformation cannot list them");
    expect(noGpuReason({...vmEnvironment, pciDisplayControllers: null})).toBe("lspci not installed, so systeminformation cannot list GPUs");
  });

  it("does not take systeminformation's 0 for a network counter that went backwards", () => {
    const before = [{iface: "eth0", rx_bytes: 5000, tx_bytes: 100, rx_sec: 10, tx_sec: 10} as SI.NetworkStatsData];
    const after = [{iface: "eth0", rx_bytes: 20, tx_bytes: 200, rx_sec: 0, tx_sec: 100} as SI.NetworkStatsData];
    const sample = toSample(raw({networkStats: ok("networkStats", after, {previous: before})}), vmEnvironment);
    expect(sample.network.rx).toMatchObject([{key: "eth0", value: null, reason: "counter reset (interface restarted?), rate unknown"}]);
    expect(sample.network.tx).toMatchObject([{key: "eth0", value: 100}]);
  });

  it("gives disk I/O rates null with the reason systeminformation has none", () => {
    const first = toSample(raw({disksIO: ok("disksIO", {rIO_sec: null, wIO_sec: null} as SI.DisksIoData, {calls: 1})}), vmEnvironment);
    expect(first.disks.readOps.reason).toBe("a rate needs two reads (first read)");
    const windows = toSample(raw({disksIO: ok("disksIO", null)}), {...vmEnvironment, platform: "win32"});
    expect(windows.disks.writeOps.reason).toBe("not supported on win32 (systeminformation.disksIO returns null)");
    const backwards = toSample(raw({disksIO: ok("disksIO", {rIO_sec: -3, wIO_sec: 1} as SI.DisksIoData)}), vmEnvironment);
    expect(backwards.disks.readOps.reason).toMatch(/backwards/);
  });

  it("uses the source the provider names (CPU load from /proc/stat)", () => {
    const sample = toSample(raw({currentLoad: {...ok("currentLoad", {currentLoad: 30, cpus: [{load: 20}, {load: NaN}]}), source: "/proc/stat"}}), vmEnvironment);
    expect(sample.cpu.load).toMatchObject({value: 30, source: "/proc/stat"});
    expect(sample.cpu.cores).toMatchObject([{key: "0", value: 20}, {key: "1", value: null, reason: "no load reported for this core"}]);
  });

  it("marks every reading of a failed call with the failure", () => {
    const failed: Call<never> = {ok: false, error: "EACCES: permission denied, open '/proc/meminfo'", source: "systeminformation.mem", at: AT, calls: 1};
    const sample = toSample(raw({mem: failed}), vmEnvironment);
    for (const r of Object.values(sample.memory)) expect(r).toMatchObject({value: null, reason: "systeminformation.mem failed: EACCES: permission denied, open '/proc/meminfo'"});
  });

  it("rejects a percentage above 100 and memory in use above the total", () => {
    const sample = toSample(raw({fsSize: ok("fsSize", [{fs: "x", type: "ext4", size: 0, used: 5, available: 0, use: 130, mount: "/x", rw: true}]), mem: ok("mem", {total: 100, active: 200, swaptotal: 0, swapused: 0} as SI.MemData)}), vmEnvironment);
    expect(sample.disks.usedPercent[0].reason).toMatch(/^implausible value 130 %/);
    expect(sample.disks.size[0].reason).toMatch(/^implausible value 0 bytes/);
    expect(sample.memory.used.reason).toMatch(/^implausible value 200 bytes/);
    expect(sample.memory.usedPercent.reason).toBe(sample.memory.used.reason);
  });

  it("reports the bridge's own health, with null before there is an interval to measure", () => {
    const sample = toSample(raw({health: {at: AT, loopMean: null, loopMax: null, loopUtilization: null, cpuPercent: null, rss: 1, heapUsed: 2, heapTotal: 3}}), vmEnvironment);
    expect(reading(sample, "bridge.event_loop.delay_max")).toMatchObject({value: null, source: "setTimeout probe", reason: "no event-loop measurement yet"});
    expect(reading(sample, "bridge.cpu")).toMatchObject({value: null, unit: "% core", source: "process.cpuUsage"});
    expect(reading(sample, "bridge.heap.total")).toMatchObject({value: 3, unit: "bytes"});
  });
});
