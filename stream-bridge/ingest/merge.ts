import {isReject, type SourceRecord} from "../events.ts";
import type {SourceBatch} from "./source.ts";

/** Records of several sources interleaved by event time, with where each came from. */
export interface MergedBatch {
  records: SourceRecord[];
  /** Index (into the sources given to mergeSources) of each record's source. */
  sources: number[];
  /** Byte offset after the record in its own file, and the line of that file's next record. */
  ends: number[];
  nextLines: number[];
}

/**
 * Merges sources into one stream, the way both the live replay and batch mode order events:
 * each file is consumed in file order (out-of-order rows stay where they are); across files the
 * head with the smallest event time goes first, ties to the lower source index; a reject has no
 * time and goes out as soon as it is at the head of its file. Output batches hold up to
 * `batchSize` records.
 */
export async function* mergeSources(sources: AsyncIterable<SourceBatch>[], batchSize = 8192): AsyncGenerator<MergedBatch> {
  if (sources.length === 1) {
    // One file: its batches already are the merged order.
    for await (const batch of sources[0]) {
      yield {records: batch.records, sources: new Array(batch.records.length).fill(0), ends: batch.ends, nextLines: batch.nextLines};
    }
    return;
  }
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  const current: (SourceBatch | null)[] = sources.map(() => null);
  const cursor = sources.map(() => 0);
  const done = sources.map(() => false);

  // Makes sure source k has a record at its cursor unless it is exhausted.
  const ready = async (k: number): Promise<boolean> => {
    while (!done[k] && (current[k] === null || cursor[k] >= current[k]!.records.length)) {
      const next = await iterators[k].next();
      if (next.done) {
        done[k] = true;
        current[k] = null;
      } else {
        current[k] = next.value;
        cursor[k] = 0;
      }
    }
    return !done[k];
  };

  let out: MergedBatch = {records: [], sources: [], ends: [], nextLines: []};
  try {
    for (;;) {
      let best = -1;
      let bestTime = Infinity;
      for (let k = 0; k < sources.length; ++k) {
        // Await only at batch boundaries: an await per record would dominate the merge.
        if (!done[k] && (current[k] === null || cursor[k] >= current[k]!.records.length) && !(await ready(k))) continue;
        if (done[k]) continue;
        const record = current[k]!.records[cursor[k]];
        if (isReject(record)) {
          best = k;
          break;
        }
        if (best < 0 || record.time < bestTime) {
          best = k;
          bestTime = record.time;
        }
      }
      if (best < 0) break;
      const batch = current[best]!;
      const i = cursor[best]++;
      out.records.push(batch.records[i]);
      out.sources.push(best);
      out.ends.push(batch.ends[i]);
      out.nextLines.push(batch.nextLines[i]);
      if (out.records.length >= batchSize) {
        yield out;
        out = {records: [], sources: [], ends: [], nextLines: []};
      }
    }
    if (out.records.length) yield out;
  } finally {
    // Close files of sources we stopped reading early (consumer break or error).
    await Promise.all(iterators.map((iterator, k) => (done[k] ? undefined : iterator.return?.())));
  }
}
