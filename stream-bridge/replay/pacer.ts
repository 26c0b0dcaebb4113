/**
 * When each replayed event may be released, in wall-clock milliseconds. Pure: the caller passes
 * the wall time at the start and each event's time; nothing here reads a clock or sleeps.
 *
 * - max:   as fast as possible (every event is due at once);
 * - speed: N× event time, anchored on the first event (an out-of-order event is due "in the past",
 *          so it goes out at once and the stream keeps its file order);
 * - rate:  N events per second of wall clock, whatever their timestamps.
 */
export type Pace = {mode: "max"} | {mode: "speed"; speed: number} | {mode: "rate"; rate: number};

export interface Pacer {
  /** Wall time at which the next event (with this event time; null for a reject) is due. */
  due(eventTime: number | null): number;
  /** False for max: there is no schedule to fall behind. */
  readonly paced: boolean;
}

export function createPacer(pace: Pace, startWall: number): Pacer {
  switch (pace.mode) {
    case "max":
      return {due: () => startWall, paced: false};
    case "speed": {
      if (!(pace.speed > 0)) throw new RangeError(`invalid speed: ${pace.speed}`);
      let anchor: number | null = null;
      let last = startWall;
      return {
        paced: true,
        due(eventTime) {
          // A reject carries no time: it goes out with its neighbour.
          if (eventTime === null) return last;
          anchor ??= eventTime;
          return (last = startWall + (eventTime - anchor) / pace.speed);
        }
      };
    }
    case "rate": {
      if (!(pace.rate > 0)) throw new RangeError(`invalid rate: ${pace.rate}`);
      let index = 0;
      return {due: () => startWall + (index++ * 1000) / pace.rate, paced: true};
    }
  }
}

/** Parses --speed (a positive number or "max") and --rate into a Pace; rate wins when both are given. */
export function maybePace(speed: string | number | undefined, rate: number | undefined): Pace | {error: string} {
  if (rate !== undefined) return rate > 0 ? {mode: "rate", rate} : {error: "rate"};
  if (speed === undefined || speed === "max") return {mode: "max"};
  const n = typeof speed === "number" ? speed : speed.trim() === "" ? NaN : Number(speed);
  return Number.isFinite(n) && n > 0 ? {mode: "speed", speed: n} : {error: "speed"};
}
