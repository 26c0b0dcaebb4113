/**
 * 64-bit string hashes as two int32 halves, and an open-addressing set of them in typed arrays.
 * Millions of transaction or customer ids then cost 8 bytes each (plus table slack) instead of a
 * JS string and a Map entry each. Two different ids collide with probability ~2^-64 per pair:
 * with 10^7 ids the chance of any collision is about 3·10^-6.
 */

/** Scratch output of the hash functions (no allocation per call). */
export const h64 = {hi: 0, lo: 0};

/** murmur3's 32-bit finalizer (shared with batch/hashBytes.ts, which must hash exactly as hashString). */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Hashes a string into h64: FNV-1a and a murmur-style multiply, each finalized. */
export function hashString(s: string): void {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9747b28c ^ s.length;
  for (let i = 0; i < s.length; ++i) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  h64.hi = fmix(h1 ^ s.length);
  h64.lo = fmix(h2 ^ h1);
}

/** Hash of the pair (tag, id-hash): `tag` numbers a (dimension, key) group. Writes h64. */
export function hashPair(tag: number, hi: number, lo: number): void {
  const t = Math.imul(tag + 1, 0x9e3779b1);
  h64.hi = fmix(hi ^ t);
  h64.lo = fmix(lo + Math.imul(t ^ (t >>> 15), 0x27d4eb2d));
}

const EMPTY_BASE64 = "";

/**
 * Set of 64-bit keys, linear probing over any capacity (the home slot is lo scaled to the
 * capacity), grows ×`growth` (1.5) at `maxLoad` (4/5) so big tables stay 53–80% full rather than 37–75%
 * (the transaction table: ×1.25 at 85%, 68–85%, for ~2× the probes of a miss near the top). The
 * all-zero key is reserved for empty slots, so a zero hash is stored as (0, 1). Optional int32
 * values make it a map. A slot's key halves and values sit side by side in one array (`stride`
 * int32s a slot): a probe of a big table is one cache miss, not one per half and per value column.
 */
export class HashSet64 {
  /** Slot i: key hi at i·stride, lo at +1, value v at +2+v. */
  data: Int32Array;
  readonly stride: number;
  size = 0;
  private cap: number;
  private limit: number;
  /** Slot of the last add/find (valid until the next insert). */
  slot = 0;
  /** Where the values of that slot start in `data` (value v at at + v). */
  at = 2;

  constructor(
    capacity = 16,
    readonly valueColumns = 0,
    readonly maxLoad = 0.8,
    /** Capacity factor of each growth: 1.5 by default; smaller holds less slack for more rehashing. */
    readonly growth = 1.5
  ) {
    const n = Math.max(16, Math.ceil(capacity / maxLoad));
    this.stride = 2 + valueColumns;
    this.data = new Int32Array(n * this.stride);
    this.cap = n;
    this.limit = Math.floor(n * maxLoad);
  }

  /** Slots (capacity). */
  get capacity(): number {
    return this.cap;
  }

  /** Home slot: both halves mixed, scaled to the capacity (no power-of-two mask needed). */
  private home(hi: number, lo: number): number {
    return Math.floor(((lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0) * this.cap / 4294967296);
  }

  /** Adds a key; returns true when it was not there. `slot` and `at` are its either way. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const data = this.data;
    const stride = this.stride;
    const end = this.cap * stride;
    let p = this.home(hi, lo) * stride;
    for (;;) {
      const kh = data[p];
      const kl = data[p + 1];
      if (kh === hi && kl === lo) {
        this.slot = p / stride;
        this.at = p + 2;
        return false;
      }
      if (kh === 0 && kl === 0) break;
      p += stride;
      if (p === end) p = 0;
    }
    data[p] = hi;
    data[p + 1] = lo;
    this.slot = p / stride;
    this.at = p + 2;
    if (++this.size > this.limit) this.grow();
    return true;
  }

  /** Slot of a key, or -1 (`at` is its values' position when found). */
  find(hi: number, lo: number): number {
    if (hi === 0 && lo === 0) lo = 1;
    const data = this.data;
    const stride = this.stride;
    const end = this.cap * stride;
    let p = this.home(hi, lo) * stride;
    for (;;) {
      const kh = data[p];
      const kl = data[p + 1];
      if (kh === hi && kl === lo) {
        this.at = p + 2;
        return (this.slot = p / stride);
      }
      if (kh === 0 && kl === 0) return -1;
      p += stride;
      if (p === end) p = 0;
    }
  }

  /** Value v of slot i. */
  value(i: number, v: number): number {
    return this.data[i * this.stride + 2 + v];
  }

  /** Empties the set keeping its capacity (windows reuse their sets instead of regrowing new ones). */
  clear(): void {
    this.data.fill(0);
    this.size = 0;
  }

  has(hi: number, lo: number): boolean {
    return this.find(hi, lo) >= 0;
  }

  private grow(): void {
    const old = this.data;
    const stride = this.stride;
    const oldCap = this.cap;
    const n = Math.ceil(oldCap * this.growth);
    const data = new Int32Array(n * stride);
    const inserted = this.slot * stride;
    const insertedHi = old[inserted];
    const insertedLo = old[inserted + 1];
    this.cap = n;
    this.limit = Math.floor(n * this.maxLoad);
    const end = n * stride;
    for (let i = 0, from = 0; i < oldCap; ++i, from += stride) {
      const kh = old[from];
      const kl = old[from + 1];
      if (kh === 0 && kl === 0) continue;
      let p = this.home(kh, kl) * stride;
      while (data[p] !== 0 || data[p + 1] !== 0) {
        p += stride;
        if (p === end) p = 0;
      }
      for (let k = 0; k < stride; ++k) data[p + k] = old[from + k];
      if (kh === insertedHi && kl === insertedLo) {
        this.slot = p / stride;
        this.at = p + 2;
      }
    }
    this.data = data;
  }

  /** Bytes held by the typed array. */
  get bytes(): number {
    return this.data.byteLength;
  }

  /** Column k of the slots (0: hi, 1: lo, 2 + v: value v). */
  private column(k: number): Int32Array {
    const column = new Int32Array(this.cap);
    for (let i = 0, p = k; i < this.cap; ++i, p += this.stride) column[i] = this.data[p];
    return column;
  }

  /** Columns (hi, lo, each value) as base64: the checkpoint format, the same as before slots were interleaved. */
  toJSON(): {size: number; hi: string; lo: string; values: string[]} {
    return {size: this.size, hi: base64(this.column(0)), lo: base64(this.column(1)), values: Array.from({length: this.valueColumns}, (_, v) => base64(this.column(2 + v)))};
  }

  static fromJSON(json: {size: number; hi: string; lo: string; values: string[]}, maxLoad = 0.8, growth = 1.5): HashSet64 {
    const columns = [json.hi, json.lo, ...json.values].map(int32s);
    const cap = columns[0].length;
    const set = new HashSet64(16, json.values.length, maxLoad, growth);
    const stride = set.stride;
    set.data = new Int32Array(cap * stride);
    columns.forEach((column, k) => {
      for (let i = 0, p = k; i < cap; ++i, p += stride) set.data[p] = column[i];
    });
    set.size = json.size;
    set.cap = cap;
    set.limit = Math.floor(cap * maxLoad);
    return set;
  }
}

export function base64(array: Int32Array): string {
  return array.length ? Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString("base64") : EMPTY_BASE64;
}

export function int32s(text: string): Int32Array {
  const bytes = Buffer.from(text, "base64");
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Int32Array(copy.buffer);
}

/**
 * HashSet64 split into 2^bits independent tables by the top bits of `hi`. A table that grows copies
 * only its own part, so the set never holds a whole old and a whole new copy at once: a single
 * 4M-entry table (the transactions of 10M lines) peaks at 2.5× its size while it grows, this at
 * 1 + 1.5/2^bits. `values` and `slot` are those of the part the last add/find touched.
 */
export class PartitionedSet64 {
  readonly parts: HashSet64[];
  /** `data`, `slot` and `at` of the part the last add/find touched. */
  data: Int32Array;
  slot = 0;
  at = 2;
  private readonly shift: number;

  constructor(
    readonly bits = 6,
    private readonly valueColumns = 0,
    readonly maxLoad = 0.8,
    readonly growth = 1.5,
    /** Entries the whole set is sized for at the start (it still grows past them). */
    capacity = 0
  ) {
    this.shift = 32 - bits;
    // Uniform hashing fills the parts at one pace: with equal starting sizes they would all grow
    // at the same moment, so the whole table would sit at its lowest load (57% at 85%) just when it
    // is biggest. Starting sizes spread over one growth step keep the parts out of phase: about a
    // 64th of the table grows at a time and the whole stays near the average load.
    const parts = 1 << bits;
    this.parts = Array.from({length: parts}, (_, k) => new HashSet64(Math.round(Math.max(64, capacity / parts) * growth ** (k / parts)), valueColumns, maxLoad, growth));
    this.data = this.parts[0].data;
  }

  get size(): number {
    let n = 0;
    for (const part of this.parts) n += part.size;
    return n;
  }

  get bytes(): number {
    let n = 0;
    for (const part of this.parts) n += part.bytes;
    return n;
  }

  add(hi: number, lo: number): boolean {
    const part = this.parts[hi >>> this.shift];
    const added = part.add(hi, lo);
    this.data = part.data;
    this.slot = part.slot;
    this.at = part.at;
    return added;
  }

  /** Slot of a key in its part (`data` and `at` then are that part's), or -1. */
  find(hi: number, lo: number): number {
    const part = this.parts[hi >>> this.shift];
    this.slot = part.find(hi, lo);
    this.data = part.data;
    this.at = part.at;
    return this.slot;
  }

  toJSON(): {bits: number; parts: ReturnType<HashSet64["toJSON"]>[]} {
    return {bits: this.bits, parts: this.parts.map((part) => part.toJSON())};
  }

  /** From toJSON(), or from a single HashSet64's JSON (checkpoints written before the split). */
  static fromJSON(json: {bits: number; parts: ReturnType<HashSet64["toJSON"]>[]} | ReturnType<HashSet64["toJSON"]>, bits = 6, maxLoad = 0.8, growth = 1.5): PartitionedSet64 {
    if ("parts" in json) {
      const set = new PartitionedSet64(json.bits, json.parts[0]?.values.length ?? 0, maxLoad, growth);
      json.parts.forEach((part, i) => (set.parts[i] = HashSet64.fromJSON(part, maxLoad, growth)));
      set.data = set.parts[0].data;
      return set;
    }
    const old = HashSet64.fromJSON(json);
    const columns = old.valueColumns;
    const set = new PartitionedSet64(bits, columns, maxLoad, growth);
    for (let i = 0, p = 0; i < old.capacity; ++i, p += old.stride) {
      const hi = old.data[p];
      const lo = old.data[p + 1];
      if (hi === 0 && lo === 0) continue;
      set.add(hi, lo);
      for (let v = 0; v < columns; ++v) set.data[set.at + v] = old.data[p + 2 + v];
    }
    return set;
  }
}
