import {describe, expect, it} from "vitest";
import {HashSet64, PartitionedSet64} from "../../../stream-bridge/engine/hash64.ts";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) | 0;
}

describe("PartitionedSet64", () => {
  it.each([
    ["×1.5 growth at 80% load", 0.8, 1.5],
    ["×1.25 growth at 85% load (the transaction table's)", 0.85, 1.25]
  ])("agrees with a Map of keys and values as its parts grow (%s), and round-trips through its JSON and a single set's", (_, maxLoad, growth) => {
    const next = lcg(3);
    const keys = Array.from({length: 20_000}, () => [next(), next()] as const);
    const set = new PartitionedSet64(4, 2, maxLoad, growth);
    const single = new HashSet64(16, 2);
    const model = new Map<string, number>();
    const wrong: string[] = [];
    for (let i = 0; i < 60_000; ++i) {
      const [hi, lo] = keys[(next() >>> 0) % keys.length];
      const id = `${hi},${lo}`;
      const added = set.add(hi, lo);
      if (added === model.has(id)) wrong.push(`add ${id} at ${i}`);
      if (added) {
        set.data[set.at] = i;
        set.data[set.at + 1] = hi ^ i;
        model.set(id, i);
      }
      if (single.add(hi, lo)) {
        single.data[single.at] = i;
        single.data[single.at + 1] = hi ^ i;
      }
    }
    expect(wrong).toEqual([]);
    expect(set.size).toBe(model.size);
    const restored = PartitionedSet64.fromJSON(JSON.parse(JSON.stringify(set.toJSON())), 4, maxLoad, growth);
    const fromSingle = PartitionedSet64.fromJSON(JSON.parse(JSON.stringify(single.toJSON())));
    for (const candidate of [set, restored, fromSingle]) {
      expect(candidate.size).toBe(model.size);
      for (const [id, i] of model) {
        const [hi, lo] = id.split(",").map(Number);
        if (candidate.find(hi, lo) < 0 || candidate.data[candidate.at] !== i || candidate.data[candidate.at + 1] !== (hi ^ i)) wrong.push(`find ${id}`);
      }
      expect(wrong).toEqual([]);
      expect(candidate.find(12345, 678)).toBe(-1);
    }
    // Within its load bound, and the parts (started out of phase) are not all of one size.
    expect(set.size / (set.bytes / 16)).toBeLessThanOrEqual(maxLoad);
    expect(new Set(set.parts.map((part) => part.capacity)).size).toBeGreaterThan(1);
  });
});
