import {stat} from "node:fs/promises";
import {resolve} from "node:path";
import type {Mapping} from "../../stream-bridge/ingest/mapping.ts";
import {readEvents, type ReadSummary} from "../segments/readEvents.ts";
import type {BasketLine} from "./transactionBaskets.ts";

export interface SaleLines {
  lines: BasketLine[];
  /**
   * Product → the transactions file's category column at the product's first line (null: empty or no
   * such column), as the engine decides a product's category.
   */
  categories: Map<string, string | null>;
  /** Latest sale time, epoch ms; null without sales. */
  asOf: number | null;
  read: ReadSummary;
}

let last: {key: string; lines: Promise<SaleLines>} | null = null;

/**
 * The (transaction, product) pairs of a transactions file through the bridge's ingest. The baskets
 * loader runs `pulse rules` twice in one process (by product, by category): the second run reuses
 * the first one's read, which is most of a run on large files. Only the last file is kept, and a
 * file that changed since (size, mtime, inode) is read again.
 */
export async function readSaleLines(path: string, mapping?: Mapping): Promise<SaleLines> {
  const info = await stat(path);
  const key = `${resolve(path)}\0${info.size}\0${info.mtimeMs}\0${info.ino}\0${JSON.stringify(mapping ?? null)}`;
  if (last?.key === key) return last.lines;
  const lines = read(path, mapping);
  last = {key, lines};
  // A failed read is not remembered.
  lines.catch(() => last?.lines === lines && (last = null));
  return lines;
}

async function read(path: string, mapping: Mapping | undefined): Promise<SaleLines> {
  const lines: BasketLine[] = [];
  const categories = new Map<string, string | null>();
  let asOf: number | null = null;
  const summary = await readEvents(
    path,
    "transactions",
    (sale) => {
      // A return read as a refund ("returns": "refund") is not a basket line.
      if (sale.kind !== "sale") return;
      lines.push({transactionId: sale.transactionId, productId: sale.productId});
      if (!categories.has(sale.productId)) categories.set(sale.productId, sale.category || null);
      if (asOf === null || sale.time > asOf) asOf = sale.time;
    },
    mapping
  );
  return {lines, categories, asOf, read: summary};
}
