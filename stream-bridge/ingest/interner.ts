/**
 * Reuses strings for repeated field values (store, product, payment, and the transaction and
 * customer ids that consecutive lines of a receipt share). Fewer short-lived strings, and the
 * engine's Map lookups hit strings whose hash V8 has already computed. ASCII only; when full
 * it stops adding and just decodes. Each kept string has an entry number (`code`), so per-value
 * facts (a dimension lookup, a column dictionary id) can be cached in arrays instead of Maps.
 */
export class Interner {
  /** Slot → entry + 1 (0: empty), for values longer than SHORT bytes (hashed, compared as text). */
  private readonly table: Int32Array;
  /** Slot → entry + 1 and the packed key, for values of at most SHORT bytes (the key is the value). */
  private readonly shortEntries: Int32Array;
  private readonly shortKeys: Float64Array;
  private readonly mask: number;
  /** The kept strings, by entry number. */
  readonly strings: string[] = [];
  /** Entry number of the string the last get() returned, or -1 when it was not kept (full). */
  code = -1;
  /** Packed key of the last short value get() kept (-1: none). */
  private lastKey = -1;

  constructor(private readonly capacity = 4096) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.table = new Int32Array(n);
    this.shortEntries = new Int32Array(n);
    this.shortKeys = new Float64Array(n);
    this.mask = n - 1;
  }

  /** The string of ASCII bytes [s, e); sets `code`. */
  get(buf: Buffer, s: number, e: number): string {
    const n = e - s;
    if (n > SHORT) return this.getLong(buf, s, e);
    // Short ids (store, product, payment) pack exactly into one number, length first: a number
    // compare instead of a string compare, and no string unless the value is new.
    let key = n;
    for (let i = s; i < e; ++i) key = key * 256 + buf[i];
    // Consecutive lines of a receipt mostly repeat a field (store, payment): try the last entry first.
    if (key === this.lastKey) return this.strings[this.code];
    const lo = key | 0;
    const hi = (key / 4294967296) | 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    let slot = (h ^ (h >>> 15)) & this.mask;
    for (;;) {
      const entry = this.shortEntries[slot];
      if (entry === 0) break;
      if (this.shortKeys[slot] === key) {
        this.code = entry - 1;
        this.lastKey = key;
        return this.strings[entry - 1];
      }
      slot = (slot + 1) & this.mask;
    }
    const text = buf.latin1Slice(s, e);
    if (this.strings.length < this.capacity) {
      this.code = this.strings.length;
      this.strings.push(text);
      this.shortEntries[slot] = this.strings.length;
      this.shortKeys[slot] = key;
      this.lastKey = key;
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

/** Values of at most this many bytes are keyed by their bytes packed into a number (length·256^n + bytes < 2^53). */
const SHORT = 6;

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
