import {PROVIDER_METHODS, sourceOf, type Call, type HardwareProvider, type ProviderMethod, type RawHardware} from "./provider.ts";

/**
 * How often each provider call is repeated, in ms (0 = every sample). Costs measured on a 2-core
 * Linux VM, CPU of this process plus the commands systeminformation spawns, per call:
 * si.currentLoad ≈ 8 ms (hence /proc/stat instead, ≈ 0.2 ms), mem ≈ 1 ms, cpuTemperature ≈ 15 ms,
 * networkStats ≈ 13 ms, disksIO ≈ 11 ms, fsSize ≈ 10 ms, graphics ≈ 20 ms. Everything every second
 * would cost ~8% of a core; these defaults aim at under 2% (measure with bench/hardware.ts).
 * Between refreshes a sample repeats the last reading with its original `at`.
 */
export const DEFAULT_REFRESH_MS: Readonly<Record<ProviderMethod, number>> = {
  currentLoad: 0,
  mem: 0,
  networkStats: 10_000,
  disksIO: 10_000,
  cpuTemperature: 10_000,
  fsSize: 60_000,
  graphics: 60_000
};

/** Every call on every sample: for one-off checks (the CLI, local snapshots), not a running bridge. */
export const EVERY_SAMPLE: Readonly<Record<ProviderMethod, number>> = Object.fromEntries(PROVIDER_METHODS.map((m) => [m, 0])) as Record<ProviderMethod, number>;

/**
 * systeminformation answers from cache when a method is called again within 500 ms (200 ms for
 * currentLoad), which for disksIO and networkStats means repeating a rate-less first answer.
 * A method is therefore never called sooner than this after its previous answer came back.
 */
export const MIN_CALL_GAP_MS = 600;

export interface CollectorOptions {
  provider: HardwareProvider;
  /** Clock (epoch ms) for call-gap checks. */
  now: () => number;
  intervalMs: number;
  refreshMs: Record<ProviderMethod, number>;
  callTimeoutMs: number;
}

/** Calls the provider methods that are due, concurrently, and keeps the last result of each. */
export function createCollector({provider, now, intervalMs, refreshMs, callTimeoutMs}: CollectorOptions) {
  const last = new Map<ProviderMethod, Call<any>>();
  const lastValue = new Map<ProviderMethod, unknown>();
  const calls = new Map<ProviderMethod, number>();
  const running = new Set<ProviderMethod>();
  const answered = new Map<ProviderMethod, number>();

  async function callOnce(method: ProviderMethod, at: number): Promise<Call<any>> {
    const source = sourceOf(provider, method);
    const count = (calls.get(method) ?? 0) + 1;
    calls.set(method, count);
    // Never pile calls up behind one that hangs (an in-process provider cannot be cancelled).
    if (running.has(method)) return {ok: false, error: "previous call still running", source, at, calls: count};
    running.add(method);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const call: Promise<unknown> = Promise.resolve().then(() => (provider[method] as () => Promise<unknown>)());
    call
      .finally(() => {
        running.delete(method);
        answered.set(method, now());
      })
      .catch(() => {});
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(callTimeoutMs)), callTimeoutMs);
    });
    try {
      const value = await Promise.race([call, timeout]);
      const previous = lastValue.get(method);
      lastValue.set(method, value);
      return {ok: true, value, source, at, calls: count, previous};
    } catch (error) {
      if (error instanceof TimeoutError) provider.reset?.();
      return {ok: false, error: (error as Error)?.message ?? String(error), source, at, calls: count};
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    /** Results for a sample at `time` (epoch ms); methods not due repeat their last result. */
    async collect(time: number): Promise<Omit<RawHardware, "health">> {
      // Half an interval of slack so timer jitter does not push a refresh to the next sample.
      const due = PROVIDER_METHODS.filter((m) => {
        const previous = last.get(m);
        if (!previous) return true;
        if (time - (answered.get(m) ?? -Infinity) < MIN_CALL_GAP_MS) return false;
        return refreshMs[m] <= 0 || time - previous.at >= refreshMs[m] - intervalMs / 2;
      });
      await Promise.all(due.map(async (m) => last.set(m, await callOnce(m, time))));
      const result = Object.fromEntries(PROVIDER_METHODS.map((m) => [m, last.get(m)]));
      return {time, ...result} as Omit<RawHardware, "health">;
    }
  };
}

class TimeoutError extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
  }
}
