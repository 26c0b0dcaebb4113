import {Heap, type Timed} from "./heap.ts";
import type {Rng} from "./prng.ts";

export interface LatenessOptions {
  /** Share of rows written after a row with a later timestamp (all late rows, far ones included). */
  share: number;
  /** Share of rows late by more than `farThreshold`. */
  farShare: number;
  /** Lateness that counts as far (the bridge's default allowed lateness is 10 minutes). */
  farThreshold: number;
}

export const DEFAULT_LATENESS: LatenessOptions = {share: 0.015, farShare: 0.0001, farThreshold: 10 * 60_000};

export interface LatenessStats {
  rows: number;
  /** Rows with a timestamp before the largest one already written. */
  outOfOrder: number;
  /** Of those, rows more than `farThreshold` behind. */
  farLate: number;
  maxLatenessMs: number;
}

interface Held<T> extends Timed {
  item: T;
  eventTime: number;
  lines: number;
  far: boolean;
}

/**
 * Writes items (a basket's lines, a refund) in time order except for a controlled share held
 * back: a held item is released just before the first item later than its time + delay, so it
 * lands after everything in between. Most delays are seconds to four minutes; a few are hours.
 * The share is steered by what was actually written (a held item with nothing after it in its
 * delay window is not late at all), so it holds for 2,000 rows as well as for 10 million.
 */
export class Reorderer<T> {
  readonly stats: LatenessStats = {rows: 0, outOfOrder: 0, farLate: 0, maxLatenessMs: 0};
  private readonly held = new Heap<Held<T>>();
  private heldNear = 0;
  private heldFar = 0;
  private offered = 0;
  private maxTime = -Infinity;
  private seq = 0;

  constructor(
    private readonly rng: Rng,
    private readonly write: (item: T, time: number) => void,
    private readonly options: LatenessOptions = DEFAULT_LATENESS
  ) {}

  /** Items must be offered in non-decreasing `time`. */
  offer(item: T, time: number, lines: number): void {
    this.release(time);
    this.offered += lines;
    const {share, farShare} = this.options;
    const far = this.stats.farLate + this.heldFar;
    if (this.offered >= 200 && far < Math.ceil(farShare * this.offered)) {
      this.hold(item, time, lines, this.rng.logUniform(3_600_000, 6 * 3_600_000), true);
      return;
    }
    const near = this.stats.outOfOrder - this.stats.farLate + this.heldNear;
    if (near + lines <= (share - farShare) * this.offered + lines / 2 && this.rng.chance(0.3)) {
      this.hold(item, time, lines, this.rng.logUniform(5_000, 240_000), false);
      return;
    }
    this.emit(item, time, lines);
  }

  /** Writes everything still held, in release order. */
  finish(): void {
    this.release(Infinity);
  }

  private hold(item: T, time: number, lines: number, delay: number, far: boolean): void {
    this.held.push({time: time + Math.round(delay / 1000) * 1000, seq: this.seq++, item, eventTime: time, lines, far});
    if (far) this.heldFar += lines;
    else this.heldNear += lines;
  }

  private release(before: number): void {
    for (let top = this.held.peek(); top && top.time < before; top = this.held.peek()) {
      this.held.pop();
      if (top.far) this.heldFar -= top.lines;
      else this.heldNear -= top.lines;
      this.emit(top.item, top.eventTime, top.lines);
    }
  }

  private emit(item: T, time: number, lines: number): void {
    const stats = this.stats;
    stats.rows += lines;
    if (time < this.maxTime) {
      const lateness = this.maxTime - time;
      stats.outOfOrder += lines;
      if (lateness > this.options.farThreshold) stats.farLate += lines;
      if (lateness > stats.maxLatenessMs) stats.maxLatenessMs = lateness;
    } else {
      this.maxTime = time;
    }
    this.write(item, time);
  }
}
