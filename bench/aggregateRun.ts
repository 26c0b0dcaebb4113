import {PulseError} from "../lib/errors.ts";

/** One `pulse aggregate` run's figures, read from the summary it prints on stderr. */
export interface AggregateRun {
  rows: number;
  wallMs: number;
  /** read + parse + aggregate: aggregate() from its start to its last window (parsing on a worker thread). */
  aggregateMs: number;
  /** The engine thread's busy time alone (its waits for parsed chunks left out). */
  engineMs: number;
  writeMs: number;
  peakRssBytes: number | null;
}

/** Reads the figures of a finished `pulse aggregate` (runPulse's result); E_IO when its summary lacks one. */
export function aggregateRun(run: {stderr: string; wallMs: number; peakRssBytes: number | null}): AggregateRun {
  const number = (re: RegExp) => {
    const value = Number(re.exec(run.stderr)?.[1].replaceAll(",", "") ?? NaN);
    if (Number.isNaN(value)) throw new PulseError("E_IO", `pulse aggregate's summary has no ${re.source}: ${run.stderr.trim()}`);
    return value;
  };
  // The summary's rates carry more digits than its times.
  const rows = number(/aggregate: (\d+) rows/);
  return {
    rows,
    wallMs: run.wallMs,
    aggregateMs: (rows * 1000) / number(/([\d,]+) events\/s →/),
    engineMs: (rows * 1000) / number(/= ([\d,]+) engine events\/s/),
    writeMs: number(/Arrow files written in ([\d.]+) s/) * 1000,
    peakRssBytes: run.peakRssBytes
  };
}
