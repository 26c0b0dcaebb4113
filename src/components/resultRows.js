import {DataType, util} from "npm:apache-arrow";

/**
 * A DuckDB-WASM result (an Arrow table) as plain rows Plot and Inputs can use: BIGINT/HUGEINT
 * (BigInt) and DECIMAL (Arrow big numbers) become numbers, timestamps Dates. Plot silently drops
 * BigInt and Decimal values, which is why every sum on these pages is cast to DOUBLE; a query
 * typed in the explorer may not be, so this converts (a value beyond 2^53 loses precision).
 * @param {import("apache-arrow").Table} table
 * @returns {{columns: {name: string, kind: "number"|"date"|"string"|"boolean"|"other", type: string}[], rows: object[]}}
 */
export function resultRows(table) {
  const columns = table.schema.fields.map((field) => ({name: field.name, kind: kindOf(field.type), type: String(field.type)}));
  const vectors = table.schema.fields.map((field) => table.getChild(field.name));
  const rows = new Array(table.numRows);
  for (let i = 0; i < table.numRows; ++i) {
    const row = {};
    for (let j = 0; j < columns.length; ++j) row[columns[j].name] = convert(vectors[j].get(i), table.schema.fields[j].type);
    rows[i] = row;
  }
  return {columns, rows};
}

function kindOf(type) {
  if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type)) return "number";
  if (DataType.isTimestamp(type) || DataType.isDate(type)) return "date";
  if (DataType.isUtf8(type) || DataType.isDictionary(type)) return "string";
  if (DataType.isBool(type)) return "boolean";
  return "other";
}

function convert(value, type) {
  if (value == null) return null;
  if (typeof value === "bigint") return Number(value);
  if (DataType.isDecimal(type)) return util.bigNumToNumber(value, type.scale);
  if ((DataType.isTimestamp(type) || DataType.isDate(type)) && !(value instanceof Date)) return new Date(Number(value));
  if (typeof value === "object" && typeof value.toJSON === "function") return value.toJSON();
  if (typeof value === "object" && typeof value.toArray === "function") return Array.from(value.toArray());
  return value;
}
