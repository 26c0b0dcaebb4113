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
  const saleList = Array.isArray(sales) ? (sales as RfmSale[]) : [...sales];
  const refundList = Array.isArray(refunds) ? (refunds as RfmRefund[]) : [...refunds];
  let end = asOf ?? -Infinity;
  if (asOf === undefined) {
    for (const s of saleList) if (s.time > end) end = s.time;
    for (const r of refundList) if (r.time > end) end = r.time;
  }
  if (!Number.isFinite(end)) throw new RangeError("no sales to compute RFM from");

  const byCustomer = new Map<string, {transactions: Set<string>; monetary: number; last: number}>();
  const customerOf = new Map<string, string>();
  const guests = new Set<string>();
  let guestLines = 0;
  let guestRefunds = 0;
  let orphanRefunds = 0;
  let afterAsOf = 0;
  for (const {time, transactionId, customerId, amount} of saleList) {
    if (time > end) {
      ++afterAsOf;
      continue;
    }
    if (customerId === null || customerId === "") {
      ++guestLines;
      guests.add(transactionId);
      continue;
    }
    customerOf.set(transactionId, customerId);
    let c = byCustomer.get(customerId);
    if (!c) byCustomer.set(customerId, (c = {transactions: new Set(), monetary: 0, last: -Infinity}));
    c.transactions.add(transactionId);
    c.monetary += amount;
    if (time > c.last) c.last = time;
  }
  for (const {time, originalTransactionId, customerId, amount} of refundList) {
    if (time > end) {
      ++afterAsOf;
      continue;
    }
    const customer = customerId || customerOf.get(originalTransactionId);
    if (!customer) {
      ++guestRefunds;
      continue;
    }
    const c = byCustomer.get(customer);
    if (!c) {
      ++orphanRefunds;
      continue;
    }
    c.monetary -= amount;
  }

  const customers: CustomerRfm[] = [];
  for (const [customer, {transactions, monetary, last}] of byCustomer) {
    customers.push({customer, recency: Math.floor((end - last) / DAY), frequency: transactions.size, monetary, lastPurchase: last});
  }
  customers.sort((a, b) => (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0));
  return {customers, asOf: end, guestLines, guestTransactions: guests.size, guestRefunds, orphanRefunds, afterAsOf};
}
