import {compare, compareLists, fpgrowth, type FpgrowthOptions, type FrequentItemsets} from "./fpgrowth.ts";
import {ratio, reaches} from "./ratio.ts";

export interface Rule {
  /** Sorted by code unit; never empty. */
  antecedent: string[];
  consequent: string[];
  /** Baskets holding antecedent ∪ consequent. */
  count: number;
  antecedentCount: number;
  consequentCount: number;
  support: number;
  confidence: number;
  lift: number;
  leverage: number;
  /** Infinity when confidence is 1. */
  conviction: number;
}

export interface RuleOptions {
  /** Read as an exact decimal; a rule is kept when count / antecedentCount ≥ minConfidence exactly. */
  minConfidence?: number | string;
  /** Largest consequent (1 = single-item consequents, as arules' apriori gives). */
  maxConsequent?: number;
}

export interface RulesResult extends FrequentItemsets {
  rules: Rule[];
}

/** Frequent itemsets by FP-growth, then every rule that clears minConfidence. */
export function rules(baskets: Iterable<readonly string[]>, options: FpgrowthOptions & RuleOptions = {}): RulesResult {
  const frequent = fpgrowth(baskets, options);
  return {...frequent, rules: rulesFromItemsets(frequent, options)};
}

/**
 * Rules X ⇒ Y from itemsets Z = X ∪ Y with |Z| ≥ 2 and X, Y non-empty (arules never reports an empty
 * antecedent). Consequents grow level-wise: moving an item from X to Y cannot raise confidence, so
 * a consequent is tried only when all its one-smaller subsets passed (Agrawal & Srikant's ap-genrules).
 * Every measure is one division of integer counts, so 0.6 / 0.8 comes out exactly 0.75.
 */
export function rulesFromItemsets({n, itemsets}: FrequentItemsets, {minConfidence = 0.5, maxConsequent = 1}: RuleOptions = {}): Rule[] {
  const confidence = ratio(minConfidence);
  if (confidence.num < 0n || confidence.num > confidence.den) throw new RangeError(`invalid minConfidence: ${minConfidence} (expected 0 ≤ minConfidence ≤ 1)`);
  if (!(maxConsequent >= 1) || !(Number.isInteger(maxConsequent) || maxConsequent === Infinity)) throw new RangeError(`invalid maxConsequent: ${maxConsequent}`);
  // Keep every product of two counts an exact double.
  if (n * n > Number.MAX_SAFE_INTEGER) throw new RangeError(`too many baskets for exact measures: ${n}`);

  // Items get ids in code-unit order, so a sorted id list is also the sorted name list.
  const names = itemsets.filter((s) => s.items.length === 1).map((s) => s.items[0]).sort(compare);
  const id = new Map(names.map((name, i) => [name, i]));
  const counts = new Map<string, number>();
  const encoded: number[][] = [];
  for (const {items, count} of itemsets) {
    const ids = items.map((item) => id.get(item)!).sort((a, b) => a - b);
    counts.set(ids.join(","), count);
    if (ids.length >= 2) encoded.push(ids);
  }
  const countOf = (ids: readonly number[]) => {
    const count = counts.get(ids.join(","));
    // Every subset of a frequent itemset is frequent; a miss means the itemsets were not downward closed.
    if (count === undefined) throw new RangeError(`itemset {${ids.map((i) => names[i]).join(", ")}} missing from the frequent itemsets`);
    return count;
  };

  const out: Rule[] = [];
  for (const z of encoded) {
    const cz = countOf(z);
    let level: number[][] = z.map((item) => [item]);
    for (let size = 1; size <= maxConsequent && size < z.length && level.length; ++size) {
      const passed: number[][] = [];
      for (const y of level) {
        const x = z.filter((item) => !y.includes(item));
        const cx = countOf(x);
        if (!reaches(cz, cx, confidence)) continue;
        passed.push(y);
        const cy = countOf(y);
        out.push({
          antecedent: x.map((i) => names[i]),
          consequent: y.map((i) => names[i]),
          count: cz,
          antecedentCount: cx,
          consequentCount: cy,
          support: cz / n,
          confidence: cz / cx,
          lift: (cz * n) / (cx * cy),
          leverage: (cz * n - cx * cy) / (n * n),
          conviction: cx === cz ? Infinity : ((n - cy) * cx) / (n * (cx - cz))
        });
      }
      level = grow(passed);
    }
  }
  return out.sort(
    (a, b) =>
      b.lift - a.lift ||
      b.confidence - a.confidence ||
      b.count - a.count ||
      compareLists(a.antecedent, b.antecedent) ||
      compareLists(a.consequent, b.consequent)
  );
}

/** Apriori-gen: joins sorted k-lists sharing their first k−1 items, keeping those whose k-subsets all passed. */
function grow(level: number[][]): number[][] {
  const seen = new Set(level.map((y) => y.join(",")));
  const next: number[][] = [];
  for (let i = 0; i < level.length; ++i) {
    for (let j = i + 1; j < level.length; ++j) {
      const a = level[i];
      const b = level[j];
      const k = a.length;
      let same = true;
      for (let t = 0; t < k - 1 && same; ++t) same = a[t] === b[t];
      if (!same) continue;
      const candidate = a[k - 1] < b[k - 1] ? [...a, b[k - 1]] : [...b, a[k - 1]];
      let closed = true;
      for (let drop = 0; drop < candidate.length - 2 && closed; ++drop) closed = seen.has(candidate.filter((_, t) => t !== drop).join(","));
      if (closed) next.push(candidate);
    }
  }
  return next;
}
