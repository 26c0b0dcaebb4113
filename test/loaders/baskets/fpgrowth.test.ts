import {describe, expect, it} from "vitest";
import {fpgrowth, type Itemset} from "../../../loaders/baskets/fpgrowth.ts";

// mlxtend's documentation example (the fifth basket lists Onion twice).
const mlxtend = [
  ["Milk", "Onion", "Nutmeg", "Kidney Beans", "Eggs", "Yogurt"],
  ["Dill", "Onion", "Nutmeg", "Kidney Beans", "Eggs", "Yogurt"],
  ["Milk", "Apple", "Kidney Beans", "Eggs"],
  ["Milk", "Unicorn", "Corn", "Kidney Beans", "Yogurt"],
  ["Corn", "Onion", "Onion", "Kidney Beans", "Ice cream", "Eggs"]
];

const asMap = (itemsets: Itemset[]) => new Map(itemsets.map(({items, count}) => [items.join("|"), count]));

/** Independent oracle: count every subset of every basket, keep those reaching minCount. */
function bruteForce(baskets: string[][], minCount: number, maxLength: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const basket of baskets) {
    const set = [...new Set(basket)].sort();
    for (let mask = 1; mask < 1 << set.length; ++mask) {
      const subset = set.filter((_, i) => mask & (1 << i));
      if (subset.length > maxLength) continue;
      const key = subset.join("|");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return new Map([...counts].filter(([, count]) => count >= minCount));
}

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe("fpgrowth", () => {
  it("finds mlxtend's 11 itemsets at support 0.6, counting a repeated item once", () => {
    const {n, minCount, itemsets} = fpgrowth(mlxtend, {minSupport: 0.6});
    expect(n).toBe(5);
    expect(minCount).toBe(3);
    expect(asMap(itemsets)).toEqual(
      new Map([
        ["Kidney Beans", 5],
        ["Eggs", 4],
        ["Milk", 3],
        ["Onion", 3],
        ["Yogurt", 3],
        ["Eggs|Kidney Beans", 4],
        ["Eggs|Onion", 3],
        ["Kidney Beans|Milk", 3],
        ["Kidney Beans|Onion", 3],
        ["Kidney Beans|Yogurt", 3],
        ["Eggs|Kidney Beans|Onion", 3]
      ])
    );
  });

  it("orders itemsets by length, then count, then items", () => {
    const {itemsets} = fpgrowth(mlxtend, {minSupport: 0.6});
    expect(itemsets.map((s) => s.items.join("|"))).toEqual([
      "Kidney Beans",
      "Eggs",
      "Milk",
      "Onion",
      "Yogurt",
      "Eggs|Kidney Beans",
      "Eggs|Onion",
      "Kidney Beans|Milk",
      "Kidney Beans|Onion",
      "Kidney Beans|Yogurt",
      "Eggs|Kidney Beans|Onion"
    ]);
  });

  it("is reusable: a second run on the same input gives the same answer", () => {
    expect(fpgrowth(mlxtend, {minSupport: 0.4})).toEqual(fpgrowth(mlxtend, {minSupport: 0.4}));
  });

  it("treats minSupport 0.07 of 100 baskets as exactly 7 baskets", () => {
    const baskets = Array.from({length: 100}, (_, i) => [i < 7 ? "seven" : "other", i < 6 ? "six" : "filler", `unique${i}`]);
    const {minCount, itemsets} = fpgrowth(baskets, {minSupport: 0.07});
    expect(minCount).toBe(7);
    const found = asMap(itemsets);
    expect(found.get("seven")).toBe(7);
    expect(found.has("six")).toBe(false);
  });

  it("agrees with brute-force counting on random baskets, with and without maxLength", () => {
    const random = lcg(7);
    const items = "abcdefghijkl".split("");
    const baskets = Array.from({length: 300}, () => items.filter(() => random() < 0.35).concat(random() < 0.2 ? ["a"] : []));
    for (const [minSupport, maxLength] of [[0.05, Infinity], [0.02, 3], [0.1, 1]] as const) {
      const {minCount, itemsets} = fpgrowth(baskets, {minSupport, maxLength});
      const expected = bruteForce(baskets, minCount, maxLength);
      expect(expected.size).toBeGreaterThan(10);
      expect(asMap(itemsets)).toEqual(expected);
    }
  });

  it("counts empty baskets in the denominator", () => {
    const {n, minCount, itemsets} = fpgrowth([["a"], [], [], ["a", "b"]], {minSupport: 0.5});
    expect(n).toBe(4);
    expect(minCount).toBe(2);
    expect(asMap(itemsets)).toEqual(new Map([["a", 2]]));
  });

  it("rejects a support outside (0, 1] and a bad maxLength", () => {
    expect(() => fpgrowth(mlxtend, {minSupport: 0})).toThrow(/minSupport: 0/);
    expect(() => fpgrowth(mlxtend, {minSupport: 1.5})).toThrow(/minSupport: 1.5/);
    expect(() => fpgrowth(mlxtend, {maxLength: 0})).toThrow(/maxLength: 0/);
  });
});
