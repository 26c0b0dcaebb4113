import type {RefundEvent, SaleEvent} from "../events.ts";
import {UNIT_SCALE} from "../engine/groupTable.ts";

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

/** Rings up to this size are scanned for a line's entry; larger ones keep an index by row id. */
const SCAN_LIMIT = 256;

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
  // This runs for every event, so it allocates only per new entry: a circular buffer (Array#shift
  // cost ~300 ns an event). A line is looked up in the newest entry first (a basket's lines arrive
  // together); past that, a small ring is scanned back (time first, a number) and a large one
  // (--feed-size in the thousands) keeps an index by row id, so a new transaction never costs a
  // scan of the whole ring.
  type Slot = {entry: FeedEntry; dirty: boolean; sent: boolean};
  let slots: (Slot | undefined)[] = new Array(size);
  let head = 0;
  let count = 0;
  /** Ids of sent entries that left the ring since the last drain. */
  let evicted: string[] = [];
  let arrival = 0;
  let index: Map<string, Slot> | null = size > SCAN_LIMIT ? new Map() : null;

  function add(entry: FeedEntry) {
    const slot: Slot = {entry, dirty: true, sent: false};
    if (count === size) {
      const old = slots[head]!;
      if (old.sent || index !== null) {
        const id = feedRowId(old.entry);
        if (old.sent) evicted.push(id);
        index?.delete(id);
      }
      slots[head] = slot;
      head = (head + 1) % size;
    } else slots[(head + count++) % size] = slot;
    index?.set(feedRowId(entry), slot);
  }

  function find(kind: FeedEntry["kind"], id: string, time: number): Slot | undefined {
    if (count === 0) return undefined;
    const newest = slots[(head + count - 1) % size]!;
    const n = newest.entry;
    if (n.time === time && n.id === id && n.kind === kind) return newest;
    if (index !== null) return index.get(feedRowId({kind, id, time}));
    for (let i = count - 2; i >= 0; --i) {
      const slot = slots[(head + i) % size]!;
      const e = slot.entry;
      if (e.time === time && e.id === id && e.kind === kind) return slot;
    }
    return undefined;
  }

  function ordered(): Slot[] {
    const out = new Array<Slot>(count);
    for (let i = 0; i < count; ++i) out[i] = slots[(head + i) % size]!;
    return out;
  }

  return {
    sale(e) {
      const slot = find("sale", e.transactionId, e.time);
      if (slot) {
        // Summed in millionths like the engine's units: 0.1 + 0.2 kg is 0.3, not 0.30000000000000004.
        slot.entry.items = (Math.round(slot.entry.items! * UNIT_SCALE) + Math.round(e.quantity * UNIT_SCALE)) / UNIT_SCALE;
        slot.entry.lines += 1;
        slot.entry.amount += e.amount;
        slot.dirty = true;
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
      const slot = find("refund", e.refundId, e.time);
      if (slot) {
        // The same refund id twice (a file that repeats it): sum, like sale lines.
        slot.entry.amount -= e.amount;
        slot.entry.lines += 1;
        slot.dirty = true;
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
      const upsert: FeedEntry[] = [];
      for (const slot of ordered()) {
        if (!slot.dirty) continue;
        upsert.push({...slot.entry});
        slot.dirty = false;
        slot.sent = true;
      }
      const deleted = evicted;
      evicted = [];
      return {upsert, delete: deleted};
    },
    entries: () => ordered().map((slot) => ({...slot.entry})),
    seed(entries) {
      slots = new Array(size);
      if (index !== null) index = new Map();
      head = 0;
      count = 0;
      for (const entry of entries.slice(-size)) add({...entry});
      for (const slot of ordered()) (slot.dirty = false), (slot.sent = true);
      evicted = [];
      arrival = entries.reduce((max, entry) => Math.max(max, entry.arrival), 0);
    },
    get size() {
      return count;
    }
  };
}
