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
