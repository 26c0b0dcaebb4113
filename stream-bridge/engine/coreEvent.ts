/**
 * An event as the engine's hot path reads it: ids already hashed (hash64.ts hashString) and keys
 * already interned (Engine.keyId), so one mutable object carries every event and nothing is
 * allocated per event. push(event) fills one from a PulseEvent; batch mode fills one from columns
 * parsed in a worker thread (batch/eventColumns.ts).
 */
export const SALE = 1;
export const REFUND = 2;
export const INVENTORY = 3;

export class CoreEvent {
  kind = 0;
  source = "";
  line = 0;
  time = 0;
  /** Sale: hash of the transaction id; refund: hash of the original transaction id. */
  txHi = 0;
  txLo = 0;
  /** Sale: a non-empty customer id, hashed. */
  hasCustomer = false;
  custHi = 0;
  custLo = 0;
  /** Engine key ids of the row's store, product and payment method (refund: the refund row's own store). */
  store = 0;
  product = 0;
  payment = 0;
  quantity = 0;
  /** Cents: the sale line's amount or the refund amount. */
  amount = 0;
}
