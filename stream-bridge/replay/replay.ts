import type {Pacer} from "./pacer.ts";

/** What the replay needs from the outside world; tests pass a fake. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Lets timers and sockets run (setImmediate) without waiting. */
  yield(): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  yield: () => new Promise((resolve) => setImmediate(resolve))
};

export interface ReplayOptions<T> {
  pacer: Pacer;
  clock: Clock;
  /** Event time of an item (null for a reject: it goes out with its neighbour). */
  timeOf(item: T): number | null;
  /** Called for each item when it is due, with the clock reading; synchronous so positions stay consistent. */
  onItem(item: T, now: number): void;
  /** Checked before each item; true ends the replay early. */
  stopped?(): boolean;
  /** Hand control back to the event loop at least this often (ms) even when running flat out. */
  sliceMs?: number;
  /** Replay is behind its schedule by this much (ms) after each item (for /health and metrics). */
  onLag?(lagMs: number): void;
}

/**
 * Pulls items and releases each when the pacer says it is due. Between items, and at least every
 * `sliceMs`, it yields so the bridge's tick, heartbeat and checkpoint timers run — they always see
 * the engine between two items, never in the middle of one.
 */
export async function replay<T>(items: AsyncIterable<T> | Iterable<T>, options: ReplayOptions<T>): Promise<"done" | "stopped"> {
  const {pacer, clock, timeOf, onItem} = options;
  const sliceMs = options.sliceMs ?? 10;
  let sliceStart = clock.now();
  let n = 0;
  for await (const item of items) {
    if (options.stopped?.()) return "stopped";
    const due = pacer.due(timeOf(item));
    let now = clock.now();
    if (due > now) {
      await clock.sleep(due - now);
      if (options.stopped?.()) return "stopped";
      now = clock.now();
      sliceStart = now;
    } else if ((++n & 255) === 0 && now - sliceStart >= sliceMs) {
      await clock.yield();
      if (options.stopped?.()) return "stopped";
      now = sliceStart = clock.now();
    }
    onItem(item, now);
    options.onLag?.(Math.max(0, now - due));
  }
  return "done";
}
