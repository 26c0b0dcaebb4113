import type {InventoryEvent, Product, RefundEvent, SaleEvent, SourceKind, Store} from "../../stream-bridge/events.ts";
import {isReject} from "../../stream-bridge/events.ts";
import {readDimensions} from "../../stream-bridge/ingest/dimensions.ts";
import type {Mapping} from "../../stream-bridge/ingest/mapping.ts";
import {RejectTally} from "../../stream-bridge/ingest/rejectSummary.ts";
import {readSource} from "../../stream-bridge/ingest/source.ts";

/** The fields of a sale line the forecast and the alerts use (1M full events would not fit comfortably). */
export type SaleRecord = Pick<SaleEvent, "time" | "line" | "transactionId" | "storeId" | "productId" | "quantity" | "discount" | "amount">;
export type RefundRecord = Pick<RefundEvent, "time" | "originalTransactionId" | "storeId" | "productId" | "amount" | "reason">;
export type InventoryRecord = Pick<InventoryEvent, "time" | "line" | "storeId" | "productId" | "type" | "quantity">;

export interface InputPaths {
  transactions: string;
  refunds?: string;
  inventory?: string;
  stores?: string;
  products?: string;
  /** How the files' columns are named (docs/engine.md). */
  mapping?: Mapping;
}

export interface Inputs {
  sales: SaleRecord[];
  refunds: RefundRecord[];
  inventory: InventoryRecord[];
  stores?: Map<string, Store>;
  products?: Map<string, Product>;
  /** Rows read per input (events + rejects; dimension rows kept). */
  inputRows: Record<string, number>;
  rejects: Record<string, number>;
  /** Per input, the usual fix when one reject reason took most of its rows (see rejectSummary). */
  hints: Record<string, string>;
}

/** Reads the inputs through the bridge's ingest (same validation as everywhere); rejects are counted on stderr. */
export async function readInputs(paths: InputPaths, log: (line: string) => void = (line) => process.stderr.write(line + "\n")): Promise<Inputs> {
  const inputRows: Record<string, number> = {};
  const rejects: Record<string, number> = {};
  const hints: Record<string, string> = {};
  /** Records `keep` makes of the valid events (null: kept elsewhere, or not at all). */
  const read = async <T>(path: string, kind: SourceKind, keep: (event: any) => T | null): Promise<T[]> => {
    const out: T[] = [];
    const tally = new RejectTally();
    for await (const batch of readSource(path, kind, {mapping: paths.mapping})) {
      for (const record of batch.records) {
        if (isReject(record)) tally.row(record);
        else {
          tally.row(null);
          const kept = keep(record);
          if (kept !== null) out.push(kept);
        }
      }
    }
    inputRows[kind] = tally.rows;
    rejects[kind] = tally.rejected;
    if (tally.rejected) log(`${kind}: ${tally.rejected} of ${tally.rows} rows rejected (${tally.reasons()})`);
    const hint = tally.hint();
    if (hint) {
      hints[kind] = hint;
      log(`${kind}: hint: ${hint}`);
    }
    return out;
  };
  const refundRecord = (e: RefundEvent): RefundRecord => ({time: e.time, originalTransactionId: e.originalTransactionId, storeId: e.storeId, productId: e.productId, amount: e.amount, reason: e.reason});
  // Returns in the sales file, read as refunds when its mapping says "returns": "refund".
  const returns: RefundRecord[] = [];
  const sales = await read(paths.transactions, "transactions", (e: SaleEvent | RefundEvent): SaleRecord | null =>
    e.kind === "refund"
      ? (returns.push(refundRecord(e)), null)
      : {time: e.time, line: e.line, transactionId: e.transactionId, storeId: e.storeId, productId: e.productId, quantity: e.quantity, discount: e.discount, amount: e.amount}
  );
  const refunds = [...(paths.refunds ? await read(paths.refunds, "refunds", refundRecord) : []), ...returns];
  const inventory = paths.inventory
    ? await read(paths.inventory, "inventory", (e: InventoryEvent): InventoryRecord => ({time: e.time, line: e.line, storeId: e.storeId, productId: e.productId, type: e.type, quantity: e.quantity}))
    : [];
  const dims = paths.stores || paths.products ? await readDimensions({stores: paths.stores, products: paths.products}, {mapping: paths.mapping}) : {rejects: []};
  if (dims.stores) inputRows.stores = dims.stores.size;
  if (dims.products) inputRows.products = dims.products.size;
  if (dims.rejects.length) log(`dimensions: ${dims.rejects.length} rows rejected (e.g. ${dims.rejects[0].source} line ${dims.rejects[0].line}: ${dims.rejects[0].detail ?? dims.rejects[0].reason})`);
  return {sales, refunds, inventory, stores: dims.stores, products: dims.products, inputRows, rejects, hints};
}
