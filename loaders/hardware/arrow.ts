import type {Reading} from "../../stream-bridge/hardware/reading.ts";
import {readingsOf, type HardwareSample} from "../../stream-bridge/hardware/sample.ts";
import {toArrow, type Columns, type SnapshotMetadata} from "../io/arrow.ts";

/**
 * Hardware history as one tidy table, a row per reading taken: time, metric, key, value, unit,
 * source, reason. A null value always has a reason. Readings that a sample repeats from cache
 * (slow calls are refreshed every 5-60 s, see DEFAULT_REFRESH_MS) appear once, at the time they
 * were read: an hour at 1 s is ~16 rows per second instead of ~31, which halves the file and the
 * time to build it.
 */
export function hardwareColumns(samples: readonly HardwareSample[]): Columns {
  const rows: Reading[] = [];
  const seen = new Map<string, number>();
  for (const sample of samples) {
    for (const reading of readingsOf(sample)) {
      const id = `${reading.metric}\u0000${reading.key ?? ""}`;
      if (seen.get(id) === reading.at) continue;
      seen.set(id, reading.at);
      rows.push(reading);
    }
  }
  return {
    time: {type: "timestamp", values: rows.map((r) => r.at)},
    metric: {type: "utf8", values: rows.map((r) => r.metric)},
    key: {type: "utf8", values: rows.map((r) => r.key)},
    value: {type: "float64", values: rows.map((r) => r.value)},
    unit: {type: "utf8", values: rows.map((r) => r.unit)},
    source: {type: "utf8", values: rows.map((r) => r.source)},
    reason: {type: "utf8", values: rows.map((r) => r.reason)}
  };
}

/**
 * The Arrow snapshot of a hardware history (pure). `meta.source` says where the samples come
 * from: "live bridge" for the bridge's history, "local sample" for samples taken by the loader.
 */
export function hardwareToArrow(samples: readonly HardwareSample[], meta: Partial<SnapshotMetadata> & {source: string}): Uint8Array {
  const last = samples.at(-1);
  return toArrow(hardwareColumns(samples), {
    asOf: last ? last.time : null,
    ...meta,
    inputRows: {samples: samples.length, ...meta.inputRows},
    hardware_format: "tidy-v1"
  });
}
