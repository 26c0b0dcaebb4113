/**
 * Rules filtered in DuckDB-WASM (the baskets page's sliders and search). `db` holds a `rules`
 * table of namedRules() rows. Thresholds are inclusive; search matches either side, any case.
 * @param {object} db DuckDBClient
 * @param {{minSupport: number, minConfidence: number, minLift: number, search: string}} f
 * @returns {Promise<object[]>}
 */
export async function filterRules(db, {minSupport, minConfidence, minLift, search = ""}) {
  const table = await db.query(
    `SELECT * FROM rules
     WHERE support >= ? AND confidence >= ? AND lift >= ?
       AND (? = '' OR if_bought ILIKE '%' || ? || '%' OR then_buy ILIKE '%' || ? || '%')
     ORDER BY lift DESC, confidence DESC, count DESC, if_bought, then_buy`,
    [minSupport, minConfidence, minLift, search, search, search]
  );
  return Array.from(table, (row) => row.toJSON());
}

/**
 * filterRules() in JavaScript over the same rows, for the page's first draw while DuckDB-WASM starts
 * (test/browser/pages/snapshotAgreement.test.ts holds the two to the same answer). The search is an
 * ILIKE pattern as in SQL: `%` and `_` in it are wildcards.
 * @param {object[]} rules namedRules() rows
 * @param {{minSupport: number, minConfidence: number, minLift: number, search: string}} f
 * @returns {object[]}
 */
export function filterRuleRows(rules, {minSupport, minConfidence, minLift, search = ""}) {
  const pattern = new RegExp(`^.*${Array.from(search, (c) => (c === "%" ? ".*" : c === "_" ? "." : c.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&"))).join("")}.*$`, "is");
  const text = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  return rules
    .filter((r) => r.support >= minSupport && r.confidence >= minConfidence && r.lift >= minLift && (search === "" || pattern.test(r.if_bought) || pattern.test(r.then_buy)))
    .sort((a, b) => b.lift - a.lift || b.confidence - a.confidence || b.count - a.count || text(a.if_bought, b.if_bought) || text(a.then_buy, b.then_buy));
}
