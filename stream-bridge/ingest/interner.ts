/**
 * Reuses strings for repeated field values (store, product, payment, and the transaction and
 * customer ids that consecutive lines of a receipt share). Fewer short-lived strings, and the
 * engine's Map lookups hit strings whose hash V8 has already computed. ASCII only; when full
 * it stops adding and just decodes. Each kept string has an entry number (`code`), so per-value
 * facts (a dimension lookup, a column dictionary id) can be cached in arrays instead of Maps.
 */
export class Interner {
  /** Slot → entry + 1 (0: empty), for values longer than 2 × PACKED bytes (hashed, compared as text). */
  private readonly table: Int32Array;
  /** Slot → entry + 1 and the two packed keys, for values of at most 2 × PACKED bytes (the keys are the value). */
  private readonly shortEntries: Int32Array;
  private readonly shortKeys: Float64Array;
  private readonly mask: number;
  /** The kept strings, by entry number. */
  readonly strings: string[] = [];
  /** Entry number of the string the last get() returned, or -1 when it was not kept (full). */
  code = -1;
  /** Packed keys of the last short value get() kept (lastKey -1: none). */
  private lastKey = -1;
  private lastKey2 = 0;

  constructor(private readonly capacity = 4096) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.table = new Int32Array(n);
    this.shortEntries = new Int32Array(n);
    this.shortKeys = new Float64Array(2 * n);
    this.mask = n - 1;
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
    if (key === this.lastKey && key2 === this.lastKey2) return this.strings[this.code];
    let h = Math.imul((key | 0) ^ Math.imul((key / 4294967296) | 0, 0x9e3779b1) ^ Math.imul(key2 | 0, 0x85ebca6b) ^ Math.imul((key2 / 4294967296) | 0, 0xc2b2ae35), 0x27d4eb2d);
    let slot = (h ^ (h >>> 15)) & this.mask;
    for (;;) {
      const entry = this.shortEntries[slot];
      if (entry === 0) break;
      if (this.shortKeys[2 * slot] === key && this.shortKeys[2 * slot + 1] === key2) {
        this.code = entry - 1;
        this.lastKey = key;
        this.lastKey2 = key2;
        return this.strings[entry - 1];
      }
      slot = (slot + 1) & this.mask;
    }
    const text = buf.latin1Slice(s, e);
    if (this.strings.length < this.capacity) {
      this.code = this.strings.length;
      this.strings.push(text);
      this.shortEntries[slot] = this.strings.length;
      this.shortKeys[2 * slot] = key;
      this.shortKeys[2 * slot + 1] = key2;
      this.lastKey = key;
      this.lastKey2 = key2;
    } else {
      this.code = -1;
      this.lastKey = -1;
    }
    return text;
  }

  private getLong(buf: Buffer, s: number, e: number): string {
    const last = this.code;
    this.lastKey = -1;
    if (last >= 0 && equals(this.strings[last], buf, s, e)) return this.strings[last];
    let h = 0x811c9dc5 | 0;
    for (let i = s; i < e; ++i) h = Math.imul(h ^ buf[i], 0x01000193);
    let slot = (h ^ (h >>> 15)) & this.mask;
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
    } else this.code = -1;
    return text;
  }
}

/** ASCII bytes packed into one number, 7 bits each, after the length: (n·128^7 + bytes) < 2^53, exact. */
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
