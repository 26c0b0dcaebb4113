/**
 * Remembers the 64-bit hashes of the last `capacity` records of a file, so a record that is
 * byte-identical to one of them is a duplicate_line. Memory is bounded: a ring of hashes plus an
 * open-addressing count table with each slot's key and count side by side (one cache miss per
 * probe); about 32 bytes per remembered record. Both start small and double up to that bound as
 * records come, so a short file (refunds, inventory) does not pay for a window it never fills.
 */
export class RecentHashes {
  private ring: Int32Array;
  private ringSize = 0;
  private ringNext = 0;
  /** Slot i: [hi, lo, count] at 3i. */
  private table: Int32Array;
  private mask: number;
  /** Slots in use, and the table size (slots) the full window needs. */
  private used = 0;
  private readonly maxSlots: number;

  constructor(readonly capacity: number) {
    this.ring = new Int32Array(2 * Math.max(1, Math.min(capacity, 4096)));
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.maxSlots = size;
    size = Math.min(size, 8192);
    this.table = new Int32Array(3 * size);
    this.mask = size - 1;
  }

  /** Records the hash; returns true when it is already among the remembered ones. */
  seen(hi: number, lo: number): boolean {
    if (this.capacity <= 0) return false;
    const t = this.table;
    const slot = this.find(hi, lo);
    const dup = t[slot + 2] > 0;
    // A new occurrence counts too: the key stays remembered as long as any copy is in the ring.
    if (dup) t[slot + 2]++;
    else {
      t[slot] = hi;
      t[slot + 1] = lo;
      t[slot + 2] = 1;
      if (++this.used * 2 > this.mask + 1 && this.mask + 1 < this.maxSlots) this.grow();
    }
    this.push(hi, lo);
    return dup;
  }

  /** Doubles the table (at half load: the full-size table runs at most half full too). */
  private grow(): void {
    const old = this.table;
    const size = (this.mask + 1) * 2;
    this.table = new Int32Array(3 * size);
    this.mask = size - 1;
    for (let i = 0; i < old.length; i += 3) {
      if (old[i + 2] === 0) continue;
      const at = this.find(old[i], old[i + 1]);
      this.table[at] = old[i];
      this.table[at + 1] = old[i + 1];
      this.table[at + 2] = old[i + 2];
    }
  }

  private push(hi: number, lo: number): void {
    if (this.ringSize < this.capacity && 2 * this.ringSize === this.ring.length) {
      // Not wrapped yet (ringNext === ringSize): the ring can grow in place.
      const ring = new Int32Array(2 * Math.min(this.capacity, this.ringSize * 2));
      ring.set(this.ring);
      this.ring = ring;
    }
    const ring = this.ring;
    const at = 2 * this.ringNext;
    if (this.ringSize === this.capacity) this.remove(ring[at], ring[at + 1]);
    else this.ringSize++;
    ring[at] = hi;
    ring[at + 1] = lo;
    if (++this.ringNext === this.capacity) this.ringNext = 0;
  }

  /** Index (×3) of the key's slot, or of the empty slot where it would go. */
  private find(hi: number, lo: number): number {
    const t = this.table;
    const mask = this.mask;
    let slot = (Math.imul(hi ^ lo, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const i = 3 * slot;
      if (t[i + 2] === 0 || (t[i] === hi && t[i + 1] === lo)) return i;
      slot = (slot + 1) & mask;
    }
  }

  /** Decrements a key; at zero, deletes it with backward-shift deletion (no tombstones). */
  private remove(hi: number, lo: number): void {
    const t = this.table;
    const mask = this.mask;
    let hole = this.find(hi, lo) / 3;
    if (t[3 * hole + 2] === 0 || --t[3 * hole + 2] > 0) return;
    this.used--;
    let next = (hole + 1) & mask;
    while (t[3 * next + 2] > 0) {
      const home = (Math.imul(t[3 * next] ^ t[3 * next + 1], 0x9e3779b1) >>> 0) & mask;
      // Move `next` into the hole when its home is not cyclically within (hole, next].
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        t[3 * hole] = t[3 * next];
        t[3 * hole + 1] = t[3 * next + 1];
        t[3 * hole + 2] = t[3 * next + 2];
        t[3 * next + 2] = 0;
        hole = next;
      }
      next = (next + 1) & mask;
    }
  }
}
