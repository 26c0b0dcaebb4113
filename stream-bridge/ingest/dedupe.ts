/**
 * Remembers the 64-bit hashes of the last `capacity` records of a file, so a record that is
 * byte-identical to one of them is a duplicate_line. Each distinct hash keeps the sequence number
 * of its latest occurrence in an open-addressing table ([hi, lo, stamp] side by side: one cache
 * miss per probe); a hash is a duplicate when that occurrence is among the last `capacity`. Entries
 * that fell out of the window are not evicted one by one (a ring plus backward-shift deletion cost
 * more than the lookups): they are dropped when the table is rehashed at 60% load, so memory stays
 * bounded: at most 2^k ≥ 5 × capacity slots, 12 bytes each (~6 MB for 100,000; twice that once
 * the table has rehashed at full size, ~372k records in, the spare reused by the next rehash, for
 * tables up to SPARE_BYTES); the slack makes a
 * full table rehash only every ~2 × capacity records. The table starts small and doubles up to that
 * bound as records come, so a short file does not pay for the window.
 */
/** Largest table kept as a spare for the next rehash at full size (see rehash). */
const SPARE_BYTES = 8 << 20;

export class RecentHashes {
  /** Slot i: [hi, lo, stamp] at 3i; stamp = sequence − base + 1, 0 for an empty slot. */
  private table: Int32Array;
  private mask: number;
  private used = 0;
  private limit: number;
  private readonly maxSlots: number;
  /** Records seen so far, and the sequence number stamp 1 stands for (stamps stay small int32s). */
  private n = 0;
  private base = 0;
  /** The previous full-size table, reused by the next rehash. */
  private spare: Int32Array | null = null;

  constructor(readonly capacity: number) {
    let size = 16;
    while (size < capacity * 5) size *= 2;
    this.maxSlots = size;
    size = Math.min(size, 8192);
    this.table = new Int32Array(3 * size);
    this.mask = size - 1;
    this.limit = Math.floor(size * 0.6);
  }

  /**
   * Loads the slot seen(hi, lo) probes first and returns it (so the load is not optimized away).
   * A reader touches the next records' slots in a tight loop before it handles them: their cache
   * misses then overlap, instead of stalling once per record in seen().
   */
  touch(hi: number, lo: number): number {
    return this.table[3 * ((Math.imul(hi ^ lo, 0x9e3779b1) >>> 0) & this.mask) + 2];
  }

  /** Records the hash; returns true when it is already among the last `capacity` recorded ones. */
  seen(hi: number, lo: number): boolean {
    if (this.capacity <= 0) return false;
    const t = this.table;
    const mask = this.mask;
    const stamp = this.n - this.base + 1;
    let slot = (Math.imul(hi ^ lo, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const i = 3 * slot;
      const old = t[i + 2];
      if (old === 0) {
        t[i] = hi;
        t[i + 1] = lo;
        t[i + 2] = stamp;
        ++this.n;
        if (++this.used > this.limit) this.rehash();
        return false;
      }
      if (t[i] === hi && t[i + 1] === lo) {
        t[i + 2] = stamp;
        ++this.n;
        // The previous occurrence is `stamp − old` records back; the window holds the last `capacity`.
        return stamp - old <= this.capacity;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Copies the entries still in the window into a table twice as big (until the bound) or as big. */
  private rehash(): void {
    const old = this.table;
    const oldBase = this.base;
    // Sequence numbers n − capacity … n − 1 are the window; older stamps are dropped.
    const first = Math.max(0, this.n - this.capacity);
    let size = this.mask + 1;
    if (size < this.maxSlots) size *= 2;
    // At full size the two tables take turns: clearing one costs less than faulting in new pages.
    let t: Int32Array;
    if (this.spare?.length === 3 * size) {
      t = this.spare;
      t.fill(0);
    } else t = new Int32Array(3 * size);
    // Kept only up to SPARE_BYTES (the default window's table is 6 MiB): a spare of a big window's
    // table would hold its size twice for good.
    this.spare = size === this.mask + 1 && old.byteLength <= SPARE_BYTES ? old : null;
    const mask = size - 1;
    this.base = first;
    let used = 0;
    for (let i = 0; i < old.length; i += 3) {
      if (old[i + 2] === 0) continue;
      const seq = old[i + 2] - 1 + oldBase;
      if (seq < first) continue;
      let slot = (Math.imul(old[i] ^ old[i + 1], 0x9e3779b1) >>> 0) & mask;
      while (t[3 * slot + 2] !== 0) slot = (slot + 1) & mask;
      t[3 * slot] = old[i];
      t[3 * slot + 1] = old[i + 1];
      t[3 * slot + 2] = seq - first + 1;
      ++used;
    }
    this.table = t;
    this.mask = mask;
    this.used = used;
    this.limit = Math.floor(size * 0.6);
  }
}
