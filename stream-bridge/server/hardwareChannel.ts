import {hardwareToArrow} from "../../loaders/hardware/arrow.ts";
import {readingsOf, type HardwareSample} from "../hardware/sample.ts";
import {createSampler} from "../hardware/sampler.ts";
import type {HardwareHook} from "../bridge.ts";

/**
 * The `hardware` channel: samples this machine every `intervalMs` (stream-bridge/hardware) and
 * hands the bridge tidy rows (one per reading, as loaders/hardware/arrow.ts writes them) and alerts.
 * A reading a sample repeats from cache (same `at`) is sent once, like the Arrow file.
 */
export function hardwareChannel(intervalMs: number, historyMs = 600_000): HardwareHook {
  const sampler = createSampler({intervalMs, historyMs});
  const lastAt = new Map<string, number>();
  const perSample = 40;
  return {
    start: () => sampler.start(),
    stop: () => sampler.stop(),
    onSample: (listener) => sampler.onSample(listener),
    onAlert: (listener) => sampler.onAlert(listener),
    history: () => sampler.history(),
    rows(sample) {
      const rows: object[] = [];
      for (const r of readingsOf(sample as HardwareSample)) {
        const id = `${r.metric}\u0000${r.key ?? ""}`;
        if (lastAt.get(id) === r.at) continue;
        lastAt.set(id, r.at);
        rows.push({time: r.at, metric: r.metric, key: r.key, value: r.value, unit: r.unit, source: r.source, reason: r.reason});
      }
      return rows;
    },
    historyRows: Math.ceil(historyMs / Math.max(intervalMs, 500)) * perSample,
    arrow: () => hardwareToArrow(sampler.history(), {source: "live"})
  };
}
