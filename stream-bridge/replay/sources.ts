import {PulseError} from "../../lib/errors.ts";
import {isReject, type SourceKind, type SourceRecord} from "../events.ts";
import {DEFAULT_DEDUPE_WINDOW, mergeSources, readSource, type MergedBatch, type ReadOptions, type SourceBatch} from "../ingest/index.ts";

/**
 * Where one source stands, for checkpoints. `records` counts the records that went through
 * duplicate detection (every record but bad_csv ones). `warm` is a position at least `dedupeWindow`
 * such records earlier: a resume re-reads from there, dropping what it already delivered, so the
 * reader remembers the same recent records as an uninterrupted run and finds the same duplicate_line
 * rows. (null: re-read from the file start.)
 */
export interface ResumePosition {
  offset: number;
  line: number;
  records: number;
  warm: {offset: number; line: number; records: number} | null;
}

/**
 * A source of records with positions. Files are one kind; a durable log (Kafka-like) fits the same
 * shape: open at a position, yield batches in order with where each record ends.
 */
export interface ReplaySource {
  name: SourceKind;
  /** Identifies the source in checkpoints (a file path). */
  id: string;
  open(from: {offset: number; line: number} | null): AsyncIterable<SourceBatch>;
}

export function fileSource(kind: SourceKind, path: string, options: ReadOptions): ReplaySource {
  return {name: kind, id: path, open: (from) => readSource(path, kind, from ? {...options, start: from} : options)};
}

/** Anchors are kept every this many records, so a resume re-reads at most this many extra. */
export const ANCHOR_EVERY = 4096;

interface Tracked {
  offset: number;
  line: number;
  records: number;
  anchors: {offset: number; line: number; records: number}[];
}

/** Follows the position of each source as its records are delivered to the engine. */
export class PositionTracker {
  private readonly state: Tracked[];
  /**
   * Per source, the checkpoint position it resumes from, until its re-read catches up with it: a
   * checkpoint taken meanwhile (the engine already holds everything up to there) must save that
   * position, not the re-read's progress, or a second restart would count those records twice.
   */
  private readonly resumeAt: (ResumePosition | null)[];

  constructor(
    count: number,
    private readonly dedupeWindow: number,
    private readonly anchorEvery = ANCHOR_EVERY
  ) {
    this.state = Array.from({length: count}, () => ({offset: 0, line: 1, records: 0, anchors: []}));
    this.resumeAt = Array.from({length: count}, () => null);
  }

  /** Starts source k at a warm-up position (before a resume) or at the file start; `resumeAt`: the position being resumed. */
  reset(k: number, from: ResumePosition["warm"], resumeAt: ResumePosition | null = null): void {
    this.state[k] = from ? {...from, anchors: [{...from}]} : {offset: 0, line: 1, records: 0, anchors: []};
    this.resumeAt[k] = resumeAt && {...resumeAt, warm: resumeAt.warm && {...resumeAt.warm}};
  }

  /** Source k's re-read reached its resume position: position() follows the source again. */
  release(k: number): void {
    this.resumeAt[k] = null;
  }

  advance(k: number, record: SourceRecord, end: number, nextLine: number): void {
    const s = this.state[k];
    s.offset = end;
    s.line = nextLine;
    if (isReject(record) && record.reason === "bad_csv") return;
    if (++s.records % this.anchorEvery === 0) {
      s.anchors.push({offset: end, line: nextLine, records: s.records});
      // Keep the newest anchor at or before records − window, and everything after it.
      const limit = s.records - this.dedupeWindow;
      while (s.anchors.length > 1 && s.anchors[1].records <= limit) s.anchors.shift();
    }
  }

  position(k: number): ResumePosition {
    const at = this.resumeAt[k];
    if (at) return {...at, warm: at.warm && {...at.warm}};
    const s = this.state[k];
    const limit = s.records - this.dedupeWindow;
    let warm: ResumePosition["warm"] = null;
    for (const anchor of s.anchors) if (anchor.records <= limit) warm = anchor;
    return {offset: s.offset, line: s.line, records: s.records, warm: warm && {...warm}};
  }
}

/**
 * Opens each source at its resume position (re-reading the warm-up stretch and checking that the
 * file still holds the same records there), and merges them by event time with the ingest merge, so
 * live order equals batch order.
 */
export function openSources(sources: ReplaySource[], tracker: PositionTracker, resume: (ResumePosition | undefined)[]): AsyncIterable<MergedBatch> {
  const streams = sources.map((source, k) => {
    const at = resume[k];
    if (!at || at.records === 0) {
      tracker.reset(k, null);
      return source.open(null);
    }
    tracker.reset(k, at.warm, at);
    return skipTo(source, k, at, tracker);
  });
  return mergeSources(streams);
}

async function* skipTo(source: ReplaySource, k: number, at: ResumePosition, tracker: PositionTracker): AsyncGenerator<SourceBatch> {
  let skipping = true;
  for await (const batch of source.open(at.warm)) {
    if (!skipping) {
      yield batch;
      continue;
    }
    let i = 0;
    while (i < batch.records.length && batch.ends[i] <= at.offset) {
      tracker.advance(k, batch.records[i], batch.ends[i], batch.nextLines[i]);
      ++i;
    }
    if (i === batch.records.length && batch.ends[i - 1] < at.offset) continue;
    skipping = false;
    tracker.release(k);
    const p = tracker.position(k);
    if (p.offset !== at.offset || p.records !== at.records) {
      throw new PulseError(
        "E_BAD_INPUT",
        `${source.id} changed since the checkpoint: expected record ${at.records} to end at byte ${at.offset}, found ${p.records} ending at ${p.offset}`
      );
    }
    if (i < batch.records.length) yield {records: batch.records.slice(i), ends: batch.ends.slice(i), nextLines: batch.nextLines.slice(i)};
  }
  if (skipping) throw new PulseError("E_BAD_INPUT", `${source.id} changed since the checkpoint: it ends before byte ${at.offset}`);
}

/** The reader's default duplicate-detection window (records). */
export const DEDUPE_WINDOW = DEFAULT_DEDUPE_WINDOW;
