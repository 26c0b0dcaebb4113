import type {RecordTap} from "../../stream-bridge/batch/aggregate.ts";
import type {EventColumns} from "../../stream-bridge/batch/eventColumns.ts";
import {SALE} from "../../stream-bridge/engine/coreEvent.ts";
import type {SaleEvent} from "../../stream-bridge/events.ts";
import type {SalesCubeBuilder} from "./salesCube.ts";

/**
 * Feeds the sales lines of a batch pass (stream-bridge/batch/aggregate.ts aggregateAll, input 0:
 * transactions.csv) to a SalesCubeBuilder, so the cube needs no parse of its own. Lines come in
 * file order, as readSource gives them. The columns carry a transaction's 64-bit hash, not its id;
 * the cube only compares ids (distinct transactions, first line of each), so the hash stands in
 * for it, as it does in the engine's own distinct counts.
 */
export class CubeTap implements RecordTap {
  /** Transaction rows seen (rejects included) and rejected. */
  rows = 0;
  rejected = 0;
  private readonly stores: string[] = [];
  private readonly products: string[] = [];
  private readonly payments: string[] = [];
  // One event object reused for every line: SalesCubeBuilder.sale keeps none of it but strings.
  private readonly sale: SaleEvent = {kind: "sale", source: "", line: 0, time: 0, transactionId: "", storeId: "", productId: "", customerId: null, quantity: 0, unitPrice: 0, discount: 0, amount: 0, payment: ""};

  constructor(private readonly cube: SalesCubeBuilder) {}

  arrived(chunk: EventColumns): void {
    if (chunk.source !== 0) return;
    for (const name of chunk.newStores) this.stores.push(name);
    for (const name of chunk.newProducts) this.products.push(name);
    for (const name of chunk.newPayments) this.payments.push(name);
  }

  visit(c: EventColumns, i: number): void {
    if (c.source !== 0) return;
    ++this.rows;
    const kind = c.kind[i];
    if (kind === 0) ++this.rejected;
    if (kind !== SALE) return;
    const sale = this.sale;
    sale.time = c.time[i];
    sale.transactionId = `${c.txHi[i]}:${c.txLo[i]}`;
    sale.storeId = this.stores[c.store[i]];
    sale.productId = this.products[c.product[i]];
    sale.payment = this.payments[c.payment[i]];
    sale.quantity = c.quantity[i];
    sale.amount = c.amount[i];
    this.cube.sale(sale);
  }
}
