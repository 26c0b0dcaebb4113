import {describe, expect, it} from "vitest";
import {IndexSet} from "../../../stream-bridge/engine/indexSet.ts";
import {HashSet64} from "../../../stream-bridge/engine/hash64.ts";

describe("IndexSet", () => {
  it("agrees with a Set through the switch from table to bitset and later widening, and survives JSON", () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (const universe of [50, 5000, 1_000_000]) {
      const set = new IndexSet();
      const reference = new Set<number>();
      const wrong: number[] = [];
      for (let i = 0; i < 20_000; ++i) {
        // Grow the universe over time, like customer indices do.
        const v = Math.floor(random() * Math.min(universe, 10 + i * 4));
        if (set.add(v) === reference.has(v)) wrong.push(v);
        reference.add(v);
      }
      expect(wrong).toEqual([]);
      expect(set.size).toBe(reference.size);
      const copy = IndexSet.fromJSON(JSON.parse(JSON.stringify(set.toJSON())));
      for (let v = 0; v < Math.min(universe, 100_000); ++v) if (copy.has(v) !== reference.has(v)) wrong.push(v);
      expect(wrong).toEqual([]);
      expect(copy.size).toBe(reference.size);
    }
  });

  it("stays small: a bitset when dense, a table when sparse", () => {
    const dense = new IndexSet();
    for (let i = 0; i < 100_000; ++i) dense.add(i);
    // A bitset (widened ×1.5 as indices grow), not 4+ bytes per member.
    expect(dense.bytes).toBeLessThanOrEqual(1.5 * (100_000 / 8) + 8);
    const sparse = new IndexSet();
    for (let i = 0; i < 100; ++i) sparse.add(i * 1_000_003);
    expect(sparse.bytes).toBeLessThan(4096);
  });
});

describe("HashSet64", () => {
  it("agrees with a Set of keys across ×1.5 growth, and keeps values with their keys", () => {
    const set = new HashSet64(16, 1);
    const reference = new Map<string, number>();
    let seed = 11;
    const random = () => (seed = (seed * 48271) % 2147483647);
    const wrong: string[] = [];
    for (let i = 0; i < 50_000; ++i) {
      const hi = random() % 3000 | 0;
      const lo = (random() % 4 === 0 ? 0 : random()) | 0;
      const key = `${hi}:${lo}`;
      const added = set.add(hi, lo);
      if (added === reference.has(key)) wrong.push(key);
      if (added) {
        set.data[set.at] = i;
        reference.set(key, i);
      }
      if (set.data[set.at] !== reference.get(key)) wrong.push(key);
    }
    expect(wrong).toEqual([]);
    expect(set.size).toBe(reference.size);
    const copy = HashSet64.fromJSON(JSON.parse(JSON.stringify(set.toJSON())));
    for (const [key, value] of reference) {
      const [hi, lo] = key.split(":").map(Number);
      if (copy.value(copy.find(hi, lo), 0) !== value) wrong.push(key);
    }
    expect(wrong).toEqual([]);
    expect(copy.find(123456, 654321)).toBe(-1);
  });
});
