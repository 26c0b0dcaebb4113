import type {Columns} from "../io/arrow.ts";
import type {Itemset} from "./fpgrowth.ts";
import type {Rule} from "./rules.ts";

/** Arrow columns for rules.arrow: item lists as utf8[], measures as float64, counts as int32. */
export function rulesColumns(rules: readonly Rule[]): Columns {
  return {
    antecedent: {type: "utf8[]", values: rules.map((r) => r.antecedent)},
    consequent: {type: "utf8[]", values: rules.map((r) => r.consequent)},
    support: {type: "float64", values: rules.map((r) => r.support)},
    confidence: {type: "float64", values: rules.map((r) => r.confidence)},
    lift: {type: "float64", values: rules.map((r) => r.lift)},
    leverage: {type: "float64", values: rules.map((r) => r.leverage)},
    conviction: {type: "float64", values: rules.map((r) => r.conviction)},
    count: {type: "int32", values: rules.map((r) => r.count)},
    antecedent_count: {type: "int32", values: rules.map((r) => r.antecedentCount)},
    consequent_count: {type: "int32", values: rules.map((r) => r.consequentCount)}
  };
}

/** Arrow columns for itemsets.arrow. */
export function itemsetsColumns(itemsets: readonly Itemset[], n: number): Columns {
  return {
    items: {type: "utf8[]", values: itemsets.map((s) => s.items)},
    length: {type: "int32", values: itemsets.map((s) => s.items.length)},
    count: {type: "int32", values: itemsets.map((s) => s.count)},
    support: {type: "float64", values: itemsets.map((s) => s.count / n)}
  };
}
