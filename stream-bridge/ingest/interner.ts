/**
 * Reuses strings for repeated field values (store, product, payment, and the transaction and
 * customer ids that consecutive lines of a receipt share). Fewer short-lived strings, and the
 * engine's Map lookups hit strings whose hash V8 has already computed. ASCII only; when full
 * it stops adding and just decodes. Each kept string has an entry number (`code`), so per-value
 * facts (a dimension lookup, a column dictionary id) can be cached in arrays instead of Maps.
 */
export class Interner {
  /** Slot → entry + 1 (0: empty). */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** The kept strings, by entry number. */
  readonly strings: string[] = [];
  /** Entry number of the string the last get() returned, or -1 when it was not kept (full). */
  code = -1;

  constructor(private readonly capacity = 4096) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.table = new Int32Array(n);
    this.mask = n - 1;
  }

  /** The string of ASCII bytes [s, e); sets `code`. */
  get(buf: Buffer, s: number, e: number): string {
    // Consecutive lines of a receipt mostly repeat a field (store, payment): try the last entry first.
    const last = this.code;
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
