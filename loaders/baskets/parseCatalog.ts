import {csvRecords} from "./csvRecords.ts";

/**
 * product_id → category from product_catalog.csv text (columns found by header name, so the
 * catalog may carry more columns in any order).
 */
export function parseCatalog(text: string): Map<string, string> {
  const [header, ...rows] = csvRecords(text);
  const names = header?.fields.map((name) => name.trim()) ?? [];
  const idColumn = names.indexOf("product_id");
  const categoryColumn = names.indexOf("category");
  if (idColumn < 0 || categoryColumn < 0) throw new RangeError(`product catalog needs product_id and category columns, found: ${names.join(", ") || "(none)"}`);
  const categoryOf = new Map<string, string>();
  for (const {line, fields} of rows) {
    if (fields.length === 1 && fields[0].trim() === "") continue;
    const id = fields[idColumn]?.trim();
    const category = fields[categoryColumn]?.trim();
    if (!id || !category) throw new RangeError(`product catalog line ${line}: missing product_id or category`);
    categoryOf.set(id, category);
  }
  return categoryOf;
}
