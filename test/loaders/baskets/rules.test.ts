import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {parseBaskets} from "../../../loaders/baskets/parseBaskets.ts";
import {rules} from "../../../loaders/baskets/rules.ts";

const repo = resolve(import.meta.dirname, "../../..");
// The arules Groceries data set lives beside the repository (CI checks it out at ../shared).
const groceries = resolve(repo, "../shared/data/groceries.csv");

const mlxtend = [
  ["Milk", "Onion", "Nutmeg", "Kidney Beans", "Eggs", "Yogurt"],
  ["Dill", "Onion", "Nutmeg", "Kidney Beans", "Eggs", "Yogurt"],
  ["Milk", "Apple", "Kidney Beans", "Eggs"],
  ["Milk", "Unicorn", "Corn", "Kidney Beans", "Yogurt"],
  ["Corn", "Onion", "Onion", "Kidney Beans", "Ice cream", "Eggs"]
];

const key = (r: {antecedent: string[]; consequent: string[]}) => `${r.antecedent.join("+")} => ${r.consequent.join("+")}`;

describe("rules", () => {
  it("reproduces the arules Groceries benchmark: 5,668 rules at support 0.001, confidence 0.5, in under 5 s", () => {
    const baskets = parseBaskets(readFileSync(groceries, "utf8"));
    const start = performance.now();
    const result = rules(baskets, {minSupport: 0.001, minConfidence: 0.5, maxConsequent: 1, maxLength: 10});
    const seconds = (performance.now() - start) / 1000;
    process.stderr.write(`groceries: ${result.rules.length} rules from ${result.itemsets.length} itemsets in ${seconds.toFixed(2)} s\n`);
    expect(result.n).toBe(9835);
    expect(result.itemsets.filter((s) => s.items.length === 1).length).toBe(157); // of 169 items, 157 reach 10 baskets
    expect(result.rules.length).toBe(5668);
    const [top] = result.rules;
    expect(key(top)).toBe("Instant food products+soda => hamburger meat");
    expect(top.support).toBeCloseTo(0.001220132, 9);
    expect(top.confidence).toBeCloseTo(0.6315789, 7);
    expect(top.lift).toBeCloseTo(18.99565, 5);
    expect(top.count).toBe(12);
    expect(seconds).toBeLessThan(5);
  });

  it("gives mlxtend's 12 rules at support 0.6 and confidence 0.7 with consequents of any size", () => {
    const result = rules(mlxtend, {minSupport: 0.6, minConfidence: 0.7, maxConsequent: Infinity});
    expect(result.rules.map(key).sort()).toEqual(
      [
        "Eggs => Kidney Beans",
        "Kidney Beans => Eggs",
        "Eggs+Onion => Kidney Beans",
        "Kidney Beans+Onion => Eggs",
        "Eggs => Kidney Beans+Onion",
        "Onion => Eggs+Kidney Beans",
        "Eggs+Kidney Beans => Onion",
        "Eggs => Onion",
        "Onion => Eggs",
        "Milk => Kidney Beans",
        "Onion => Kidney Beans",
        "Yogurt => Kidney Beans"
      ].sort()
    );
    const eggsOnion = result.rules.find((r) => key(r) === "Eggs => Onion")!;
    // Exact, not close: every measure is one division of integer counts.
    expect(eggsOnion).toMatchObject({support: 0.6, confidence: 0.75, lift: 1.25, leverage: 0.12, conviction: 1.6, count: 3, antecedentCount: 4, consequentCount: 3});
    expect(result.rules.find((r) => key(r) === "Onion => Eggs")!.conviction).toBe(Infinity);
  });

  it("limits consequents to maxConsequent items and never gives an empty antecedent", () => {
    const single = rules(mlxtend, {minSupport: 0.6, minConfidence: 0.7, maxConsequent: 1});
    expect(single.rules.length).toBe(10);
    expect(single.rules.every((r) => r.consequent.length === 1 && r.antecedent.length >= 1)).toBe(true);
    const any = rules(mlxtend, {minSupport: 0.2, minConfidence: 0, maxConsequent: Infinity});
    expect(any.rules.every((r) => r.antecedent.length >= 1 && r.consequent.length >= 1)).toBe(true);
  });

  it("agrees with enumerating every split of every itemset on random baskets", () => {
    let s = 11;
    const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const baskets = Array.from({length: 200}, () => "abcdefgh".split("").filter(() => random() < 0.4));
    const result = rules(baskets, {minSupport: 0.05, minConfidence: 0.4, maxConsequent: 2});
    const count = (items: string[]) => baskets.filter((b) => items.every((i) => b.includes(i))).length;
    const expected: string[] = [];
    for (const {items} of result.itemsets) {
      if (items.length < 2) continue;
      for (let mask = 1; mask < (1 << items.length) - 1; ++mask) {
        const consequent = items.filter((_, i) => mask & (1 << i));
        const antecedent = items.filter((_, i) => !(mask & (1 << i)));
        if (consequent.length > 2) continue;
        if (count(items) / count(antecedent) >= 0.4) expected.push(key({antecedent, consequent}));
      }
    }
    expect(expected.length).toBeGreaterThan(50);
    expect(result.rules.map(key).sort()).toEqual(expected.sort());
    for (const r of result.rules) {
      const [xy, x, y] = [count([...r.antecedent, ...r.consequent]), count(r.antecedent), count(r.consequent)];
      expect(r.support).toBeCloseTo(xy / 200, 12);
      expect(r.lift).toBeCloseTo(xy / 200 / ((x / 200) * (y / 200)), 12);
    }
  });

  it("sorts rules by lift, then confidence, then count", () => {
    const {rules: list} = rules(mlxtend, {minSupport: 0.4, minConfidence: 0.5});
    for (let i = 1; i < list.length; ++i) {
      const [a, b] = [list[i - 1], list[i]];
      expect(a.lift > b.lift || (a.lift === b.lift && (a.confidence > b.confidence || (a.confidence === b.confidence && a.count >= b.count)))).toBe(true);
    }
  });
});
