import type {RefundEvent, SaleEvent} from "../events.ts";

/**
 * One entry of the live transaction feed (the `feed` table): a sale transaction with its lines
 * summed, or a refund as a negative entry. Money in integer cents, time in epoch ms (event time).
 */
export interface FeedEntry {
  kind: "sale" | "refund";
  /** Transaction id for a sale, refund id for a refund. */
  id: string;
  /** Event time; with `kind` and `id` the row's identity (--loop replays the same ids, shifted). */
  time: number;
  /** Arrival order in this bridge (1, 2, …): the feed's "newest first" is the replay order, not event time. */
  arrival: number;
  store: string;
  /** Units: a sale's quantities summed; for a refund null (refunds carry an amount, not units). */
  items: number | null;
  /** Sale lines summed into the entry (1 for a refund). */
  lines: number;
  /** Cents: the sum of the lines' amounts, negative for a refund. */
  amount: number;
  /** Payment method of a sale; null for a refund. */
  payment: string | null;
  /** Customer id, null for a guest. */
  customer: string | null;
  /** For a refund, the transaction it refunds; null for a sale. */
  transaction: string | null;
}

export interface FeedChanges {
  upsert: FeedEntry[];
  /** Row ids (protocol rowId of FEED_KEY) that left the ring since the last drain. */
  delete: string[];
}

export interface FeedRing {
  sale(event: SaleEvent): void;
  refund(event: RefundEvent): void;
  /** What changed since the last drain, net: entries added or grown, and ids evicted that clients had. */
  drain(): FeedChanges;
  /** Entries oldest first. */
  entries(): FeedEntry[];
  /** Replaces the ring (a checkpoint restore) without changes to drain: clients get it in their snapshot. */
  seed(entries: readonly FeedEntry[]): void;
  readonly size: number;
}

export const FEED_KEY = ["kind", "id", "time"] as const;

/** The id protocol.rowId gives a feed row (key columns joined with "|"). */
export function feedRowId(entry: Pick<FeedEntry, "kind" | "id" | "time">): string {
  return `${entry.kind}|${entry.id}|${entry.time}`;
}

/**
 * The last `size` transactions and refunds in arrival order. A sale line joins its transaction's
 * entry while that entry is in the ring (the lines of a basket share id and time and arrive
 * together, so the previous entry is checked first); a line whose transaction already left the
 * ring starts a new entry. Changes are netted per drain (one broadcast tick): an entry added and
 * evicted within one tick is never sent, and an entry that grew is sent once, whole.
 */
export function createFeedRing(size: number): FeedRing {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`invalid feed size: ${size}`);
  // Oldest first; `byId` indexes the same objects. Evictions shift the array, which is fine at this size.
  let ring: FeedEntry[] = [];
  const byId = new Map<string, FeedEntry>();
  /** Ids clients hold (as of the last drain). */
  let published = new Set<string>();
  let dirty = new Set<FeedEntry>();
  let arrival = 0;

  function add(entry: FeedEntry) {
    ring.push(entry);
    byId.set(feedRowId(entry), entry);
    dirty.add(entry);
    if (ring.length > size) {
      const old = ring.shift()!;
      byId.delete(feedRowId(old));
      dirty.delete(old);
    }
  }

  return {
    sale(e) {
      const last = ring[ring.length - 1];
      let entry = last && last.kind === "sale" && last.id === e.transactionId && last.time === e.time ? last : byId.get(`sale|${e.transactionId}|${e.time}`);
      if (entry) {
        entry.items! += e.quantity;
        entry.lines += 1;
        entry.amount += e.amount;
        dirty.add(entry);
        return;
      }
      add({
        kind: "sale",
        id: e.transactionId,
        time: e.time,
        arrival: ++arrival,
        store: e.storeId,
        items: e.quantity,
        lines: 1,
        amount: e.amount,
        payment: e.payment,
        customer: e.customerId,
        transaction: null
      });
    },
    refund(e) {
      const id = `refund|${e.refundId}|${e.time}`;
      const entry = byId.get(id);
      if (entry) {
        // The same refund id twice (a file that repeats it): sum, like sale lines.
        entry.amount -= e.amount;
        entry.lines += 1;
        dirty.add(entry);
        return;
      }
      add({
        kind: "refund",
        id: e.refundId,
        time: e.time,
        arrival: ++arrival,
        store: e.storeId,
        items: null,
        lines: 1,
        amount: -e.amount,
        payment: null,
        customer: e.customerId,
        transaction: e.originalTransactionId
      });
    },
    drain() {
      const upsert = ring.filter((entry) => dirty.has(entry)).map((entry) => ({...entry}));
      const ids = new Set(byId.keys());
      const deleted: string[] = [];
      for (const id of published) if (!ids.has(id)) deleted.push(id);
      published = ids;
      dirty = new Set();
      return {upsert, delete: deleted};
    },
    entries: () => ring.map((entry) => ({...entry})),
    seed(entries) {
      ring = entries.slice(-size).map((entry) => ({...entry}));
      byId.clear();
      for (const entry of ring) byId.set(feedRowId(entry), entry);
      published = new Set(byId.keys());
      dirty = new Set();
      arrival = ring.reduce((max, entry) => Math.max(max, entry.arrival), 0);
    },
    get size() {
      return ring.length;
    }
  };
}
