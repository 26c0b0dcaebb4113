/**
 * Reuses strings for repeated field values (store, product, payment, and the transaction and
 * customer ids that consecutive lines of a receipt share). Fewer short-lived strings, and the
 * engine's Map lookups hit strings whose hash V8 has already computed. ASCII only; when full
 * it stops adding and just decodes. Each kept string has an entry number (`code`), so per-value
 * facts (a dimension lookup, a column dictionary id) can be cached in arrays instead of Maps.
 */
export class Interner {
  /** Slot → entry + 1 (0: empty), for values longer than 2 × PACKED bytes (hashed, compared as text). */
  private table: Int32Array;
  /** Slot → entry + 1, and its two packed keys at 2 × slot, for values of at most 14 bytes (the keys are the value). */
  private shortEntries: Int32Array;
  private shortKeys: Float64Array;
  private mask: number;
  /** The kept strings, by entry number. */
  readonly strings: string[] = [];
  /** Entry number of the string the last get() returned, or -1 when it was not kept (full). */
  code = -1;
  /** Packed keys, entry and text of the last short value get() returned (lastKey -1: none). */
  private lastKey = -1;
  private lastKey2 = 0;
  private lastCode = -1;
  private lastText = "";

  constructor(private readonly capacity = 4096) {
    // The tables start small and double with the entries (≤ 50% full): a few hundred products
    // then take a few KB that stay in cache, not a table sized for the capacity.
    this.table = new Int32Array(64);
    this.shortEntries = new Int32Array(64);
    this.shortKeys = new Float64Array(2 * 64);
    this.mask = 63;
  }

  /** The string of ASCII bytes [s, e); sets `code`. */
  get(buf: Buffer, s: number, e: number): string {
    const n = e - s;
    if (n > 2 * PACKED) return this.getLong(buf, s, e);
    // Ids of up to 14 ASCII bytes (store, product, payment) pack exactly into two numbers, the
    // length first: number compares instead of a string compare, and no string unless it is new.
    const mid = n > PACKED ? s + PACKED : e;
    let key = n;
    for (let i = s; i < mid; ++i) key = key * 128 + buf[i];
    let key2 = 0;
    for (let i = mid; i < e; ++i) key2 = key2 * 128 + buf[i];
    // Consecutive lines of a receipt mostly repeat a field (store, payment): try the last entry first.
    if (key === this.lastKey && key2 === this.lastKey2) {
      this.code = this.lastCode;
      return this.lastText;
    }
    const keys = this.shortKeys;
    let slot = shortHash(key, key2) & this.mask;
    for (;;) {
      const entry = this.shortEntries[slot];
      if (entry === 0) return this.addShort(buf, s, e, slot, key, key2);
      if (keys[2 * slot] === key && keys[2 * slot + 1] === key2) {
        const text = this.strings[entry - 1];
        this.code = this.lastCode = entry - 1;
        this.lastKey = key;
        this.lastKey2 = key2;
        this.lastText = text;
        return text;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** get() of a short value not kept yet (kept in `slot` while there is room); apart so get() stays small enough to inline. */
  private addShort(buf: Buffer, s: number, e: number, slot: number, key: number, key2: number): string {
    const text = buf.latin1Slice(s, e);
    if (this.strings.length >= this.capacity) {
      this.code = -1;
      this.lastKey = -1;
      return text;
    }
    this.code = this.lastCode = this.strings.length;
    this.strings.push(text);
    this.shortEntries[slot] = this.strings.length;
    this.shortKeys[2 * slot] = key;
    this.shortKeys[2 * slot + 1] = key2;
    this.lastKey = key;
    this.lastKey2 = key2;
    this.lastText = text;
    if (2 * this.strings.length > this.mask) this.grow();
    return text;
  }

  private getLong(buf: Buffer, s: number, e: number): string {
    const last = this.code;
    this.lastKey = -1;
    if (last >= 0 && equals(this.strings[last], buf, s, e)) return this.strings[last];
    let slot = longHash(buf, s, e) & this.mask;
    for (;;) {
      const entry = this.table[slot];
      if (entry === 0) break;
      const text = this.strings[entry - 1];
      if (equals(text, buf, s, e)) {
        this.code = entry - 1;
        return text;
      }
      slot = (slot + 1) & this.mask;
    }
    const text = buf.latin1Slice(s, e);
    if (this.strings.length < this.capacity) {
      this.code = this.strings.length;
      this.strings.push(text);
      this.table[slot] = this.strings.length;
      if (2 * this.strings.length > this.mask) this.grow();
    } else this.code = -1;
    return text;
  }

  /** Doubles both tables and puts every kept string back (their bytes are their latin1 text). */
  private grow(): void {
    const size = 2 * (this.mask + 1);
    const mask = size - 1;
    const table = new Int32Array(size);
    const shortEntries = new Int32Array(size);
    const shortKeys = new Float64Array(2 * size);
    for (let k = 0; k < this.strings.length; ++k) {
      const text = this.strings[k];
      const n = text.length;
      if (n > 2 * PACKED) {
        const bytes = Buffer.from(text, "latin1");
        let slot = longHash(bytes, 0, n) & mask;
        while (table[slot] !== 0) slot = (slot + 1) & mask;
        table[slot] = k + 1;
        continue;
      }
      const mid = Math.min(n, PACKED);
      let key = n;
      for (let i = 0; i < mid; ++i) key = key * 128 + text.charCodeAt(i);
      let key2 = 0;
      for (let i = mid; i < n; ++i) key2 = key2 * 128 + text.charCodeAt(i);
      let slot = shortHash(key, key2) & mask;
      while (shortEntries[slot] !== 0) slot = (slot + 1) & mask;
      shortEntries[slot] = k + 1;
      shortKeys[2 * slot] = key;
      shortKeys[2 * slot + 1] = key2;
    }
    this.table = table;
    this.shortEntries = shortEntries;
    this.shortKeys = shortKeys;
    this.mask = mask;
  }
}

function shortHash(key: number, key2: number): number {
  const h = Math.imul((key | 0) ^ Math.imul((key / 4294967296) | 0, 0x9e3779b1) ^ Math.imul(key2 | 0, 0x85ebca6b) ^ Math.imul((key2 / 4294967296) | 0, 0xc2b2ae35), 0x27d4eb2d);
  return h ^ (h >>> 15);
}

function longHash(buf: Buffer, s: number, e: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = s; i < e; ++i) h = Math.imul(h ^ buf[i], 0x01000193);
  return h ^ (h >>> 15);
}

/** ASCII bytes packed 7 bits each after the length: n·128^7 + bytes < 2^53, exact. */
const PACKED = 7;

/** Keeps the last value only: consecutive lines of one receipt repeat its id. */
export class LastValue {
  private text = "";

  get(buf: Buffer, s: number, e: number): string {
    if (equals(this.text, buf, s, e)) return this.text;
    return (this.text = buf.latin1Slice(s, e));
  }
}

function equals(text: string, buf: Buffer, s: number, e: number): boolean {
  if (text.length !== e - s) return false;
  for (let i = 0; i < text.length; ++i) if (text.charCodeAt(i) !== buf[s + i]) return false;
  return true;
}
