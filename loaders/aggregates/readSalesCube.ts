import {readDimensions, readSource} from "../../stream-bridge/ingest/index.ts";
import {loadMapping} from "../../stream-bridge/ingest/mapping.ts";
import {isReject, type RefundEvent, type SaleEvent} from "../../stream-bridge/events.ts";
import {SalesCubeBuilder, type SalesCube} from "./salesCube.ts";
import {dataInputs} from "../../cli/inputFiles.ts";

/**
 * Reads a data folder through the bridge's own ingest (same validation, same rejects, its
 * mapping.json) and builds the sales cube. refunds.csv and the dimension files are optional.
 */
export async function readSalesCube(dir: string, log: (message: string) => void = () => {}): Promise<SalesCube & {rejected: number}> {
  const inputs = dataInputs(dir);
  const mapping = typeof inputs.mapping === "string" ? await loadMapping(inputs.mapping) : inputs.mapping;
  const dims = await readDimensions({stores: inputs.stores, products: inputs.products}, {mapping});
  // Unknown store and product ids are rejected, as `pulse aggregate --data` and `pulse serve --data` do.
  // Streamed through the cube (1M sale events are never held at once).
  const options = {stores: dims.stores, products: dims.products, mapping};
  const cube = new SalesCubeBuilder(dims);
  const count = async (kind: "transactions" | "refunds", add: (event: SaleEvent | RefundEvent) => void) => {
    let rows = 0;
    let rejected = 0;
    for await (const batch of readSource(inputs[kind]!, kind, options)) {
      for (const record of batch.records) {
        ++rows;
        if (isReject(record)) ++rejected;
        else add(record as SaleEvent | RefundEvent);
      }
    }
    return {rows, rejected};
  };
  // A sales file may carry returns as refunds ("returns": "refund" in its mapping).
  const sales = await count("transactions", (e) => (e.kind === "refund" ? cube.refund(e) : cube.sale(e)));
  log(`read ${sales.rows} transaction rows (${sales.rejected} rejected)`);
  let refunds = {rows: 0, rejected: 0};
  if (inputs.refunds) {
    refunds = await count("refunds", (e) => cube.refund(e as RefundEvent));
    log(`read ${refunds.rows} refund rows (${refunds.rejected} rejected)`);
  }
  return {...cube.result(), rejected: sales.rejected + refunds.rejected};
}
