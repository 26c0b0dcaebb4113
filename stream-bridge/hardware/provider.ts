import type {Systeminformation as SI} from "systeminformation";

/** The part of systeminformation's CurrentLoadData the sampler reads. */
export interface CpuLoad {
  currentLoad: number;
  cpus: {load: number}[];
}

/**
 * The part of systeminformation the sampler uses. The `systeminformation` module itself fits
 * this interface; tests pass fakes that simulate other machines.
 */
export interface HardwareProvider {
  currentLoad(): Promise<CpuLoad>;
  cpuTemperature(): Promise<SI.CpuTemperatureData>;
  mem(): Promise<SI.MemData>;
  fsSize(): Promise<SI.FsSizeData[]>;
  /** systeminformation resolves null on Windows and SunOS. */
  disksIO(): Promise<SI.DisksIoData | null>;
  /** The default interface only; systeminformation spawns a process per interface. */
  networkStats(): Promise<SI.NetworkStatsData[]>;
  graphics(): Promise<SI.GraphicsData>;
  /** Optional: what answers each method, when not systeminformation (e.g. currentLoad: "/proc/stat"). */
  sources?: Partial<Record<ProviderMethod, string>>;
  /** Optional: abandon calls in flight and start afresh (the worker provider restarts its thread). */
  reset?(): void;
  /** Optional: release resources (the worker provider terminates its thread). */
  close?(): Promise<void>;
}

export type ProviderMethod = "currentLoad" | "cpuTemperature" | "mem" | "fsSize" | "disksIO" | "networkStats" | "graphics";

export const PROVIDER_METHODS: readonly ProviderMethod[] = ["currentLoad", "cpuTemperature", "mem", "fsSize", "disksIO", "networkStats", "graphics"];

/** The source name a reading records for a provider method. */
export function sourceOf(provider: HardwareProvider, method: ProviderMethod): string {
  return provider.sources?.[method] ?? `systeminformation.${method}`;
}

/** The outcome of one provider call: its value, or the error, plus when it ran. */
export type Call<T> =
  | {ok: true; value: T; source: string; at: number; calls: number; previous: T | undefined}
  | {ok: false; error: string; source: string; at: number; calls: number};

/** What the collector hands to `toSample`: the latest call of each method (cached ones included). */
export interface RawHardware {
  time: number;
  currentLoad: Call<CpuLoad>;
  cpuTemperature: Call<SI.CpuTemperatureData>;
  mem: Call<SI.MemData>;
  fsSize: Call<SI.FsSizeData[]>;
  disksIO: Call<SI.DisksIoData | null>;
  networkStats: Call<SI.NetworkStatsData[]>;
  graphics: Call<SI.GraphicsData>;
  health: BridgeHealth;
}

/** The bridge process's own health over the interval since the previous reading. */
export interface BridgeHealth {
  at: number;
  /** How late the event-loop probe fired, in ms, over the interval; null when it has not fired yet. */
  loopMean: number | null;
  loopMax: number | null;
  /** Percent of the interval the event loop was busy; null on the first read. */
  loopUtilization: number | null;
  /** CPU time of this process (all threads) as percent of one core over the interval. */
  cpuPercent: number | null;
  rss: number;
  heapUsed: number;
  heapTotal: number;
}
