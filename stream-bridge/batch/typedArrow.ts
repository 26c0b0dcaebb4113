import {Bool, Field, Float64, Int32, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, TimestampMillisecond, Utf8, type Data} from "apache-arrow";
import {metadataMap, type SnapshotMetadata} from "../../loaders/io/arrow.ts";

/**
 * Arrow IPC from typed arrays, zero-copy: the same column types and schema metadata as
 * loaders/io/arrow.ts toArrow (which goes through a JS array and a builder per value, too slow
 * and too big for millions of window rows). Plain arrays are copied into typed ones. No nulls:
 * batch columns never have any.
 */
export type TypedColumn =
  | {type: "float64"; values: ArrayLike<number>}
  | {type: "int32"; values: ArrayLike<number>}
  | {type: "timestamp"; values: ArrayLike<number>}
  | {type: "bool"; values: ArrayLike<boolean | number>}
  | {type: "utf8"; values: ArrayLike<string>}
  /** Strings by code: row i is names[codes[i]] (written as plain utf8, each name encoded once). */
  | {type: "utf8"; codes: ArrayLike<number>; names: readonly string[]};

export function typedArrow(columns: Record<string, TypedColumn>, meta: SnapshotMetadata): Uint8Array {
  const names = Object.keys(columns);
  const first = names.length ? columns[names[0]] : null;
  const length = first === null ? 0 : "values" in first ? first.values.length : first.codes.length;
  const fields: Field[] = [];
  const children: Data[] = [];
  for (const name of names) {
    const column = columns[name];
    const rows = "values" in column ? column.values.length : column.codes.length;
    if (rows !== length) throw new RangeError(`column ${name} has ${rows} rows, expected ${length}`);
    const [type, data] = encode(column, length);
    fields.push(new Field(name, type, true));
    children.push(data);
  }
  const schema = new Schema(fields, metadataMap(meta));
  const data = makeData({type: new Struct(fields), length, nullCount: 0, children});
  return tableToIPC(new Table(schema, [new RecordBatch(schema, data)]), "file");
}

function encode(column: TypedColumn, length: number): [Float64 | Int32 | TimestampMillisecond | Bool | Utf8, Data] {
  switch (column.type) {
    case "float64": {
      const data = column.values instanceof Float64Array ? column.values : Float64Array.from(column.values);
      return [new Float64(), makeData({type: new Float64(), length, nullCount: 0, data})];
    }
    case "int32": {
      const data = column.values instanceof Int32Array ? column.values : Int32Array.from(column.values);
      return [new Int32(), makeData({type: new Int32(), length, nullCount: 0, data})];
    }
    case "timestamp": {
      // int64 milliseconds, written as two int32 halves (no BigInt per value).
      const out = new BigInt64Array(length);
      const halves = new Int32Array(out.buffer);
      const values = column.values;
      // Window columns repeat each start for all of a window's rows: split a value once per run.
      let last = NaN;
      let lo = 0;
      let hi = 0;
      for (let i = 0; i < length; ++i) {
        const v = values[i];
        if (v !== last) {
          last = v;
          hi = Math.floor(v / 4294967296);
          lo = v - hi * 4294967296;
        }
        halves[2 * i] = lo;
        halves[2 * i + 1] = hi;
      }
      return [new TimestampMillisecond(), makeData({type: new TimestampMillisecond(), length, nullCount: 0, data: out})];
    }
    case "bool": {
      const bits = new Uint8Array((length + 7) >> 3);
      for (let i = 0; i < length; ++i) if (column.values[i]) bits[i >> 3] |= 1 << (i & 7);
      return [new Bool(), makeData({type: new Bool(), length, nullCount: 0, data: bits})];
    }
    case "utf8": {
      if (!("values" in column)) {
        // Every name's bytes in one pool (start and length by code): the row loops touch typed arrays only.
        const {codes, names} = column;
        const encoded = names.map((name) => Buffer.from(name, "utf8"));
        const start = new Int32Array(names.length);
        const size = new Int32Array(names.length);
        const pool = new Uint8Array(encoded.reduce((sum, b) => sum + b.length, 0));
        encoded.forEach((b, k) => {
          start[k] = k ? start[k - 1] + size[k - 1] : 0;
          size[k] = b.length;
          pool.set(b, start[k]);
        });
        const offsets = new Int32Array(length + 1);
        let total = 0;
        for (let i = 0; i < length; ++i) offsets[i + 1] = total += size[codes[i]];
        const data = new Uint8Array(total);
        for (let i = 0, at = 0; i < length; ++i) {
          const code = codes[i];
          const n = size[code];
          if (n <= 16) for (let j = 0, from = start[code]; j < n; ++j) data[at++] = pool[from + j];
          else {
            data.set(encoded[code], at);
            at += n;
          }
        }
        return [new Utf8(), makeData({type: new Utf8(), length, nullCount: 0, valueOffsets: offsets, data})];
      }
      // Keys repeat a lot: encode each distinct string once.
      // Keys repeat a lot, and in runs (a window's rows by dimension): encode each distinct string
      // once and skip the lookup while the string stays the same.
      const encoded = new Map<string, Buffer>();
      const offsets = new Int32Array(length + 1);
      const rows: Buffer[] = new Array(length);
      let total = 0;
      let last: string | null = null;
      let lastBytes: Buffer | undefined;
      for (let i = 0; i < length; ++i) {
        const text = column.values[i];
        if (text !== last) {
          last = text;
          lastBytes = encoded.get(text);
          if (lastBytes === undefined) encoded.set(text, (lastBytes = Buffer.from(text, "utf8")));
        }
        rows[i] = lastBytes!;
        total += lastBytes!.length;
        offsets[i + 1] = total;
      }
      const data = new Uint8Array(total);
      for (let i = 0; i < length; ++i) {
        const bytes = rows[i];
        // Most keys are a few bytes: a byte loop beats set()'s per-call cost.
        if (bytes.length <= 16) for (let j = 0, at = offsets[i]; j < bytes.length; ++j) data[at + j] = bytes[j];
        else data.set(bytes, offsets[i]);
      }
      return [new Utf8(), makeData({type: new Utf8(), length, nullCount: 0, valueOffsets: offsets, data})];
    }
  }
}
