/** Units a hardware reading can carry. Rates are per second; "% core" is percent of one CPU core. */
export type Unit = "%" | "% core" | "°C" | "bytes" | "bytes/s" | "ops/s" | "ms";

/**
 * One measured quantity. `value` is a number the machine reported, or null with a `reason`
 * saying why there is none; a reading is never filled in with a default. `source` names what
 * produced it ("systeminformation.currentLoad", "process.memoryUsage", ...). `at` is when it was
 * read: slow readings are refreshed less often than every sample, so `at` can be older than the
 * sample's time.
 */
export interface Reading {
  metric: string;
  /** Core index, mount point, interface or GPU; null when the metric has one value per machine. */
  key: string | null;
  value: number | null;
  unit: Unit;
  source: string;
  reason: string | null;
  at: number;
}

export function measured(metric: string, key: string | null, value: number, unit: Unit, source: string, at: number): Reading {
  return {metric, key, value, unit, source, reason: null, at};
}

export function missing(metric: string, key: string | null, unit: Unit, source: string, reason: string, at: number): Reading {
  return {metric, key, value: null, unit, source, reason, at};
}

/**
 * A reading from a raw value: numbers outside [min, max] or non-finite become null with a reason,
 * because providers signal "no sensor" with -1, 0, NaN or null rather than by omission.
 */
export function checked(
  metric: string,
  key: string | null,
  value: unknown,
  unit: Unit,
  source: string,
  at: number,
  {min = 0, max = Infinity, absent}: {min?: number; max?: number; absent: string}
): Reading {
  if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) return missing(metric, key, unit, source, absent, at);
  if (typeof value !== "number" || !Number.isFinite(value)) return missing(metric, key, unit, source, `not a number: ${JSON.stringify(value)}`, at);
  if (value < min || value > max) return missing(metric, key, unit, source, `implausible value ${value} ${unit} (outside ${min}..${max}), treated as missing`, at);
  return measured(metric, key, value, unit, source, at);
}
