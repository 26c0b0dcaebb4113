import type {Reading} from "./reading.ts";

/**
 * One hardware sample. Every field is present on every machine: a reading the machine does not
 * provide is a Reading with value null and a reason. Lists keyed by core, mount, interface or GPU
 * hold a single keyless null reading when there is nothing to list (no GPU, no per-core sensor).
 */
export interface HardwareSample {
  /** Epoch ms when the sample started. */
  time: number;
  cpu: {
    load: Reading;
    cores: Reading[];
    temperature: Reading;
    temperatureMax: Reading;
    coreTemperatures: Reading[];
  };
  memory: {used: Reading; total: Reading; usedPercent: Reading; swapUsed: Reading; swapTotal: Reading};
  disks: {usedPercent: Reading[]; used: Reading[]; size: Reading[]; readOps: Reading; writeOps: Reading};
  network: {rx: Reading[]; tx: Reading[]};
  gpus: {utilization: Reading[]; temperature: Reading[]; memoryUsed: Reading[]; memoryTotal: Reading[]};
  bridge: {
    loopDelayMean: Reading;
    loopDelayMax: Reading;
    loopUtilization: Reading;
    cpu: Reading;
    rss: Reading;
    heapUsed: Reading;
    heapTotal: Reading;
  };
}

/** All readings of a sample in a fixed order (groups as declared, keys as listed). */
export function readingsOf(sample: HardwareSample): Reading[] {
  const out: Reading[] = [];
  for (const group of [sample.cpu, sample.memory, sample.disks, sample.network, sample.gpus, sample.bridge]) {
    for (const value of Object.values(group) as (Reading | Reading[])[]) {
      if (Array.isArray(value)) out.push(...value);
      else out.push(value);
    }
  }
  return out;
}
