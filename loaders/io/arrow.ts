import {
  Bool,
  Field,
  Float64,
  Int32,
  List,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  TimestampMillisecond,
  Utf8,
  vectorFromArray,
  type DataType
} from "apache-arrow";

/**
 * Column types we write. Money is float64 in whole units (from exact integer cents);
 * counts are int32 or float64 (never int64: DuckDB-WASM would hand BigInt to Plot, which drops it).
 */
export type ColumnType = "utf8" | "float64" | "int32" | "bool" | "timestamp" | "utf8[]";

export interface ColumnSpec {
  type: ColumnType;
  /** One value per row; null for missing. Timestamps are epoch milliseconds. */
  values: ArrayLike<unknown>;
}

export type Columns = Record<string, ColumnSpec>;

/** Metadata every snapshot carries (stored as Arrow schema metadata, all values strings). */
export interface SnapshotMetadata {
  /** "batch" (engine replay over files), "live" (bridge snapshot) or another producer name. */
  source: string;
  /** Watermark or as-of time in epoch ms, or null when not applicable. */
  asOf: number | null;
  /** Input row counts by input name. */
  inputRows?: Record<string, number>;
  parameters?: Record<string, unknown>;
  generatedAt?: number;
  [key: string]: unknown;
}

function arrowType(type: ColumnType): DataType {
  switch (type) {
    case "utf8":
      return new Utf8();
    case "float64":
      return new Float64();
    case "int32":
      return new Int32();
    case "bool":
      return new Bool();
    case "timestamp":
      return new TimestampMillisecond();
    case "utf8[]":
      return new List(new Field("item", new Utf8(), true));
  }
}

export function metadataMap(meta: SnapshotMetadata): Map<string, string> {
  const {source, asOf, inputRows, parameters, generatedAt, ...rest} = meta;
  const map = new Map<string, string>([
    ["source", source],
    ["as_of", asOf === null ? "" : new Date(asOf).toISOString()],
    ["as_of_ms", asOf === null ? "" : String(asOf)],
    ["generated_at", new Date(generatedAt ?? Date.now()).toISOString()],
    ["input_rows", JSON.stringify(inputRows ?? {})],
    ["parameters", JSON.stringify(parameters ?? {})]
  ]);
  for (const [key, value] of Object.entries(rest)) map.set(key, typeof value === "string" ? value : JSON.stringify(value));
  return map;
}

/** Builds an Arrow table from columns of equal length, with schema metadata. */
export function makeTable(columns: Columns, meta: SnapshotMetadata): Table {
  const names = Object.keys(columns);
  const length = names.length ? columns[names[0]].values.length : 0;
  const fields: Field[] = [];
  const children = names.map((name) => {
    const {type, values} = columns[name];
    if (values.length !== length) throw new RangeError(`column ${name} has ${values.length} rows, expected ${length}`);
    const t = arrowType(type);
    fields.push(new Field(name, t, true));
    const array = type === "timestamp" ? Array.from(values as ArrayLike<number | null>) : Array.from(values);
    return vectorFromArray(array, t as any).data[0];
  });
  const schema = new Schema(fields, metadataMap(meta));
  const data = makeData({type: new Struct(fields), length, nullCount: 0, children});
  return new Table(schema, [new RecordBatch(schema, data)]);
}

/** Serializes to the Arrow IPC file format (what FileAttachment.arrow() and DuckDB read). */
export function toArrow(columns: Columns, meta: SnapshotMetadata): Uint8Array {
  return tableToIPC(makeTable(columns, meta), "file");
}

export function fromArrow(bytes: Uint8Array): Table {
  return tableFromIPC(bytes);
}

/** Reads a table's rows as plain objects (timestamps as epoch ms, lists as arrays). */
export function tableRows(table: Table): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const row of table) {
    const object: Record<string, unknown> = {};
    for (const field of table.schema.fields) {
      const value = (row as any)[field.name];
      object[field.name] = value != null && typeof value === "object" && typeof value.toArray === "function" ? Array.from(value.toArray()) : value;
    }
    rows.push(object);
  }
  return rows;
}
