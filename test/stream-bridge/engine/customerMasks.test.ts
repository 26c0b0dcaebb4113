import {describe, expect, it} from "vitest";
import {CustomerMasks, MASK_KEYS} from "../../../stream-bridge/engine/customerMasks.ts";

describe("CustomerMasks", () => {
  it("agrees with a Set of (dimension, key, customer) across blocks and words added late, and round-trips through its JSON", () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const masks = new CustomerMasks(6);
    const model = new Set<string>();
    const wrong: string[] = [];
    for (let i = 0; i < 200_000; ++i) {
      // Customers spread over three blocks of 65,536; keys of dimension 4 reach higher words as i grows.
      const d = 1 + (next() % 5);
      const key = next() % (d === 4 ? Math.min(MASK_KEYS, 8 + (i >> 10)) : 12);
      const c = next() % 150_000;
      const id = `${d}:${key}:${c}`;
      if (masks.add(d, key, c) !== !model.has(id)) wrong.push(id);
      model.add(id);
    }
    expect(wrong).toEqual([]);
    expect(masks.blocks.length).toBe(3);
    const restored = CustomerMasks.fromJSON(JSON.parse(JSON.stringify(masks.toJSON(150_000))), 6);
    for (const id of model) {
      const [d, key, c] = id.split(":").map(Number);
      if (restored.add(d, key, c)) wrong.push(`lost ${id}`);
    }
    expect(wrong).toEqual([]);
    // A bit never set (dimension 1 only had keys < 12) reads clear, and setting it reports it once.
    expect(restored.add(1, 200, 149_998)).toBe(true);
    expect(restored.add(1, 200, 149_998)).toBe(false);
  });
});
