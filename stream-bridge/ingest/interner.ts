/**
 * Reuses strings for repeated field values (store, product, payment, and the transaction and
 * customer ids that consecutive lines of a receipt share). Fewer short-lived strings, and the
 * engine's Map lookups hit strings whose hash V8 has already computed. ASCII only; when full
 * it stops adding and just decodes. Each kept string has an entry number (`code`), so per-value
 * facts (a dimension lookup, a column dictionary id) can be cached in arrays instead of Maps.
 */
export class Interner {
  /** Slot → entry + 1 (0: empty), for values longer than 16 bytes (hashed, compared as text). */
  private table: Int32Array;
  /** Slot → entry + 1, and its key at 5 × slot (length, four words), for values of at most 16 bytes (the key is the value). */
  private shortEntries: Int32Array;
  private shortKeys: Int32Array;
  private mask: number;
  /** The kept strings, by entry number. */
  readonly strings: string[] = [];
  /** Entry number of the string the last get() returned, or -1 when it was not kept (full). */
  code = -1;
  /** Key offset (5 × slot) of the last short value get() returned, -1: none. */
  private lastSlot = -1;

  constructor(private readonly capacity = 4096) {
    // The tables start small and double with the entries (≤ 50% full): a few hundred products
    // then take a few KB that stay in cache, not a table sized for the capacity.
    this.table = new Int32Array(64);
    this.shortEntries = new Int32Array(64);
    this.shortKeys = new Int32Array(5 * 64);
    this.mask = 63;
  }

  /** The string of ASCII bytes [s, e); sets `code`. */
  get(buf: Buffer, s: number, e: number): string {
    const n = e - s;
    if (n > 16) return this.getLong(buf, s, e);
    // Ids of up to 16 bytes (store, product, payment) are their length and four little-endian
    // words: int compares instead of a string compare, and no string unless the value is new.
    const w0 = word(buf, s, e);
    const w1 = word(buf, s + 4, e);
    const w2 = word(buf, s + 8, e);
    const w3 = word(buf, s + 12, e);
    const keys = this.shortKeys;
    // Consecutive lines of a receipt mostly repeat a field (store, payment): try the last entry first.
    const last = this.lastSlot;
    if (last >= 0 && keys[last] === n && keys[last + 1] === w0 && keys[last + 2] === w1 && keys[last + 3] === w2 && keys[last + 4] === w3) {
      this.code = this.shortEntries[last / 5] - 1;
      return this.strings[this.code];
    }
    let slot = shortHash(n, w0, w1, w2, w3) & this.mask;
    for (;;) {
      const entry = this.shortEntries[slot];
      if (entry === 0) break;
      const k = 5 * slot;
      if (keys[k] === n && keys[k + 1] === w0 && keys[k + 2] === w1 && keys[k + 3] === w2 && keys[k + 4] === w3) {
        this.code = entry - 1;
        this.lastSlot = k;
        return this.strings[entry - 1];
      }
      slot = (slot + 1) & this.mask;
    }
    const text = buf.latin1Slice(s, e);
    if (this.strings.length < this.capacity) {
      this.code = this.strings.length;
      this.strings.push(text);
      this.shortEntries[slot] = this.strings.length;
      const k = 5 * slot;
      keys[k] = n;
      keys[k + 1] = w0;
      keys[k + 2] = w1;
      keys[k + 3] = w2;
      keys[k + 4] = w3;
      this.lastSlot = k;
      if (2 * this.strings.length > this.mask) this.grow();
    } else {
      this.code = -1;
      this.lastSlot = -1;
    }
    return text;
  }

  private getLong(buf: Buffer, s: number, e: number): string {
    const last = this.code;
    this.lastSlot = -1;
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
    const shortKeys = new Int32Array(5 * size);
    for (let k = 0; k < this.strings.length; ++k) {
      const bytes = Buffer.from(this.strings[k], "latin1");
      const n = bytes.length;
      if (n > 16) {
        let slot = longHash(bytes, 0, n) & mask;
        while (table[slot] !== 0) slot = (slot + 1) & mask;
        table[slot] = k + 1;
        continue;
      }
      const w0 = word(bytes, 0, n);
      const w1 = word(bytes, 4, n);
      const w2 = word(bytes, 8, n);
      const w3 = word(bytes, 12, n);
      let slot = shortHash(n, w0, w1, w2, w3) & mask;
      while (shortEntries[slot] !== 0) slot = (slot + 1) & mask;
      shortEntries[slot] = k + 1;
      shortKeys.set([n, w0, w1, w2, w3], 5 * slot);
    }
    this.table = table;
    this.shortEntries = shortEntries;
    this.shortKeys = shortKeys;
    this.mask = mask;
    this.lastSlot = -1;
  }
}

function shortHash(n: number, w0: number, w1: number, w2: number, w3: number): number {
  const h = Math.imul(w0 ^ Math.imul(w1, 0x9e3779b1) ^ Math.imul(w2 ^ n, 0x85ebca6b) ^ Math.imul(w3, 0xc2b2ae35), 0x27d4eb2d);
  return h ^ (h >>> 15);
}

function longHash(buf: Buffer, s: number, e: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = s; i < e; ++i) h = Math.imul(h ^ buf[i], 0x01000193);
  return h ^ (h >>> 15);
}

/** Bytes [i, min(i + 4, e)) as a little-endian int32, missing bytes 0 (the length tells "\0" from none). */
function word(buf: Buffer, i: number, e: number): number {
  if (i + 4 <= e) return buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
  let w = 0;
  for (let k = e - 1; k >= i; --k) w = (w << 8) | buf[k];
  return w;
}

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
