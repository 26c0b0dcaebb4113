import {open} from "node:fs/promises";
import {basename} from "node:path";
import type {SourceKind} from "../events.ts";
import {CsvRecord, Scan, scanRecord, sniffDelimiter} from "./csv.ts";
import {normalizeName, resolveFields, type Mapping} from "./mapping.ts";
import {headerNames} from "./rows.ts";
import {notText} from "./notText.ts";
import {decoderFor} from "./decoderFor.ts";

/** What an absent column of a sales, refund or inventory file becomes (docs/engine.md, "Absent columns"). */
const ABSENT: Partial<Record<SourceKind, Record<string, string>>> = {
  transactions: {
    transaction_id: "each row its own transaction",
    store_id: 'store "unknown"',
    product_id: 'product "unknown"',
    quantity: "1 a line",
    discount: "0",
    payment_method: 'payment "unknown"',
    customer_id: "guests"
  },
  refunds: {refund_id: "one a row", store_id: 'store "unknown"', product_id: 'product "unknown"', reason: "none"}
};

/** Bytes read for the header. */
const HEADER_BYTES = 1 << 20;

/**
 * One line saying how a file's columns were read, when that is not plain: the columns taken by a
 * synonym or the mapping ("Qty → quantity"), and the fields with no column and the value they take
 * instead ("discount: none, 0"). A file with the canonical header gives null: nothing to say. A field
 * matched by the wrong synonym, or one left at its default, changes every total without a reject, so
 * the commands print this before they run. Null too when the header cannot be read (the run itself
 * then fails with the reason); a mapped column the header lacks throws E_BAD_INPUT naming it.
 */
export async function columnReport(path: string, kind: SourceKind, mapping?: Mapping): Promise<string | null> {
  let bytes: Buffer;
  try {
    const handle = await open(path, "r");
    try {
      const buf = Buffer.alloc(HEADER_BYTES);
      const {bytesRead} = await handle.read(buf, 0, HEADER_BYTES, 0);
      bytes = buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
  // Not CSV text (UTF-16, gzip, …): the reader refuses the file with its own message; a report read from its bytes would be nonsense.
  if (notText(bytes) !== null) return null;
  const pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const section = mapping?.[kind];
  const delimiter = section?.delimiter ? section.delimiter.charCodeAt(0) : sniffDelimiter(bytes, pos, bytes.length);
  const rec = new CsvRecord();
  if (scanRecord(bytes, pos, bytes.length, bytes.length < HEADER_BYTES, delimiter, rec) !== Scan.Record) return null;
  const header = headerNames(bytes, rec, decoderFor(section?.encoding));
  const fields = resolveFields(kind, header, section, basename(path));
  const read: string[] = [];
  const absent: string[] = [];
  for (const field of fields.values()) {
    if (field.index >= 0) {
      const time = field.timeIndex >= 0 ? ` + ${header[field.timeIndex]}` : "";
      if ((field.column !== null && normalizeName(field.column) !== field.name) || time) read.push(`${field.column}${time} → ${field.name}`);
    } else if (field.spec.default !== undefined) absent.push(`${field.name}: ${JSON.stringify(String(field.spec.default))} (mapping default)`);
    else if (ABSENT[kind]?.[field.name]) absent.push(`${field.name}: none, ${ABSENT[kind]![field.name]}`);
  }
  if (kind === "transactions" && fields.get("amount")!.index < 0 && fields.get("unit_price")!.index >= 0) {
    if (read.length || absent.length) absent.push("amount: quantity × unit_price − discount");
  }
  // A region (category) column is a store's (product's), decided by its first sale (rows.ts): without a
  // store (product) column every row is store "unknown", so the column cannot be read. Say so, with the fix.
  if (kind === "transactions") {
    for (const [attribute, owner] of [["region", "store_id"], ["category", "product_id"]] as const) {
      const column = fields.get(attribute)!;
      if (column.index >= 0 && fields.get(owner)!.index < 0) {
        absent.push(`${attribute}: ${column.column} not read without a ${owner} column (a ${owner.slice(0, -3)}'s ${attribute} is its first sale's; map ${owner}, e.g. to a city or name column)`);
      }
    }
  }
  if (!read.length && !absent.length) return null;
  return `${basename(path)}: columns ${[...read, ...absent].join("; ")}`;
}
