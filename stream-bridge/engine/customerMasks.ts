import {base64, int32s} from "./hash64.ts";

/** Keys per dimension that get a bit (0 … MASK_KEYS − 1): 8 words of 32 bits. */
export const MASK_KEYS = 256;
const WORDS = MASK_KEYS >>> 5;
/** Customers per block of rows (2^16). */
const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;

/**
 * The running totals' distinct customers of small keys: one bit per (customer, dimension, key),
 * stored as one row per dense customer index. A row holds only the (dimension, word) pairs some
 * key has needed so far (`offset`), so with 10 stores, 4 regions and 200 products a customer costs
 * 11 words. Rows rather than a column per word: the words a line touches (its store, region,
 * category, product and payment bits) sit in one or two cache lines instead of five columns of
 * millions of entries, which was a cache miss each (the engine's biggest cost per line). Rows come
 * in blocks of 65,536 customers: more customers add a block instead of copying every row into a
 * bigger array (which would hold old and new at once, ~2× this structure at its peak). A (dimension,
 * word) needed for the first time re-lays every block with one more word, old and new side by side
 * until the old ones are collected: rare, and early (keys of a dimension appear in the first minutes).
 */
export class CustomerMasks {
  readonly blocks: Int32Array[] = [];
  /** Words per row. */
  stride = 0;
  /** (dimension * WORDS + word) → the word's position in a row, -1 until a key needs it. */
  readonly offset: Int32Array;

  constructor(readonly dimensions: number) {
    this.offset = new Int32Array(dimensions * WORDS).fill(-1);
  }

  /** Sets the bit of (dimension d, key < MASK_KEYS) in customer c's row; true when it was clear. */
  add(d: number, key: number, c: number): boolean {
    const w = d * WORDS + (key >>> 5);
    let at = this.offset[w];
    const b = c >>> BLOCK_BITS;
    if (at < 0 || b >= this.blocks.length) at = this.make(w, b);
    const rows = this.blocks[b];
    at += (c & (BLOCK - 1)) * this.stride;
    const bit = 1 << (key & 31);
    const v = rows[at];
    if ((v & bit) !== 0) return false;
    rows[at] = v | bit;
    return true;
  }

  /** Adds word w to every row (the blocks are re-laid with one more word) and/or blocks up to block b. */
  private make(w: number, b: number): number {
    if (this.offset[w] < 0) {
      const old = this.stride;
      this.offset[w] = this.stride++;
      const stride = this.stride;
      for (let k = 0; k < this.blocks.length; ++k) {
        const from = this.blocks[k];
        const rows = new Int32Array(BLOCK * stride);
        for (let i = 0, p = 0, q = 0; i < BLOCK; ++i, p += old, q += stride) for (let j = 0; j < old; ++j) rows[q + j] = from[p + j];
        this.blocks[k] = rows;
      }
    }
    while (this.blocks.length <= b) this.blocks.push(new Int32Array(BLOCK * this.stride));
    return this.offset[w];
  }

  /** Bits of (dimension d, word) for customers 0 … n − 1 (zeros if the word was never needed). */
  column(d: number, word: number, n: number): Int32Array {
    const column = new Int32Array(n);
    const at = this.offset[d * WORDS + word];
    if (at >= 0) {
      for (let i = 0; i < Math.min(n, this.blocks.length * BLOCK); ++i) column[i] = this.blocks[i >>> BLOCK_BITS][(i & (BLOCK - 1)) * this.stride + at];
    }
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
    json.forEach((words, d) =>
      words.forEach((text, word) => {
        const column = int32s(text);
        if (!column.length) return;
        const w = d * WORDS + word;
        const at = masks.make(w, (column.length - 1) >>> BLOCK_BITS);
        for (let i = 0; i < column.length; ++i) masks.blocks[i >>> BLOCK_BITS][(i & (BLOCK - 1)) * masks.stride + at] = column[i];
      })
    );
    return masks;
  }
}
