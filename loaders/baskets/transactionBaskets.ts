/** The fields of a SaleEvent (docs/CONTRACTS.md) a basket needs. */
export interface BasketLine {
  transactionId: string;
  productId: string;
}

export interface TransactionBaskets {
  /** One basket per transaction, in order of first appearance; items distinct, in order of first appearance. */
  baskets: string[][];
  /** Products with no entry in `categoryOf` (their lines are left out of the baskets). */
  unmapped: Map<string, number>;
}

/**
 * Groups line items into baskets by transaction id. With `categoryOf`, items are categories
 * (two products of one category make one item), so rules read "category ⇒ category".
 */
export function transactionBaskets(lines: Iterable<BasketLine>, categoryOf?: ReadonlyMap<string, string>): TransactionBaskets {
  const byTransaction = new Map<string, Set<string>>();
  const unmapped = new Map<string, number>();
  for (const {transactionId, productId} of lines) {
    let basket = byTransaction.get(transactionId);
    if (!basket) byTransaction.set(transactionId, (basket = new Set()));
    if (!categoryOf) {
      basket.add(productId);
      continue;
    }
    const category = categoryOf.get(productId);
    if (category === undefined) unmapped.set(productId, (unmapped.get(productId) ?? 0) + 1);
    else basket.add(category);
  }
  return {baskets: Array.from(byTransaction.values(), (set) => [...set]), unmapped};
}
