/** The fields of a SaleEvent (docs/CONTRACTS.md) RFM needs; amounts in integer cents, times in epoch ms. */
export interface RfmSale {
  time: number;
  transactionId: string;
  customerId: string | null;
  amount: number;
}

export interface RfmRefund {
  time: number;
  originalTransactionId: string;
  customerId: string | null;
  amount: number;
}

export interface CustomerRfm {
  customer: string;
  /** Whole days from the customer's last purchase to asOf (0 = bought within the last 24 hours). */
  recency: number;
  /** Distinct transactions. */
  frequency: number;
  /** Net spend in cents: sales minus refunds (can be ≤ 0 when everything came back). */
  monetary: number;
  lastPurchase: number;
}

export interface RfmResult {
  /** Sorted by customer id. */
  customers: CustomerRfm[];
  /** The reference time: the option, else the latest sale or refund. */
  asOf: number;
  /** Sale lines and refunds without a customer (guest checkouts), left out. */
  guestLines: number;
  guestTransactions: number;
  guestRefunds: number;
  /** Refunds whose customer has no purchase up to asOf. */
  orphanRefunds: number;
  /** Sales and refunds after asOf, left out. */
  afterAsOf: number;
}

const DAY = 86_400_000;

/**
 * Recency, frequency and monetary value per customer. A refund without a customer id is
 * charged to the customer of its original transaction when that is known.
 */
export function rfm(sales: Iterable<RfmSale>, refunds: Iterable<RfmRefund> = [], {asOf}: {asOf?: number} = {}): RfmResult {
  const accumulator = new RfmAccumulator(asOf);
  for (const s of sales) accumulator.sale(s);
  for (const r of refunds) accumulator.refund(r);
  return accumulator.result();
}

/**
 * The same computation fed one event at a time, so a million sale lines need not sit in memory:
 * per customer only the last purchase and net spend are kept, and one map from transaction to
 * customer (which also yields distinct transactions per customer). Feed all sales before refunds,
 * so a refund can find its original transaction's customer.
 */
export class RfmAccumulator {
  private readonly customers = new Map<string, {monetary: number; last: number; transactions: Set<string>}>();
  private readonly customerOf = new Map<string, string>();
  private readonly guests = new Set<string>();
  private readonly pending: RfmRefund[] = [];
  private guestLines = 0;
  private afterAsOf = 0;
  private latest = -Infinity;

  /** Without asOf, the reference time is the latest sale or refund seen. */
  constructor(private readonly asOf?: number) {}

  sale({time, transactionId, customerId, amount}: RfmSale): void {
    if (this.asOf !== undefined && time > this.asOf) {
      ++this.afterAsOf;
      return;
    }
    if (time > this.latest) this.latest = time;
    if (customerId === null || customerId === "") {
      ++this.guestLines;
      this.guests.add(transactionId);
      return;
    }
    this.customerOf.set(transactionId, customerId);
    const c = this.customers.get(customerId);
    if (!c) this.customers.set(customerId, {monetary: amount, last: time, transactions: new Set([transactionId])});
    else {
      c.monetary += amount;
      if (time > c.last) c.last = time;
      c.transactions.add(transactionId);
    }
  }

  refund(refund: RfmRefund): void {
    if (this.asOf !== undefined && refund.time > this.asOf) {
      ++this.afterAsOf;
      return;
    }
    if (refund.time > this.latest) this.latest = refund.time;
    this.pending.push({time: refund.time, originalTransactionId: refund.originalTransactionId, customerId: refund.customerId, amount: refund.amount});
  }

  result(): RfmResult {
    const end = this.asOf ?? this.latest;
    if (!Number.isFinite(end)) throw new RangeError("no sales to compute RFM from");
    const net = new Map<string, number>();
    let guestRefunds = 0;
    let orphanRefunds = 0;
    for (const {originalTransactionId, customerId, amount} of this.pending) {
      const customer = customerId || this.customerOf.get(originalTransactionId);
      if (!customer) ++guestRefunds;
      else if (!this.customers.has(customer)) ++orphanRefunds;
      else net.set(customer, (net.get(customer) ?? 0) + amount);
    }
    const customers: CustomerRfm[] = [];
    // Frequency: the customer's own distinct transactions (a receipt id two customers share, as when
    // numbering restarts per store or day, counts for each of them).
    for (const [customer, {monetary, last, transactions}] of this.customers) {
      customers.push({customer, recency: Math.floor((end - last) / DAY), frequency: transactions.size, monetary: monetary - (net.get(customer) ?? 0), lastPurchase: last});
    }
    customers.sort((a, b) => (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0));
    return {customers, asOf: end, guestLines: this.guestLines, guestTransactions: this.guests.size, guestRefunds, orphanRefunds, afterAsOf: this.afterAsOf};
  }
}
