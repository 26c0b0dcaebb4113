/**
 * Why a file that is not CSV text cannot be read, from its first bytes: UTF-16 (a byte-order mark
 * either way), gzip, a zip archive (an .xlsx workbook is one), Parquet or Arrow. null for anything
 * else, which the CSV reader then judges row by row. One sentence with the fix, for
 * "<file>: <reason>".
 */
export function notText(bytes: Uint8Array, length = bytes.length): string | null {
  const starts = (...magic: number[]) => length >= magic.length && magic.every((b, k) => bytes[k] === b);
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return "UTF-16 text is not supported; save the file as UTF-8";
  if (starts(0x1f, 0x8b)) return "a gzip file, not CSV text; decompress it first (gunzip)";
  if (starts(0x50, 0x4b, 0x03, 0x04)) return "a zip archive (an Excel .xlsx workbook?), not CSV text; export the sheet as CSV (UTF-8)";
  if (starts(0x50, 0x41, 0x52, 0x31)) return "a Parquet file, not CSV text";
  if (starts(0x41, 0x52, 0x52, 0x4f, 0x57, 0x31)) return "an Arrow file, not CSV text";
  return null;
}
