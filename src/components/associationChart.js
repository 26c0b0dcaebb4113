import * as Plot from "npm:@observablehq/plot";
import {emptyState} from "./emptyState.js";
import {decimal, percent} from "./format.js";

/**
 * The strongest one-to-one associations: bars of lift for "A → B" rules, coloured by confidence,
 * one bar per pair of products.
 * Lift 1 (the rule line) means no association.
 * @param {{if_bought: string, then_buy: string, lift: number, confidence: number, support: number, size: number}[]} rules
 * @param {object} options
 * @param {number} options.width
 * @param {number} [options.limit] bars shown (default 15)
 * @returns {SVGElement|HTMLElement}
 */
export function associationChart(rules, {width, limit = 15} = {}) {
  // Lift is symmetric: A → B and B → A are one association; keep the direction with the higher confidence.
  const best = new Map();
  for (const r of rules) {
    if (r.size !== 2) continue;
    const key = [r.if_bought, r.then_buy].sort().join("\u0000");
    const seen = best.get(key);
    if (!seen || r.confidence > seen.confidence) best.set(key, r);
  }
  const pairs = [...best.values()].sort((a, b) => b.lift - a.lift || b.confidence - a.confidence).slice(0, limit);
  if (!pairs.length) return emptyState("No product pair passes these thresholds", {detail: "Lower the minimum support, confidence or lift."});
  const label = (d) => `${d.if_bought} → ${d.then_buy}`;
  const left = Math.min(340, width * 0.55);
  return Plot.plot({
    width,
    height: pairs.length * 24 + 60,
    marginLeft: left,
    marginRight: 40,
    ariaLabel: "Strongest product to product associations by lift",
    ariaDescription: `${pairs.length} rules of one product implying another, sorted by lift; colour is confidence.`,
    x: {grid: true, label: "Lift (× more likely than by chance) →"},
    y: {label: null, tickFormat: (d) => (d.length > left / 6.2 ? `${d.slice(0, Math.floor(left / 6.2) - 1)}…` : d)},
    color: {scheme: "purples", legend: true, label: "Confidence", tickFormat: percent, domain: [0, 1]},
    marks: [
      Plot.barX(pairs, {x: "lift", y: label, fill: "confidence", sort: {y: "-x"}, tip: {format: {x: decimal, fill: percent}}, channels: {support: {value: "support", label: "Support"}}}),
      Plot.text(pairs, {x: "lift", y: label, text: (d) => decimal(d.lift), textAnchor: "start", dx: 4, fill: "currentColor"}),
      Plot.ruleX([1], {strokeDasharray: "3,3"})
    ]
  });
}
