/**
 * The (dimension, key) groups of one window, or of the running totals, in flat typed arrays:
 * no object per group, so millions of short-lived groups cost the garbage collector nothing,
 * and a final window's table is reset and reused by the next window.
 */

/** Measures per group, in this order at slot * NM. */
export const NM = 7;
export const REVENUE = 0;
/** Units are stored in millionths of a unit (× UNIT_SCALE), so fractional quantities sum exactly. */
export const UNITS = 1;
export const UNIT_SCALE = 1_000_000;
export const LINES = 2;
export const TRANSACTIONS = 3;
export const CUSTOMERS = 4;
export const REFUND_AMOUNT = 5;
export const REFUND_COUNT = 6;

export class GroupTable {
  /** Per dimension: key id → slot + 1 (0: no group yet). */
  index: Int32Array[];
  m: Float64Array;
  dim: Uint8Array;
  key: Int32Array;
  private dirtyFlag: Uint8Array;
  dirtyList: Int32Array;
  dirtyCount = 0;
  size = 0;

  constructor(dimensions: number, slots = 64) {
    this.index = Array.from({length: dimensions}, () => new Int32Array(16));
    this.m = new Float64Array(slots * NM);
    this.dim = new Uint8Array(slots);
    this.key = new Int32Array(slots);
    this.dirtyFlag = new Uint8Array(slots);
    this.dirtyList = new Int32Array(slots);
  }

  /** Slot of the (dimension, key) group, created empty when missing. */
  slot(d: number, k: number): number {
    let index = this.index[d];
    if (k >= index.length) {
      const bigger = new Int32Array(Math.max(k + 1, index.length * 2));
      bigger.set(index);
      index = this.index[d] = bigger;
    }
    let s = index[k] - 1;
    if (s < 0) {
      s = this.size++;
      if (s === this.dim.length) this.grow();
      this.dim[s] = d;
      this.key[s] = k;
      index[k] = s + 1;
    }
    return s;
  }

  /** Marks a slot changed since the last drain of the dirty list. */
  touch(s: number): void {
    if (this.dirtyFlag[s] === 0) {
      this.dirtyFlag[s] = 1;
      this.dirtyList[this.dirtyCount++] = s;
    }
  }

  clearDirty(): void {
    for (let i = 0; i < this.dirtyCount; ++i) this.dirtyFlag[this.dirtyList[i]] = 0;
    this.dirtyCount = 0;
  }

  /** Empties the table, keeping its capacity. */
  reset(): void {
    for (const index of this.index) index.fill(0);
    this.m.fill(0, 0, this.size * NM);
    this.clearDirty();
    this.size = 0;
  }

  private grow(): void {
    const n = this.dim.length * 2;
    const m = new Float64Array(n * NM);
    m.set(this.m);
    this.m = m;
    const dim = new Uint8Array(n);
    dim.set(this.dim);
    this.dim = dim;
    const key = new Int32Array(n);
    key.set(this.key);
    this.key = key;
    const dirtyFlag = new Uint8Array(n);
    dirtyFlag.set(this.dirtyFlag);
    this.dirtyFlag = dirtyFlag;
    const dirtyList = new Int32Array(n);
    dirtyList.set(this.dirtyList);
    this.dirtyList = dirtyList;
  }

  toJSON(): {size: number; m: number[]; dim: number[]; key: number[]} {
    return {size: this.size, m: Array.from(this.m.subarray(0, this.size * NM)), dim: Array.from(this.dim.subarray(0, this.size)), key: Array.from(this.key.subarray(0, this.size))};
  }

  static fromJSON(json: {size: number; m: number[]; dim: number[]; key: number[]}, dimensions: number): GroupTable {
    const table = new GroupTable(dimensions, Math.max(64, json.size));
    for (let s = 0; s < json.size; ++s) {
      const slot = table.slot(json.dim[s], json.key[s]);
      for (let j = 0; j < NM; ++j) table.m[slot * NM + j] = json.m[s * NM + j];
    }
    return table;
  }
}
