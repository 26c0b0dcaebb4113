import {describe, expect, it} from "vitest";
import {hardwareColumns, hardwareToArrow} from "../../../loaders/hardware/arrow.ts";
import {fromArrow, tableRows} from "../../../loaders/io/arrow.ts";
import {readingsOf, type HardwareSample} from "../../../stream-bridge/hardware/sample.ts";
import {createSampler} from "../../../stream-bridge/hardware/sampler.ts";
import {vmEnvironment, vmWithoutSensors} from "../../stream-bridge/hardware/fakes.ts";

const T0 = Date.UTC(2024, 2, 1, 12);

async function samples(count: number): Promise<HardwareSample[]> {
  let time = T0;
  const sampler = createSampler({si: vmWithoutSensors(), environment: vmEnvironment, now: () => time, refreshMs: {cpuTemperature: 10_000, networkStats: 0}});
  for (let i = 0; i < count; ++i, time += 1000) await sampler.sample();
  return sampler.history();
}

describe("hardwareToArrow", () => {
  it("round-trips every reading taken, once, with nulls and their reasons", async () => {
    const history = await samples(3);
    const table = fromArrow(hardwareToArrow(history, {source: "live bridge"}));
    // A reading was taken in a sample when its read time is that sample's time; the rest repeat the cache.
    const taken = history.flatMap((s) => readingsOf(s).filter((r) => r.at === s.time));
    expect(taken.length).toBeLessThan(history.flatMap(readingsOf).length);
    expect(tableRows(table)).toEqual(taken.map((r) => ({time: r.at, metric: r.metric, key: r.key, value: r.value, unit: r.unit, source: r.source, reason: r.reason})));
    const temperatures = tableRows(table).filter((r) => r.metric === "cpu.temperature");
    expect(temperatures).toEqual([expect.objectContaining({time: T0, value: null, reason: expect.stringContaining("no thermal sensor exposed")})]);
    const rx = tableRows(table).filter((r) => r.metric === "network.rx");
    expect(rx.map((r) => [r.time, r.key, r.value])).toEqual([
      [T0, "eth0", null],
      [T0 + 1000, "eth0", 1000],
      [T0 + 2000, "eth0", 1000]
    ]);
  });

  it("writes float64 values and millisecond timestamps, never int64, with snapshot metadata", async () => {
    const history = await samples(2);
    const table = fromArrow(hardwareToArrow(history, {source: "local sample", parameters: {samples: 2}}));
    expect(Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]))).toEqual({
      time: "Timestamp<MILLISECOND>",
      metric: "Utf8",
      key: "Utf8",
      value: "Float64",
      unit: "Utf8",
      source: "Utf8",
      reason: "Utf8"
    });
    const meta = table.schema.metadata;
    expect(meta.get("source")).toBe("local sample");
    expect(meta.get("as_of")).toBe(new Date(T0 + 1000).toISOString());
    expect(JSON.parse(meta.get("input_rows")!)).toEqual({samples: 2});
    expect(JSON.parse(meta.get("parameters")!)).toEqual({samples: 2});
    expect(meta.get("hardware_format")).toBe("tidy-v1");
  });

  it("writes an empty table for an empty history", () => {
    const table = fromArrow(hardwareToArrow([], {source: "live bridge"}));
    expect(table.numRows).toBe(0);
    expect(table.schema.metadata.get("as_of")).toBe("");
    expect(Object.keys(hardwareColumns([]))).toEqual(["time", "metric", "key", "value", "unit", "source", "reason"]);
  });
});
