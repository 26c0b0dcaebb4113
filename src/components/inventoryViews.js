/**
 * Small selections the inventory page shows, kept out of the page.
 */

const RANK = {urgent: 0, soon: 1, unknown: 2, ok: 3};

/** Rows needing a reorder (urgent, then soon), soonest stock-out first. */
export function reorderAlerts(inventory) {
  return inventory
    .filter((d) => d.alert === "urgent" || d.alert === "soon")
    .sort((a, b) => RANK[a.alert] - RANK[b.alert] || (a.days_left ?? Infinity) - (b.days_left ?? Infinity) || a.store.localeCompare(b.store));
}

/** Products for the forecast picker: id → name, the most urgent first, then by name. */
export function productChoices(inventory) {
  const best = new Map();
  for (const d of inventory) {
    const seen = best.get(d.product);
    if (!seen || RANK[d.alert] < RANK[seen.alert]) best.set(d.product, d);
  }
  return new Map([...best.values()].sort((a, b) => RANK[a.alert] - RANK[b.alert] || productLabel(a).localeCompare(productLabel(b))).map((d) => [d.product_name ? `${d.product_name} (${d.product})` : d.product, d.product]));
}

/** A product's name, or its id when there is no catalog (product_name null). */
export function productLabel(d) {
  return d.product_name ?? d.product;
}

/** Rows whose stock is known and zero: unknown stock (no count, no catalog) is not "out". */
export function outOfStock(inventory) {
  return inventory.filter((d) => d.on_hand !== null && d.on_hand <= 0);
}

/** Per-product backtest verdicts: how many products the forest wins and loses. */
export function verdictCounts(backtest) {
  const products = backtest.filter((d) => d.scope === "product");
  return {products: products.length, forest: products.filter((d) => d.verdict === "forest_better").length};
}
