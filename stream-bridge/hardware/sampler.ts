import {PulseError} from "../../lib/errors.ts";
import {hardwareAlerts, type HardwareAlert, type HardwareThresholds, type Threshold} from "./alerts.ts";
import {createCollector, DEFAULT_REFRESH_MS} from "./collect.ts";
import {probeEnvironment, unknownEnvironment, type HardwareEnvironment} from "./environment.ts";
import {createHealthMonitor} from "./health.ts";
import {PROVIDER_METHODS, type HardwareProvider, type ProviderMethod} from "./provider.ts";
import {createRing} from "./ring.ts";
import type {HardwareSample} from "./sample.ts";
import {toSample} from "./toSample.ts";
import {defaultProvider} from "./defaultProvider.ts";

export interface SamplerOptions {
  /** Sampling period in ms (default 1000, at least 500); 0 turns the timer off (start() does nothing). */
  intervalMs?: number;
  /** How much history to keep (default one hour); the ring holds ceil(historyMs / intervalMs) samples. */
  historyMs?: number;
  /** A systeminformation-like provider; default: systeminformation in a worker thread (CPU load from /proc/stat on Linux). */
  si?: HardwareProvider;
  /** Machine facts used to word reasons; default: probed when `si` is the real one, unknown for an injected one. */
  environment?: HardwareEnvironment;
  /** Clock for sample times (epoch ms). */
  now?: () => number;
  thresholds?: Partial<Record<keyof HardwareThresholds, Threshold>>;
  /** Per-call refresh periods in ms, merged over DEFAULT_REFRESH_MS (0 = every sample). */
  refreshMs?: Partial<Record<ProviderMethod, number>>;
  /** A provider call slower than this yields null readings (and restarts the worker). Default 5000. */
  callTimeoutMs?: number;
  /** Where errors thrown by listeners are reported (default stderr); sampling carries on. */
  onListenerError?: (error: unknown) => void;
}

export interface Sampler {
  start(): void;
  /** Stops the timer, waits for a sample in flight and releases the worker thread. */
  stop(): Promise<void>;
  /** Takes one sample now (joins the one in flight, if any); it is kept in history and emitted. */
  sample(): Promise<HardwareSample>;
  onSample(listener: (sample: HardwareSample) => void): () => void;
  onAlert(listener: (alert: HardwareAlert) => void): () => void;
  latest(): HardwareSample | null;
  /** Samples oldest first. */
  history(): HardwareSample[];
  readonly intervalMs: number;
  readonly capacity: number;
}

/**
 * Samples the machine every `intervalMs` without blocking the caller's event loop: the calls are
 * async (systeminformation's blocking ones run in a worker thread), a sample never overlaps the
 * previous one, and costly calls are repeated less often than every sample (DEFAULT_REFRESH_MS).
 */
export function createSampler(options: SamplerOptions = {}): Sampler {
  const {intervalMs = 1000, historyMs = 3_600_000, now = Date.now, callTimeoutMs = 5000} = options;
  if (!Number.isInteger(intervalMs) || (intervalMs !== 0 && intervalMs < 500)) {
    throw new PulseError("E_BAD_OPTION", `invalid hardware interval: ${intervalMs} ms (expected at least 500 ms, or 0 for off)`);
  }
  if (!(historyMs > 0)) throw new PulseError("E_BAD_OPTION", `invalid hardware history: ${historyMs} ms (expected > 0)`);
  const refreshMs = {...DEFAULT_REFRESH_MS, ...options.refreshMs};
  for (const method of PROVIDER_METHODS) {
    if (!(refreshMs[method] >= 0)) throw new PulseError("E_BAD_OPTION", `invalid hardware refresh for ${method}: ${refreshMs[method]} ms (expected ≥ 0)`);
  }
  const period = intervalMs || 1000;
  const ring = createRing<HardwareSample>(Math.max(1, Math.ceil(historyMs / period)));
  const sampleListeners = new Set<(sample: HardwareSample) => void>();
  const alertListeners = new Set<(alert: HardwareAlert) => void>();
  const alerts = hardwareAlerts(options.thresholds);
  const health = createHealthMonitor();
  const onListenerError = options.onListenerError ?? ((error: unknown) => process.stderr.write(`hardware: listener failed: ${(error as Error)?.stack ?? error}\n`));

  let provider: HardwareProvider | null = options.si ?? null;
  let collector: ReturnType<typeof createCollector> | null = null;
  let environment: Promise<HardwareEnvironment> | null = null;
  let inFlight: Promise<HardwareSample> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;

  async function take(): Promise<HardwareSample> {
    if (!provider) provider = defaultProvider();
    collector ??= createCollector({provider, now, intervalMs: period, refreshMs, callTimeoutMs});
    environment ??= options.environment ? Promise.resolve(options.environment) : options.si ? Promise.resolve(unknownEnvironment()) : probeEnvironment();
    health.start();
    const time = now();
    const raw = await collector.collect(time);
    const sample = toSample({...raw, health: health.read(time)}, await environment);
    ring.push(sample);
    for (const listener of sampleListeners) notify(listener, sample);
    for (const alert of alerts.check(sample)) for (const listener of alertListeners) notify(listener, alert);
    return sample;
  }

  function notify<T>(listener: (value: T) => void, value: T) {
    try {
      listener(value);
    } catch (error) {
      onListenerError(error);
    }
  }

  function sample(): Promise<HardwareSample> {
    inFlight ??= take().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  async function tick() {
    timer = null;
    if (!running) return;
    const begun = performance.now();
    await sample();
    // The next sample is due one interval after this one began; a slow sample delays, never overlaps.
    if (running) timer = setTimeout(tick, Math.max(0, intervalMs - (performance.now() - begun)));
  }

  return {
    intervalMs,
    capacity: ring.capacity,
    start() {
      if (running || intervalMs === 0) return;
      running = true;
      timer = setTimeout(tick, 0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await inFlight?.catch(() => {});
      health.stop();
      if (!options.si && provider) {
        await provider.close?.();
        provider = null;
        collector = null;
      }
    },
    sample,
    onSample(listener) {
      sampleListeners.add(listener);
      return () => void sampleListeners.delete(listener);
    },
    onAlert(listener) {
      alertListeners.add(listener);
      return () => void alertListeners.delete(listener);
    },
    latest: () => ring.last() ?? null,
    history: () => ring.toArray()
  };
}
