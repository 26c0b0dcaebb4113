import {describe, expect, it} from "vitest";
import {createHistogram, readDeltaHeader} from "../../bench/latency.ts";
import {encodeDelta, encodeHeartbeat} from "../../stream-bridge/protocol/protocol.ts";

describe("createHistogram", () => {
  it("quantiles match sorting the samples (1 ms bins)", () => {
    const h = createHistogram(1000);
    const samples: number[] = [];
    let seed = 1;
    for (let i = 0; i < 5000; ++i) {
      seed = (seed * 48271) % 2147483647;
      const v = (seed % 400) + (i % 10 === 0 ? 500 : 0);
      samples.push(v);
      h.add(v);
    }
    samples.sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99]) expect(h.quantile(q)).toBe(samples[Math.ceil(q * samples.length) - 1]);
    expect(h.count).toBe(5000);
    expect(h.max()).toBe(samples.at(-1));
  });

  it("addRange spreads weight evenly over the bins of a range", () => {
    const h = createHistogram(100);
    h.addRange(10, 19, 100); // 10 per bin
    h.add(50, 100);
    expect(h.quantile(0.05)).toBe(10);
    expect(h.quantile(0.25)).toBe(14);
    expect(h.quantile(0.5)).toBe(19);
    expect(h.quantile(0.51)).toBe(50);
    expect(createHistogram().quantile(0.5)).toBeNaN();
  });
});

describe("readDeltaHeader", () => {
  it("reads seq, time and ingest from an encoded delta without parsing the rest", () => {
    const text = encodeDelta({seq: 42, time: 1700000000123, watermark: 1699999999000, ingest: {first: 1700000000001, last: 1700000000099, events: 5000}, tables: {kpis: {columns: ["a"], upsert: [{a: 1}], delete: []}}});
    expect(readDeltaHeader(Buffer.from(text))).toEqual({seq: 42, time: 1700000000123, ingest: {first: 1700000000001, last: 1700000000099, events: 5000}});
    const idle = encodeDelta({seq: 43, time: 5, watermark: null, ingest: null, tables: {}});
    expect(readDeltaHeader(Buffer.from(idle))).toEqual({seq: 43, time: 5, ingest: null});
    expect(readDeltaHeader(Buffer.from(encodeHeartbeat({seq: 1, time: 2})))).toBeNull();
  });
});

describe("serverFigures", () => {
  it("reads event-loop lag and the ingest-to-broadcast share from Prometheus text", async () => {
    const {serverFigures} = await import("../../bench/liveBench.ts");
    const text = [
      "pulse_nodejs_eventloop_lag_p99_seconds 0.0421",
      "pulse_nodejs_eventloop_lag_max_seconds 0.25",
      'pulse_ingest_to_broadcast_seconds_bucket{le="0.05"} 80',
      'pulse_ingest_to_broadcast_seconds_bucket{le="0.1"} 95',
      "pulse_ingest_to_broadcast_seconds_count 100"
    ].join("\n");
    const figures = serverFigures(text);
    expect(figures.loopLagP99).toBeCloseTo(42.1);
    expect(figures.loopLagMax).toBe(250);
    expect(figures.queuedWithin100ms).toBe(0.95);
  });
});
