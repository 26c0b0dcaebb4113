import {PulseError} from "./errors.ts";

const units: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000};

/** Parses "250ms", "10s", "1m", "1.5h", "3650d" to milliseconds; a bare number is milliseconds. */
export function parseDuration(input: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(input);
  if (!match) throw new PulseError("E_BAD_OPTION", `invalid duration: ${JSON.stringify(input)} (expected e.g. 500ms, 10s, 1m, 2h, 7d)`);
  const ms = Number(match[1]) * units[match[2] ?? "ms"];
  if (!Number.isSafeInteger(Math.round(ms))) throw new PulseError("E_BAD_OPTION", `invalid duration: ${JSON.stringify(input)} (too large)`);
  return Math.round(ms);
}

/** Formats milliseconds with the largest unit that divides it exactly. */
export function formatDuration(ms: number): string {
  for (const unit of ["d", "h", "m", "s"]) if (ms !== 0 && ms % units[unit] === 0) return `${ms / units[unit]}${unit}`;
  return `${ms}ms`;
}
