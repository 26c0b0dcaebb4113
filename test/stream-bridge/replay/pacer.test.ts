import {describe, expect, it} from "vitest";
import {createPacer, maybePace} from "../../../stream-bridge/replay/pacer.ts";

describe("createPacer", () => {
  it("max releases every event at the start time", () => {
    const pacer = createPacer({mode: "max"}, 1000);
    expect([pacer.due(5), pacer.due(99_999), pacer.due(null)]).toEqual([1000, 1000, 1000]);
  });

  it("speed N maps event time to wall time N× faster, anchored on the first event", () => {
    const pacer = createPacer({mode: "speed", speed: 60}, 1000);
    // 60× : one minute of event time is one second of wall time.
    expect(pacer.due(600_000)).toBe(1000);
    expect(pacer.due(660_000)).toBe(2000);
    expect(pacer.due(630_000)).toBe(1500); // out of order: due earlier, so released at once
    expect(pacer.due(null)).toBe(1500); // a reject goes out with its neighbour
    expect(pacer.due(780_000)).toBe(4000);
  });

  it("rate N spaces events 1000/N ms apart whatever their time", () => {
    const pacer = createPacer({mode: "rate", rate: 4}, 0);
    expect([pacer.due(9), pacer.due(1), pacer.due(null), pacer.due(5)]).toEqual([0, 250, 500, 750]);
  });

  it("rejects a non-positive speed or rate", () => {
    expect(() => createPacer({mode: "speed", speed: 0}, 0)).toThrow(/invalid speed: 0/);
    expect(() => createPacer({mode: "rate", rate: -1}, 0)).toThrow(/invalid rate: -1/);
  });
});

describe("maybePace", () => {
  it("reads --speed and --rate", () => {
    expect(maybePace(undefined, undefined)).toEqual({mode: "max"});
    expect(maybePace("max", undefined)).toEqual({mode: "max"});
    expect(maybePace("2.5", undefined)).toEqual({mode: "speed", speed: 2.5});
    expect(maybePace("max", 50_000)).toEqual({mode: "rate", rate: 50_000});
    expect(maybePace("fast", undefined)).toEqual({error: "speed"});
    expect(maybePace("-1", undefined)).toEqual({error: "speed"});
    expect(maybePace("", undefined)).toEqual({error: "speed"});
  });
});
