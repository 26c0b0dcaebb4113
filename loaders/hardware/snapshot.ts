import {PulseError} from "../../lib/errors.ts";
import {EVERY_SAMPLE} from "../../stream-bridge/hardware/collect.ts";
import {createSampler, type Sampler, type SamplerOptions} from "../../stream-bridge/hardware/sampler.ts";
import {fromArrow} from "../io/arrow.ts";
import {hardwareToArrow} from "./arrow.ts";

export interface HardwareSnapshotOptions {
  /** Default: $BRIDGE_URL, else http://127.0.0.1:8787. */
  bridgeUrl?: string;
  /** How long to wait for the bridge's answer before sampling locally (ms). */
  timeoutMs?: number;
  /**
   * Local samples to take when no bridge answers, `intervalMs` apart. Two at 500 ms by default: the
   * fewest that give rates (disk, network need two reads), in the least time the sampler allows,
   * since the build waits for this loader.
   */
  samples?: number;
  intervalMs?: number;
  fetch?: typeof globalThis.fetch;
  /** Builds the local sampler (tests inject one with a fake provider). */
  createSampler?: (options: SamplerOptions) => Sampler;
  log?: (line: string) => void;
}

export interface HardwareSnapshot {
  bytes: Uint8Array;
  source: "live bridge" | "local sample";
}

/**
 * The hardware Arrow snapshot for the site: the running bridge's history when one answers at
 * /snapshot/hardware.arrow, otherwise a few real samples of this machine taken now (every call
 * read on every sample, so rates have two reads). Metadata `source` tells which.
 */
export async function hardwareSnapshot(options: HardwareSnapshotOptions = {}): Promise<HardwareSnapshot> {
  const {
    bridgeUrl = process.env.BRIDGE_URL ?? "http://127.0.0.1:8787",
    timeoutMs = 5000,
    samples = 2,
    intervalMs = 500,
    fetch = globalThis.fetch,
    log = (line: string) => process.stderr.write(line + "\n")
  } = options;
  // BRIDGE_URL=off skips the bridge, as the aggregates loader does.
  const url = bridgeUrl === "off" ? null : new URL("/snapshot/hardware.arrow", bridgeUrl).href;
  let response: Response | null = null;
  if (url === null) log("hardware: BRIDGE_URL=off; sampling this machine");
  else {
    try {
      response = await fetch(url, {signal: AbortSignal.timeout(timeoutMs)});
    } catch (error) {
      log(`hardware: no bridge at ${url} (${describe(error)}); sampling this machine instead`);
    }
  }
  if (response && !response.ok) {
    log(`hardware: ${url} answered ${response.status}; sampling this machine instead`);
    response = null;
  }
  if (response) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    let table;
    try {
      table = fromArrow(bytes);
    } catch (error) {
      throw new PulseError("E_BAD_INPUT", `${url} did not return an Arrow file: ${describe(error)}`);
    }
    if (!table.schema.fields.some((f) => f.name === "metric")) throw new PulseError("E_BAD_INPUT", `${url} returned an Arrow table without a metric column`);
    log(`hardware: ${table.numRows} readings from the live bridge at ${bridgeUrl}`);
    return {bytes, source: "live bridge"};
  }
  return {bytes: await localSnapshot(samples, intervalMs, options.createSampler ?? createSampler, log), source: "local sample"};
}

async function localSnapshot(count: number, intervalMs: number, create: (options: SamplerOptions) => Sampler, log: (line: string) => void): Promise<Uint8Array> {
  const sampler = create({intervalMs, historyMs: (count + 1) * intervalMs, refreshMs: EVERY_SAMPLE});
  try {
    for (let i = 0; i < count; ++i) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
      await sampler.sample();
      log(`hardware: local sample ${i + 1}/${count}`);
    }
  } finally {
    await sampler.stop();
  }
  return hardwareToArrow(sampler.history(), {source: "local sample", parameters: {samples: count, intervalMs}});
}

function describe(error: unknown): string {
  const e = error as {name?: string; message?: string; cause?: {code?: string; message?: string}};
  if (e?.name === "TimeoutError") return "timed out";
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}
