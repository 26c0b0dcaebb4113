import {base64, int32s} from "./hash64.ts";

/** Keys per dimension that get a bit (0 … MASK_KEYS − 1): 8 words of 32 bits. */
export const MASK_KEYS = 256;
const WORDS = MASK_KEYS >>> 5;

/**
 * The running totals' distinct customers of small keys: one bit per (customer, dimension, key),
 * stored as one row per dense customer index. A row holds only the (dimension, word) pairs some
 * key has needed so far (`offset`), so with 10 stores, 4 regions and 200 products a customer costs
 * 11 words. Rows rather than a column per word: the words a line touches (its store, region,
 * category, product and payment bits) sit in one or two cache lines instead of five columns of
 * millions of entries, which was a cache miss each (the engine's biggest cost per line).
 */
export class CustomerMasks {
  rows = new Int32Array(0);
  /** Words per row. */
  stride = 0;
  /** (dimension * WORDS + word) → the word's position in a row, -1 until a key needs it. */
  readonly offset: Int32Array;

  constructor(readonly dimensions: number) {
    this.offset = new Int32Array(dimensions * WORDS).fill(-1);
  }

  /**
   * Sets the bit of (dimension d, key < MASK_KEYS) in customer c's row; true when it was clear.
   * `customers` (the number known so far) sizes a row array that has to grow.
   */
  add(d: number, key: number, c: number, customers: number): boolean {
    const w = d * WORDS + (key >>> 5);
    let at = this.offset[w];
    if (at < 0 || (c + 1) * this.stride > this.rows.length) at = this.make(w, c, customers);
    at += c * this.stride;
    const rows = this.rows;
    const bit = 1 << (key & 31);
    const v = rows[at];
    if ((v & bit) !== 0) return false;
    rows[at] = v | bit;
    return true;
  }

  /** Adds word w to every row (the rows are re-laid with one more word) and/or grows them to hold customer c. */
  private make(w: number, c: number, customers: number): number {
    const old = this.rows;
    const oldStride = this.stride;
    const count = oldStride ? old.length / oldStride : 0;
    // ×1.25: rows grow with the customers seen, and slack is held for every word.
    const n = Math.max(count, c + 1 > count ? Math.max(c + 1, 1024, Math.ceil(count * 1.25), customers) : 0);
    if (this.offset[w] < 0) this.offset[w] = this.stride++;
    const stride = this.stride;
    const rows = new Int32Array(n * stride);
    if (stride === oldStride) rows.set(old);
    else for (let i = 0, from = 0, to = 0; i < count; ++i, from += oldStride, to += stride) rows.set(old.subarray(from, from + oldStride), to);
    this.rows = rows;
    return this.offset[w];
  }

  /** Bits of (dimension d, word) for customers 0 … n − 1 (zeros if the word was never needed). */
  column(d: number, word: number, n: number): Int32Array {
    const column = new Int32Array(n);
    const at = this.offset[d * WORDS + word];
    const count = this.stride ? this.rows.length / this.stride : 0;
    if (at >= 0) for (let i = 0; i < Math.min(n, count); ++i) column[i] = this.rows[i * this.stride + at];
    return column;
  }

  /**
   * Per dimension, base64 bit columns by word for the first n customers (a word never needed is
   * an empty column): the checkpoint format of engine state version 2, which kept columns.
   */
  toJSON(n: number): string[][] {
    const json: string[][] = [];
    for (let d = 0; d < this.dimensions; ++d) {
      let words = WORDS;
      while (words > 0 && this.offset[d * WORDS + words - 1] < 0) words--;
      json.push(Array.from({length: words}, (_, word) => (this.offset[d * WORDS + word] < 0 ? "" : base64(this.column(d, word, n)))));
    }
    return json;
  }

  static fromJSON(json: string[][], dimensions: number): CustomerMasks {
    const masks = new CustomerMasks(dimensions);
    const columns = json.map((words) => words.map(int32s));
    const n = Math.max(0, ...columns.flat().map((column) => column.length));
    columns.forEach((words, d) =>
      words.forEach((column, word) => {
        if (!column.length) return;
        const w = d * WORDS + word;
        masks.make(w, n - 1, n);
        const at = masks.offset[w];
        for (let i = 0; i < column.length; ++i) masks.rows[i * masks.stride + at] = column[i];
      })
    );
    return masks;
  }
}
