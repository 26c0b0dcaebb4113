import type {ColumnSources} from "./columnSources.ts";
import type {EventColumns} from "./eventColumns.ts";

/**
 * ingest/merge.ts over column chunks, record for record the same order: each input in file order;
 * across inputs a reject at the head of an input goes first (lowest input first), else the head
 * with the smallest event time, ties to the lower input. `visit` gets the records in that order, as runs
 * of consecutive records of one chunk (records from … to − 1: a caller's loop over a run keeps the
 * chunk's arrays at hand); `arrived` gets each chunk before its first record is visited (dictionaries
 * grow there). Returns the milliseconds spent waiting for chunks (the rest went to the merge and `visit`).
 */
export async function mergeColumns(sources: ColumnSources, count: number, arrived: (chunk: EventColumns) => void, visit: (chunk: EventColumns, from: number, to: number) => void): Promise<number> {
  let waited = 0;
  const head: (EventColumns | null)[] = new Array(count).fill(null);
  const pos = new Array<number>(count).fill(0);
  const done = new Array<boolean>(count).fill(false);
  for (;;) {
    // Every input not exhausted has a record at its cursor (awaits happen only at chunk ends).
    for (let k = 0; k < count; ++k) {
      while (!done[k] && (head[k] === null || pos[k] >= head[k]!.length)) {
        const asked = performance.now();
        const chunk = await sources.next(k);
        waited += performance.now() - asked;
        if (chunk === null) {
          done[k] = true;
          head[k] = null;
        } else if (chunk.length) {
          head[k] = chunk;
          pos[k] = 0;
          arrived(chunk);
        }
      }
    }
    let best = -1;
    let bestTime = Infinity;
    for (let k = 0; k < count; ++k) {
      if (done[k]) continue;
      const c = head[k]!;
      const i = pos[k];
      if (c.kind[i] === 0) {
        best = k;
        break;
      }
      if (best < 0 || c.time[i] < bestTime) {
        best = k;
        bestTime = c.time[i];
      }
    }
    if (best < 0) return waited;
    // Take a run from `best`: its records stay first while they are rejects, or while no other head
    // is a reject and they come before every lower input's head (strictly) and higher input's (or tie).
    let otherReject = false;
    let lower = Infinity;
    let higher = Infinity;
    for (let k = 0; k < count; ++k) {
      if (k === best || done[k]) continue;
      const c = head[k]!;
      const i = pos[k];
      if (c.kind[i] === 0) otherReject = true;
      else if (k < best) lower = Math.min(lower, c.time[i]);
      else higher = Math.min(higher, c.time[i]);
    }
    const c = head[best]!;
    const kind = c.kind;
    const time = c.time;
    const from = pos[best];
    let i = from + 1;
    while (i < c.length && (kind[i] === 0 || (!otherReject && time[i] < lower && time[i] <= higher))) i++;
    pos[best] = i;
    visit(c, from, i);
  }
}
