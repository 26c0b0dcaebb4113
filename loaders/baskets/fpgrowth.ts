import {ceilTimes, ratio} from "./ratio.ts";

export interface Itemset {
  /** Sorted by code unit, so the same set always prints the same way. */
  items: string[];
  /** Number of baskets containing every item. */
  count: number;
}

export interface FrequentItemsets {
  /** Number of baskets (empty ones included: they count toward support's denominator). */
  n: number;
  /** ceil(minSupport × n), at least 1. */
  minCount: number;
  /** By length, then count (descending), then items. */
  itemsets: Itemset[];
}

export interface FpgrowthOptions {
  /** Fraction of baskets in (0, 1]; read as an exact decimal (see ratio.ts). */
  minSupport?: number | string;
  /** Largest itemset to report; arules' default is 10. */
  maxLength?: number;
}

/**
 * Frequent itemsets by FP-growth (Han, Pei & Yin 2000). A basket is a set: an item listed twice
 * counts once. Items are ranked by descending frequency so the tree shares long prefixes.
 */
export function fpgrowth(baskets: Iterable<readonly string[]>, {minSupport = 0.01, maxLength = 10}: FpgrowthOptions = {}): FrequentItemsets {
  const support = ratio(minSupport);
  if (support.num <= 0n || support.num > support.den) throw new RangeError(`invalid minSupport: ${minSupport} (expected 0 < minSupport ≤ 1)`);
  if (!(maxLength >= 1) || !(Number.isInteger(maxLength) || maxLength === Infinity)) throw new RangeError(`invalid maxLength: ${maxLength}`);

  const sets: string[][] = [];
  const frequency = new Map<string, number>();
  for (const basket of baskets) {
    const set = [...new Set(basket)];
    sets.push(set);
    for (const item of set) frequency.set(item, (frequency.get(item) ?? 0) + 1);
  }
  const n = sets.length;
  const minCount = Math.max(1, ceilTimes(support, n));

  const names = [...frequency].filter(([, count]) => count >= minCount).sort(([a, x], [b, y]) => y - x || compare(a, b)).map(([name]) => name);
  const rank = new Map(names.map((name, i) => [name, i]));
  const tree = new Tree(names.length);
  const path: number[] = [];
  for (const set of sets) {
    path.length = 0;
    for (const item of set) {
      const r = rank.get(item);
      if (r !== undefined) path.push(r);
    }
    path.sort((a, b) => a - b);
    tree.insert(path, 1);
  }

  const itemsets: Itemset[] = [];
  mine(tree, [], minCount, maxLength, (suffix, count) => itemsets.push({items: suffix.map((r) => names[r]).sort(compare), count}));
  itemsets.sort((a, b) => a.items.length - b.items.length || b.count - a.count || compareLists(a.items, b.items));
  return {n, minCount, itemsets};
}

/**
 * An FP-tree in parallel arrays (node 0 is the root). Children are found through one Map keyed by
 * parent × width + item, so a root with thousands of children costs no more than one with three.
 */
class Tree {
  readonly item: number[] = [-1];
  readonly count: number[] = [0];
  readonly parent: number[] = [-1];
  /** Next node holding the same item (the header table's chain). */
  readonly link: number[] = [-1];
  readonly head: Int32Array;
  /** Support of each item within this (conditional) tree. */
  readonly total: Float64Array;
  private readonly children = new Map<number, number>();

  constructor(readonly width: number) {
    this.head = new Int32Array(width).fill(-1);
    this.total = new Float64Array(width);
  }

  /** Adds a path of items in ascending rank order. */
  insert(path: readonly number[], count: number): void {
    let node = 0;
    for (const item of path) {
      const key = node * this.width + item;
      let child = this.children.get(key);
      if (child === undefined) {
        child = this.item.length;
        this.item.push(item);
        this.count.push(0);
        this.parent.push(node);
        this.link.push(this.head[item]);
        this.head[item] = child;
        this.children.set(key, child);
      }
      this.count[child] += count;
      this.total[item] += count;
      node = child;
    }
  }
}

function mine(tree: Tree, suffix: number[], minCount: number, maxLength: number, emit: (suffix: readonly number[], count: number) => void): void {
  const {item, count, parent, link, head, total} = tree;
  for (let it = tree.width - 1; it >= 0; --it) {
    if (total[it] < minCount) continue;
    suffix.push(it);
    emit(suffix, total[it]);
    if (suffix.length < maxLength && it > 0) {
      // The conditional pattern base of `it`: each prefix path above a node holding it, weighted by
      // that node's count. Items infrequent within the base are dropped before building the subtree.
      const local = new Float64Array(it);
      let width = 0;
      for (let node = head[it]; node !== -1; node = link[node]) {
        const c = count[node];
        for (let p = parent[node]; p > 0; p = parent[p]) local[item[p]] += c;
      }
      for (let j = 0; j < it; ++j) if (local[j] >= minCount) width = j + 1;
      if (width > 0) {
        const conditional = new Tree(width);
        const path: number[] = [];
        for (let node = head[it]; node !== -1; node = link[node]) {
          path.length = 0;
          for (let p = parent[node]; p > 0; p = parent[p]) if (local[item[p]] >= minCount) path.push(item[p]);
          if (path.length) conditional.insert(path.reverse(), count[node]);
        }
        mine(conditional, suffix, minCount, maxLength, emit);
      }
    }
    suffix.pop();
  }
}

/** Code-unit order: deterministic and locale-free. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareLists(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length && i < b.length; ++i) {
    const c = compare(a[i], b[i]);
    if (c) return c;
  }
  return a.length - b.length;
}
