/**
 * Association rules with readable sides: product ids (or categories) replaced by names, joined
 * with " + ". Measures are kept as numbers; conviction is Infinity when confidence is 1 (shown as "∞").
 * @param {object[]} rules rows of rules.arrow (antecedent and consequent are lists of item ids)
 * @param {Map<string, string>} names item id → name (items without a name keep their id)
 * @returns {object[]} rows: {if_bought, then_buy, size, support, confidence, lift, leverage, conviction, count}
 */
export function namedRules(rules, names = new Map()) {
  const side = (items) => Array.from(items, (id) => names.get(id) ?? id).join(" + ");
  return rules.map((r) => ({
    if_bought: side(r.antecedent),
    then_buy: side(r.consequent),
    size: r.antecedent.length + r.consequent.length,
    support: r.support,
    confidence: r.confidence,
    lift: r.lift,
    leverage: r.leverage,
    // DuckDB and JSON have no Infinity in every path; a very large number sorts the same.
    conviction: Number.isFinite(r.conviction) ? r.conviction : null,
    count: r.count
  }));
}
