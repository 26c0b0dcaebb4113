/**
 * An event as the engine's hot path reads it: ids already hashed (hash64.ts hashString) and keys
 * already interned (Engine.keyId), so one mutable object carries every event and nothing is
 * allocated per event. push(event) fills one from a PulseEvent; batch mode fills one from columns
 * parsed in a worker thread (batch/eventColumns.ts).
 */
export const SALE = 1;
export const REFUND = 2;
export const INVENTORY = 3;

/**
 * Start value of a number field that will hold doubles (times, line numbers read from Float64
 * columns, money and unit sums, rates). V8 gives a field a small-integer representation when its
 * first value is one; a double stored there later changes the object's map, and every optimized
 * function that has seen the old map deoptimizes and compiles again (--trace-generalization showed
 * grossRevenue, units, refundTotal and rate doing that to the engine's whole hot path, and time,
 * line, quantity and amount to this class: ~1 s of compiling per run of 1M lines). NaN is a
 * double from the start; a field's own start value is set after it (0 for the engine's sums).
 */
export const DOUBLE = NaN;

export class CoreEvent {
  kind = 0;
  source = "";
  line = DOUBLE;
  time = DOUBLE;
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
  quantity = DOUBLE;
  /** Cents: the sale line's amount or the refund amount. */
  amount = DOUBLE;
  /** Sale: its category and region columns (SaleEvent.category, .region); null: none. */
  category: string | null = null;
  region: string | null = null;
}
