import {dataFolder} from "../../cli/inputFiles.ts";
import {readDimensions, readSource} from "../../stream-bridge/ingest/index.ts";
import {loadMapping} from "../../stream-bridge/ingest/mapping.ts";
import {isReject, type SaleEvent} from "../../stream-bridge/events.ts";

// The pages' own slugs, so they link exactly the pages built.
import {storePageSlug} from "../../src/components/storePage.js";

export interface SiteStore {
  id: string;
  name: string;
  /** Its page is /stores/<slug> (storePageSlug: the id itself when it is path-safe). */
  slug: string;
}

/**
 * The stores that get a page (src/stores/[store].md), read as the loaders read the data folder:
 * the stores file's rows (through its mapping.json), else every store the transactions file names
 * (a full read, so only without a stores file). Sorted by id; none when the folder has no data.
 */
export async function siteStores(dir: string): Promise<SiteStore[]> {
  const files = dataFolder(dir);
  const mapping = files.mapping ? await loadMapping(files.mapping) : undefined;
  const found = new Map<string, string>();
  if (files.stores) {
    const {stores} = await readDimensions({stores: files.stores}, {mapping});
    for (const [id, store] of stores ?? []) found.set(id, store.name || id);
  } else if (files.transactions) {
    for await (const batch of readSource(files.transactions, "transactions", {mapping})) {
      for (const record of batch.records) if (!isReject(record)) found.set((record as SaleEvent).storeId, (record as SaleEvent).storeId);
    }
  }
  return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, name]) => ({id, name, slug: storePageSlug(id)}));
}
