import {PROVIDER_METHODS, type Call, type HardwareProvider, type ProviderMethod, type RawHardware} from "./provider.ts";

/**
 * How often each systeminformation call is repeated, in ms (0 = every sample). Costs measured on
 * a 2-core Linux VM, CPU of this process plus the commands it spawns, per call: currentLoad ≈ 8 ms,
 * mem ≈ 1 ms, cpuTemperature ≈ 15 ms, networkStats ≈ 13 ms, disksIO ≈ 11 ms, fsSize ≈ 10 ms,
 * graphics ≈ 20 ms. Everything every second would cost ~8% of a core; these defaults keep the
 * sampler under 2% (see bench/hardware.ts). Between refreshes a sample repeats the last reading
 * with its original `at`.
 */
export const DEFAULT_REFRESH_MS: Readonly<Record<ProviderMethod, number>> = {
  currentLoad: 0,
  mem: 0,
  networkStats: 5_000,
  disksIO: 5_000,
  cpuTemperature: 10_000,
  fsSize: 60_000,
  graphics: 60_000
};

/** Every call on every sample: for one-off checks (the CLI, local snapshots), not a running bridge. */
export const EVERY_SAMPLE: Readonly<Record<ProviderMethod, number>> = Object.fromEntries(PROVIDER_METHODS.map((m) => [m, 0])) as Record<ProviderMethod, number>;

export interface CollectorOptions {
  provider: HardwareProvider;
  intervalMs: number;
  refreshMs: Record<ProviderMethod, number>;
  callTimeoutMs: number;
}

/** Calls the provider methods that are due, concurrently, and keeps the last result of each. */
export function createCollector({provider, intervalMs, refreshMs, callTimeoutMs}: CollectorOptions) {
  const last = new Map<ProviderMethod, Call<any>>();
  const lastValue = new Map<ProviderMethod, unknown>();
  const calls = new Map<ProviderMethod, number>();
  const running = new Set<ProviderMethod>();

  async function callOnce(method: ProviderMethod, at: number): Promise<Call<any>> {
    const count = (calls.get(method) ?? 0) + 1;
    calls.set(method, count);
    // Never pile calls up behind one that hangs (an in-process provider cannot be cancelled).
    if (running.has(method)) return {ok: false, error: "previous call still running", at, calls: count};
    running.add(method);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const call: Promise<unknown> = Promise.resolve().then(() => (provider[method] as () => Promise<unknown>)());
    call.finally(() => running.delete(method)).catch(() => {});
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(callTimeoutMs)), callTimeoutMs);
    });
    try {
      const value = await Promise.race([call, timeout]);
      const previous = lastValue.get(method);
      lastValue.set(method, value);
      return {ok: true, value, at, calls: count, previous};
    } catch (error) {
      if (error instanceof TimeoutError) provider.reset?.();
      return {ok: false, error: (error as Error)?.message ?? String(error), at, calls: count};
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
        return !previous || refreshMs[m] <= 0 || time - previous.at >= refreshMs[m] - intervalMs / 2;
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
