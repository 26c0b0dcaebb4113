import {csvRecords} from "./csvRecords.ts";

/**
 * One basket per line, items separated by commas (CSV quoting allowed). Items are trimmed and
 * empty items dropped; blank lines are not baskets. Duplicates stay: fpgrowth treats a basket as a set.
 */
export function parseBaskets(text: string): string[][] {
  const baskets: string[][] = [];
  for (const {fields} of csvRecords(text)) {
    const items = fields.map((item) => item.trim()).filter((item) => item !== "");
    if (items.length) baskets.push(items);
  }
  return baskets;
}
