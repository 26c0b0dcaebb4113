import type {Systeminformation as SI} from "systeminformation";
import {describe, expect, it} from "vitest";
import {hardwareAlerts} from "../../../stream-bridge/hardware/alerts.ts";
import type {Call, RawHardware} from "../../../stream-bridge/hardware/provider.ts";
import type {HardwareSample} from "../../../stream-bridge/hardware/sample.ts";
import {toSample} from "../../../stream-bridge/hardware/toSample.ts";
import {workstationEnvironment} from "./fakes.ts";

const T0 = 1_700_000_000_000;

interface Values {
  load?: number | null;
  temperature?: number | null;
  memoryPercent?: number;
  disks?: Record<string, number>;
  /** When the temperature was read (defaults to the sample time). */
  temperatureAt?: number;
}

/** A sample at T0 + i s with the given readings (through toSample, as the sampler builds it). */
function sampleAt(i: number, {load = 10, temperature = 50, memoryPercent = 10, disks = {"/": 10}, temperatureAt}: Values = {}): HardwareSample {
  const time = T0 + i * 1000;
  const ok = <T>(method: string, value: T, at = time): Call<T> => ({ok: true, value, source: `systeminformation.${method}`, at, calls: 2, previous: undefined});
  const raw: RawHardware = {
    time,
    currentLoad: ok("currentLoad", {currentLoad: load as number, cpus: [{load: load as number}]}),
    cpuTemperature: ok("cpuTemperature", {main: temperature as number, max: temperature as number, cores: [], socket: [], chipset: null} as unknown as SI.CpuTemperatureData, temperatureAt ?? time),
    mem: ok("mem", {total: 1000, active: memoryPercent * 10, swaptotal: 0, swapused: 0} as SI.MemData),
    fsSize: ok("fsSize", Object.entries(disks).map(([mount, use]) => ({fs: mount, type: "ext4", size: 100, used: use, available: 100 - use, use, mount, rw: true}))),
    disksIO: ok("disksIO", null),
    networkStats: ok("networkStats", []),
    graphics: ok("graphics", {controllers: [], displays: []}),
    health: {at: time, loopMean: 0, loopMax: 0, loopUtilization: 0, cpuPercent: 1, rss: 1, heapUsed: 1, heapTotal: 1}
  };
  return toSample(raw, workstationEnvironment);
}

function run(values: Values[], thresholds = {}) {
  const monitor = hardwareAlerts(thresholds);
  return values.map((v, i) => monitor.check(sampleAt(i, v)));
}

describe("hardwareAlerts", () => {
  it("raises a warning when CPU temperature crosses 80 °C and a critical one at 95 °C, once each", () => {
    const alerts = run([{temperature: 70}, {temperature: 81}, {temperature: 85}, {temperature: 96}, {temperature: 97}, {temperature: 90}, {temperature: 96}]);
    expect(alerts.map((a) => a.map((x) => x.severity))).toEqual([[], ["warning"], [], ["critical"], [], [], ["critical"]]);
    expect(alerts[1][0]).toEqual({
      id: `hardware:cpu.temperature:warning:${T0 + 1000}`,
      severity: "warning",
      kind: "hardware",
      subject: "cpu.temperature",
      message: "CPU temperature 81 °C at or above warning threshold 80 °C",
      value: 81,
      threshold: 80,
      time: T0 + 1000
    });
    expect(alerts[3][0]).toMatchObject({severity: "critical", value: 96, threshold: 95});
  });

  it("re-arms only after a reading below the warning level", () => {
    const alerts = run([{temperature: 85}, {temperature: 79}, {temperature: 85}, {temperature: 84}]);
    expect(alerts.map((a) => a.length)).toEqual([1, 0, 1, 0]);
  });

  it("alerts on CPU load only when it stays at or above 90% for 5 readings", () => {
    const loads = [95, 95, 95, 95, 50, 95, 95, 95, 95, 95, 99];
    const alerts = run(loads.map((load) => ({load})));
    expect(alerts.map((a) => a.length)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect(alerts[9][0]).toMatchObject({subject: "cpu.load", severity: "warning", message: "CPU load 95 % at or above warning threshold 90 % for 5 readings"});
  });

  it("never alerts on a null reading, and a null breaks a run without re-arming", () => {
    expect(run([{temperature: null}, {temperature: null}]).flat()).toEqual([]);
    const loads = [95, 95, 95, null, 95, 95, 95, 95];
    expect(run(loads.map((load) => ({load}))).map((a) => a.length)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    // Above the threshold, then the sensor drops out, then reads hot again: one alert, not two.
    expect(run([{temperature: 85}, {temperature: null}, {temperature: 86}]).map((a) => a.length)).toEqual([1, 0, 0]);
  });

  it("counts a reading repeated from cache once", () => {
    const cached = run([{temperature: 85, temperatureAt: T0}, {temperature: 85, temperatureAt: T0}, {temperature: 85, temperatureAt: T0}], {cpuTemperature: {warning: 80, samples: 2}});
    expect(cached.flat()).toEqual([]); // one read, repeated: never two consecutive readings
  });

  it("checks each mount separately and names it", () => {
    const alerts = run([{disks: {"/": 50, "/data": 93}}, {disks: {"/": 91, "/data": 94}}]);
    expect(alerts.map((a) => a.map((x) => x.subject))).toEqual([["disk.used_percent /data"], ["disk.used_percent /"]]);
    expect(alerts[0][0].message).toBe("disk use (/data) 93 % at or above warning threshold 90 %");
  });

  it("takes thresholds from options", () => {
    expect(run([{memoryPercent: 60}]).flat()).toEqual([]);
    const alerts = run([{memoryPercent: 60}], {memory: {warning: 50}});
    expect(alerts[0]).toMatchObject([{subject: "memory.used_percent", value: 60, threshold: 50}]);
  });
});
