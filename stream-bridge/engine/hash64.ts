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
 * value columns make it a map.
 */
export class HashSet64 {
  hi: Int32Array;
  lo: Int32Array;
  values: Int32Array[];
  size = 0;
  private cap: number;
  private limit: number;
  /** Slot of the last add/find (valid until the next insert). */
  slot = 0;

  constructor(
    capacity = 16,
    valueColumns = 0,
    readonly maxLoad = 0.8,
    /** Capacity factor of each growth: 1.5 by default; smaller holds less slack for more rehashing. */
    readonly growth = 1.5
  ) {
    const n = Math.max(16, Math.ceil(capacity / maxLoad));
    this.hi = new Int32Array(n);
    this.lo = new Int32Array(n);
    this.values = [];
    for (let v = 0; v < valueColumns; ++v) this.values.push(new Int32Array(n));
    this.cap = n;
    this.limit = Math.floor(n * maxLoad);
  }

  /** Home slot: both halves mixed, scaled to the capacity (no power-of-two mask needed). */
  private home(hi: number, lo: number): number {
    return Math.floor(((lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0) * this.cap / 4294967296);
  }

  /** Adds a key; returns true when it was not there. `slot` is its slot either way. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const keysHi = this.hi;
    const keysLo = this.lo;
    const cap = this.cap;
    let slot = this.home(hi, lo);
    for (;;) {
      const kh = keysHi[slot];
      const kl = keysLo[slot];
      if (kh === hi && kl === lo) {
        this.slot = slot;
        return false;
      }
      if (kh === 0 && kl === 0) break;
      if (++slot === cap) slot = 0;
    }
    keysHi[slot] = hi;
    keysLo[slot] = lo;
    this.slot = slot;
    if (++this.size > this.limit) this.grow();
    return true;
  }

  /** Slot of a key, or -1. */
  find(hi: number, lo: number): number {
    if (hi === 0 && lo === 0) lo = 1;
    const cap = this.cap;
    let slot = this.home(hi, lo);
    for (;;) {
      const kh = this.hi[slot];
      const kl = this.lo[slot];
      if (kh === hi && kl === lo) return (this.slot = slot);
      if (kh === 0 && kl === 0) return -1;
      if (++slot === cap) slot = 0;
    }
  }

  /** Empties the set keeping its capacity (windows reuse their sets instead of regrowing new ones). */
  clear(): void {
    this.hi.fill(0);
    this.lo.fill(0);
    this.size = 0;
  }

  has(hi: number, lo: number): boolean {
    return this.find(hi, lo) >= 0;
  }

  private grow(): void {
    const oldHi = this.hi;
    const oldLo = this.lo;
    const oldValues = this.values;
    const n = Math.ceil(oldHi.length * this.growth);
    const hi = new Int32Array(n);
    const lo = new Int32Array(n);
    const values = oldValues.map(() => new Int32Array(n));
    const insertedHi = this.hi[this.slot];
    const insertedLo = this.lo[this.slot];
    this.cap = n;
    this.limit = Math.floor(n * this.maxLoad);
    for (let i = 0; i < oldHi.length; ++i) {
      const kh = oldHi[i];
      const kl = oldLo[i];
      if (kh === 0 && kl === 0) continue;
      let slot = this.home(kh, kl);
      while (hi[slot] !== 0 || lo[slot] !== 0) if (++slot === n) slot = 0;
      hi[slot] = kh;
      lo[slot] = kl;
      for (let v = 0; v < values.length; ++v) values[v][slot] = oldValues[v][i];
      if (kh === insertedHi && kl === insertedLo) this.slot = slot;
    }
    this.hi = hi;
    this.lo = lo;
    this.values = values;
  }

  /** Bytes held by the typed arrays. */
  get bytes(): number {
    return this.hi.byteLength * (2 + this.values.length);
  }

  toJSON(): {size: number; hi: string; lo: string; values: string[]} {
    return {size: this.size, hi: base64(this.hi), lo: base64(this.lo), values: this.values.map(base64)};
  }

  static fromJSON(json: {size: number; hi: string; lo: string; values: string[]}, maxLoad = 0.8, growth = 1.5): HashSet64 {
    const set = new HashSet64(16, 0, maxLoad, growth);
    set.hi = int32s(json.hi);
    set.lo = int32s(json.lo);
    set.values = json.values.map(int32s);
    set.size = json.size;
    set.cap = set.hi.length;
    set.limit = Math.floor(set.cap * maxLoad);
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
  values: Int32Array[];
  slot = 0;
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
    this.values = this.parts[0].values;
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
    this.values = part.values;
    this.slot = part.slot;
    return added;
  }

  /** Slot of a key in its part (values then are that part's), or -1. */
  find(hi: number, lo: number): number {
    const part = this.parts[hi >>> this.shift];
    this.values = part.values;
    return (this.slot = part.find(hi, lo));
  }

  toJSON(): {bits: number; parts: ReturnType<HashSet64["toJSON"]>[]} {
    return {bits: this.bits, parts: this.parts.map((part) => part.toJSON())};
  }

  /** From toJSON(), or from a single HashSet64's JSON (checkpoints written before the split). */
  static fromJSON(json: {bits: number; parts: ReturnType<HashSet64["toJSON"]>[]} | ReturnType<HashSet64["toJSON"]>, bits = 6, maxLoad = 0.8, growth = 1.5): PartitionedSet64 {
    if ("parts" in json) {
      const set = new PartitionedSet64(json.bits, json.parts[0]?.values.length ?? 0, maxLoad, growth);
      json.parts.forEach((part, i) => (set.parts[i] = HashSet64.fromJSON(part, maxLoad, growth)));
      set.values = set.parts[0].values;
      return set;
    }
    const old = HashSet64.fromJSON(json);
    const set = new PartitionedSet64(bits, old.values.length, maxLoad, growth);
    for (let i = 0; i < old.hi.length; ++i) {
      if (old.hi[i] === 0 && old.lo[i] === 0) continue;
      set.add(old.hi[i], old.lo[i]);
      for (let v = 0; v < old.values.length; ++v) set.values[v][set.slot] = old.values[v][i];
    }
    return set;
  }
}
