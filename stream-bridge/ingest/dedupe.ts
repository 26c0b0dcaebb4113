/**
 * Remembers the 64-bit hashes of the last `capacity` records of a file, so a record that is
 * byte-identical to one of them is a duplicate_line. Memory is fixed: a ring of hashes plus an
 * open-addressing count table (about 24 bytes per remembered record).
 */
export class RecentHashes {
  private readonly ringHi: Int32Array;
  private readonly ringLo: Int32Array;
  private ringSize = 0;
  private ringNext = 0;
  private readonly keysHi: Int32Array;
  private readonly keysLo: Int32Array;
  private readonly counts: Int32Array;
  private readonly mask: number;

  constructor(readonly capacity: number) {
    this.ringHi = new Int32Array(Math.max(1, capacity));
    this.ringLo = new Int32Array(Math.max(1, capacity));
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keysHi = new Int32Array(size);
    this.keysLo = new Int32Array(size);
    this.counts = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Records the hash; returns true when it is already among the remembered ones. */
  seen(hi: number, lo: number): boolean {
    if (this.capacity <= 0) return false;
    const slot = this.find(hi, lo);
    if (this.counts[slot] > 0) {
      // Count the new occurrence too: the key stays remembered as long as any copy is in the ring.
      this.counts[slot]++;
      this.push(hi, lo);
      return true;
    }
    this.keysHi[slot] = hi;
    this.keysLo[slot] = lo;
    this.counts[slot] = 1;
    this.push(hi, lo);
    return false;
  }

  private push(hi: number, lo: number): void {
    if (this.ringSize === this.capacity) {
      this.remove(this.ringHi[this.ringNext], this.ringLo[this.ringNext]);
    } else {
      this.ringSize++;
    }
    this.ringHi[this.ringNext] = hi;
    this.ringLo[this.ringNext] = lo;
    this.ringNext = (this.ringNext + 1) % this.capacity;
  }

  private find(hi: number, lo: number): number {
    let slot = (Math.imul(hi ^ lo, 0x9e3779b1) >>> 0) & this.mask;
    while (this.counts[slot] > 0 && (this.keysHi[slot] !== hi || this.keysLo[slot] !== lo)) slot = (slot + 1) & this.mask;
    return slot;
  }

  /** Decrements a key; at zero, deletes it with backward-shift deletion (no tombstones). */
  private remove(hi: number, lo: number): void {
    let slot = this.find(hi, lo);
    if (this.counts[slot] === 0) return;
    if (--this.counts[slot] > 0) return;
    const mask = this.mask;
    let next = (slot + 1) & mask;
    while (this.counts[next] > 0) {
      const home = (Math.imul(this.keysHi[next] ^ this.keysLo[next], 0x9e3779b1) >>> 0) & mask;
      // Move `next` into the hole when its home is not cyclically within (slot, next].
      if (((next - home) & mask) >= ((next - slot) & mask)) {
        this.keysHi[slot] = this.keysHi[next];
        this.keysLo[slot] = this.keysLo[next];
        this.counts[slot] = this.counts[next];
        this.counts[next] = 0;
        slot = next;
      }
      next = (next + 1) & mask;
    }
  }
}
