import {existsSync} from "node:fs";
import {join} from "node:path";
import {readDimensions, readFile} from "../../stream-bridge/ingest/index.ts";
import type {RefundEvent} from "../../stream-bridge/events.ts";
import {salesCube, type SalesCube} from "./salesCube.ts";

export {DATA_FILES} from "../../cli/inputFiles.ts";
import {DATA_FILES} from "../../cli/inputFiles.ts";

/**
 * Reads a data folder through the bridge's own ingest (same validation, same rejects) and builds
 * the sales cube. refunds.csv and the dimension files are optional.
 */
export async function readSalesCube(dir: string, log: (message: string) => void = () => {}): Promise<SalesCube & {rejected: number}> {
  const path = (name: keyof typeof DATA_FILES) => join(dir, DATA_FILES[name]);
  const dims = await readDimensions({
    stores: existsSync(path("stores")) ? path("stores") : undefined,
    products: existsSync(path("products")) ? path("products") : undefined
  });
  // Unknown store and product ids are rejected, as `pulse aggregate --data` and `pulse serve --data` do.
  const options = {stores: dims.stores, products: dims.products};
  const sales = await readFile(path("transactions"), "transactions", options);
  log(`read ${sales.rowsRead} transaction rows (${sales.rejects.length} rejected)`);
  let refunds: {events: RefundEvent[]; rejects: unknown[]} = {events: [], rejects: []};
  if (existsSync(path("refunds"))) {
    refunds = await readFile(path("refunds"), "refunds", options);
    log(`read ${refunds.events.length + refunds.rejects.length} refund rows (${refunds.rejects.length} rejected)`);
  }
  return {...salesCube(sales.events, refunds.events, dims), rejected: sales.rejects.length + refunds.rejects.length};
}
