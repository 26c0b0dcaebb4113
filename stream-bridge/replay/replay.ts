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

/** The longest single sleep: a stop is seen within this (ms). */
export const SLEEP_SLICE_MS = 100;

export interface ReplayOptions<B> {
  pacer: Pacer;
  clock: Clock;
  /** Number of items in a batch. */
  count(batch: B): number;
  /** Event time of item i (null for a reject: it goes out with its neighbour). */
  timeOf(batch: B, i: number): number | null;
  /** Called for each item when it is due, with the clock reading; synchronous so positions stay consistent. */
  onItem(batch: B, i: number, now: number): void;
  /** Checked before each item; true ends the replay early. */
  stopped?(): boolean;
  /** Hand control back to the event loop at least this often (ms) even when running flat out. */
  sliceMs?: number;
  /** How far (ms) the replay is behind its schedule after an item (for /health and metrics). */
  onLag?(lagMs: number): void;
}

/**
 * Releases items, batch by batch, each when the pacer says it is due. It yields between items when
 * it sleeps, and at least every `sliceMs` when running flat out, so the bridge's tick, heartbeat and
 * checkpoint timers run — they always see the engine between two items, never in the middle of one.
 */
export async function replay<B>(batches: AsyncIterable<B> | Iterable<B>, options: ReplayOptions<B>): Promise<"done" | "stopped"> {
  const {pacer, clock, count, timeOf, onItem} = options;
  const sliceMs = options.sliceMs ?? 10;
  const onLag = pacer.paced ? options.onLag : undefined;
  let sliceStart = clock.now();
  let n = 0;
  for await (const batch of batches) {
    const length = count(batch);
    for (let i = 0; i < length; ++i) {
      if (options.stopped?.()) return "stopped";
      const due = pacer.due(timeOf(batch, i));
      let now = clock.now();
      if (due > now) {
        // In slices: at --speed 600 the next sale can be 8 h of event time (48 s) after the night's
        // stock counts, and a stop (SIGTERM) must not wait for it.
        while (due > now) {
          await clock.sleep(Math.min(due - now, SLEEP_SLICE_MS));
          if (options.stopped?.()) return "stopped";
          now = clock.now();
        }
        sliceStart = now;
      } else if ((++n & 255) === 0 && now - sliceStart >= sliceMs) {
        await clock.yield();
        if (options.stopped?.()) return "stopped";
        now = sliceStart = clock.now();
      }
      onItem(batch, i, now);
      onLag?.(Math.max(0, now - due));
    }
  }
  return "done";
}
