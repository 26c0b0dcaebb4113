import {describe, expect, it} from "vitest";
import {Heap} from "../../generator/heap.ts";
import {Rng} from "../../generator/prng.ts";

type Item = {time: number; seq: number};
const order = (a: Item, b: Item) => a.time - b.time || a.seq - b.seq;

describe("Heap", () => {
  it("pops the earliest (time, then insertion) item under interleaved pushes and pops", () => {
    const rng = new Rng(3);
    const heap = new Heap<Item>();
    // The oracle: a plain array kept sorted.
    const reference: Item[] = [];
    let seq = 0;
    for (let i = 0; i < 4000; ++i) {
      if (rng.chance(0.6)) {
        const item = {time: rng.int(50), seq: seq++};
        heap.push(item);
        reference.push(item);
        reference.sort(order);
      } else {
        expect(heap.pop()).toBe(reference.shift());
      }
      expect(heap.size).toBe(reference.length);
      expect(heap.peek()).toBe(reference[0]);
    }
  });

  it("drains in sorted order", () => {
    const rng = new Rng(4);
    const heap = new Heap<Item>();
    const items = Array.from({length: 3000}, (_, seq) => ({time: rng.int(100), seq}));
    for (const item of items) heap.push(item);
    const out = Array.from({length: items.length}, () => heap.pop()!);
    expect(out).toEqual([...items].sort(order));
    expect(heap.pop()).toBeUndefined();
  });
});
