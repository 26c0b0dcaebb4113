/**
 * Latency bookkeeping for the live benchmark: a weighted histogram with 1 ms bins, and a cheap
 * reader of a delta's header so 100 clients do not JSON.parse every message.
 */

export interface Histogram {
  /** Adds `weight` samples spread evenly over [from, to] ms (inclusive bins). */
  addRange(from: number, to: number, weight: number): void;
  add(value: number, weight?: number): void;
  readonly count: number;
  /** Value (ms, bin lower edge) at or below which a fraction q of the weight lies; NaN when empty. */
  quantile(q: number): number;
  max(): number;
}

export function createHistogram(maxMs = 120_000): Histogram {
  const bins = new Float64Array(maxMs + 1);
  let count = 0;
  let top = -Infinity;
  const bin = (v: number) => Math.min(maxMs, Math.max(0, Math.floor(v)));
  return {
    add(value, weight = 1) {
      bins[bin(value)] += weight;
      count += weight;
      if (value > top) top = value;
    },
    addRange(from, to, weight) {
      if (to < from) [from, to] = [to, from];
      const a = bin(from);
      const b = bin(to);
      const each = weight / (b - a + 1);
      for (let i = a; i <= b; ++i) bins[i] += each;
      count += weight;
      if (to > top) top = to;
    },
    get count() {
      return count;
    },
    quantile(q) {
      if (count === 0) return NaN;
      const target = q * count;
      let sum = 0;
      for (let i = 0; i < bins.length; ++i) {
        sum += bins[i];
        if (sum >= target && bins[i] > 0) return i;
      }
      return maxMs;
    },
    max: () => top
  };
}

export interface DeltaHeader {
  seq: number;
  time: number;
  ingest: {first: number; last: number; events: number} | null;
}

// protocol.ts writes these keys first and in this order (its exact-bytes test pins it).
const HEADER = /^\{"type":"delta","v":1,"seq":(\d+),"time":(\d+),"watermark":(?:-?\d+|null),"ingest":(?:null|\{"first":(\d+),"last":(\d+),"events":(\d+)\})/;

/** Reads seq, server time and ingest span from the start of a delta frame; null for other messages. */
export function readDeltaHeader(data: Uint8Array): DeltaHeader | null {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, 200)).toString("latin1");
  const m = HEADER.exec(head);
  if (!m) return null;
  return {
    seq: Number(m[1]),
    time: Number(m[2]),
    ingest: m[3] === undefined ? null : {first: Number(m[3]), last: Number(m[4]), events: Number(m[5])}
  };
}
