/**
 * An exact set of small non-negative integers (dense customer indices) that picks its own
 * representation: an open-addressing table while sparse, a bitset once that is smaller. The
 * distinct customers of a store or a product over 10M lines cost bits, not 8-byte pair hashes.
 */
export class IndexSet {
  size = 0;
  private table: Int32Array | null = new Int32Array(8).fill(-1);
  private bits: Uint32Array | null = null;

  /** Adds i; returns true when it was not there. */
  add(i: number): boolean {
    const bits = this.bits;
    if (bits !== null) {
      const word = i >>> 5;
      if (word >= bits.length) this.widen(word);
      const b = this.bits!;
      const mask = 1 << (i & 31);
      if (b[word] & mask) return false;
      b[word] |= mask;
      this.size++;
      return true;
    }
    const table = this.table!;
    const m = table.length - 1;
    let slot = Math.imul(i, 0x9e3779b1) >>> 0 & m;
    for (;;) {
      const v = table[slot];
      if (v === i) return false;
      if (v === -1) break;
      slot = (slot + 1) & m;
    }
    table[slot] = i;
    if (++this.size * 4 > table.length * 3) this.grow();
    return true;
  }

  has(i: number): boolean {
    if (this.bits !== null) return (i >>> 5) < this.bits.length && (this.bits[i >>> 5] & (1 << (i & 31))) !== 0;
    const table = this.table!;
    const m = table.length - 1;
    for (let slot = Math.imul(i, 0x9e3779b1) >>> 0 & m; ; slot = (slot + 1) & m) {
      if (table[slot] === i) return true;
      if (table[slot] === -1) return false;
    }
  }

  get bytes(): number {
    return this.bits ? this.bits.byteLength : this.table!.byteLength;
  }

  /** The table doubles, unless a bitset up to the largest member would be smaller: then it switches. */
  private grow(): void {
    const old = this.table!;
    let max = 0;
    for (const v of old) if (v > max) max = v;
    const bitsetBytes = ((max >>> 5) + 1) * 4;
    if (bitsetBytes <= old.byteLength * 2) {
      this.bits = new Uint32Array((max >>> 5) + 1);
      for (const v of old) if (v >= 0) this.bits[v >>> 5] |= 1 << (v & 31);
      this.table = null;
      return;
    }
    const table = new Int32Array(old.length * 2).fill(-1);
    const m = table.length - 1;
    for (const v of old) {
      if (v < 0) continue;
      let slot = Math.imul(v, 0x9e3779b1) >>> 0 & m;
      while (table[slot] !== -1) slot = (slot + 1) & m;
      table[slot] = v;
    }
    this.table = table;
  }

  private widen(word: number): void {
    const bits = new Uint32Array(Math.max(word + 1, Math.ceil(this.bits!.length * 1.5)));
    bits.set(this.bits!);
    this.bits = bits;
  }

  toJSON(): {size: number; table?: number[]; bits?: string} {
    return this.bits ? {size: this.size, bits: Buffer.from(this.bits.buffer, this.bits.byteOffset, this.bits.byteLength).toString("base64")} : {size: this.size, table: Array.from(this.table!).filter((v) => v >= 0)};
  }

  static fromJSON(json: {size: number; table?: number[]; bits?: string}): IndexSet {
    const set = new IndexSet();
    if (json.bits !== undefined) {
      const bytes = Buffer.from(json.bits, "base64");
      const copy = new Uint8Array(bytes.length);
      copy.set(bytes);
      set.bits = new Uint32Array(copy.buffer);
      set.table = null;
      set.size = json.size;
    } else for (const v of json.table ?? []) set.add(v);
    return set;
  }
}
