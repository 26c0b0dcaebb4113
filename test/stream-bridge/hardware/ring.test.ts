import {describe, expect, it} from "vitest";
import {createRing} from "../../../stream-bridge/hardware/ring.ts";

describe("createRing", () => {
  it("keeps the newest `capacity` items, oldest first", () => {
    const ring = createRing<number>(3);
    expect(ring.toArray()).toEqual([]);
    expect(ring.last()).toBeUndefined();
    for (let i = 1; i <= 2; ++i) ring.push(i);
    expect(ring.toArray()).toEqual([1, 2]);
    for (let i = 3; i <= 7; ++i) ring.push(i);
    expect(ring.toArray()).toEqual([5, 6, 7]);
    expect(ring.size).toBe(3);
    expect(ring.last()).toBe(7);
  });

  it("matches a sliced array for every length around the capacity", () => {
    for (let n = 0; n <= 11; ++n) {
      const ring = createRing<number>(4);
      const all = Array.from({length: n}, (_, i) => i);
      all.forEach((i) => ring.push(i));
      expect(ring.toArray()).toEqual(all.slice(-4));
    }
  });

  it("pushes in constant time (an hour of samples at 1 s, a hundred times over)", () => {
    const ring = createRing<number>(3600);
    const start = performance.now();
    for (let i = 0; i < 360_000; ++i) ring.push(i);
    expect(ring.size).toBe(3600);
    expect(ring.toArray()[0]).toBe(360_000 - 3600);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it("rejects a capacity that is not a positive integer", () => {
    expect(() => createRing(0)).toThrow(/invalid ring capacity: 0/);
    expect(() => createRing(1.5)).toThrow(/1.5/);
  });
});
