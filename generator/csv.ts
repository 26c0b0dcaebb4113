/** RFC 4180 quoting: only fields holding a comma, quote or line break are quoted; quotes are doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvRow(values: readonly (string | number)[]): string {
  return values.map((v) => csvField(String(v))).join(",");
}

/** Every field quoted, needed or not: valid CSV some exporters write. */
export function csvRowQuoted(values: readonly string[]): string {
  return values.map((v) => `"${v.replaceAll('"', '""')}"`).join(",");
}
