import {readFile as readBytes} from "node:fs/promises";
import {basename} from "node:path";
import {isUtf8} from "node:buffer";
import {parseCents} from "../../lib/money.ts";
import {PulseError} from "../../lib/errors.ts";
import type {Product, Reject, Store} from "../events.ts";
import {CsvRecord, nextLine, Scan, scanRecord, sniffDelimiter} from "./csv.ts";
import {resolveFields, type InputKind, type Mapping} from "./mapping.ts";
import {headerNames, makeReject, recordText} from "./rows.ts";
import {notText} from "./notText.ts";
import {decoderFor} from "./decoderFor.ts";

export interface Dimensions {
  stores?: Map<string, Store>;
  products?: Map<string, Product>;
  /** Rows of the dimension files that were unusable (no id, duplicate id, bad CSV). */
  rejects: Reject[];
}

/**
 * Reads the store and product files (small: read whole). A row without an id, or repeating an
 * id already read, is rejected; the first row of an id wins.
 */
export async function readDimensions(paths: {stores?: string; products?: string}, options: {mapping?: Mapping} = {}): Promise<Dimensions> {
  const result: Dimensions = {rejects: []};
  if (paths.stores) {
    result.stores = new Map();
    for (const row of await readTable(paths.stores, "stores", options.mapping, result.rejects)) {
      const store: Store = {storeId: row.store_id!, name: row.name ?? "", city: row.city || "unknown", region: row.region || "unknown"};
      if (row.size_sqft) store.sizeSqft = Number(row.size_sqft);
      if (row.opened) store.opened = row.opened;
      add(result.stores, store.storeId, store, row);
    }
  }
  if (paths.products) {
    result.products = new Map();
    for (const row of await readTable(paths.products, "products", options.mapping, result.rejects)) {
      const product: Product = {
        productId: row.product_id!,
        name: row.name ?? "",
        category: row.category || "unknown",
        subCategory: row.sub_category || "unknown",
        brand: row.brand || "unknown"
      };
      if (row.base_price) product.basePrice = parseCents(row.base_price);
      if (row.starting_stock) product.startingStock = Number(row.starting_stock);
      if (row.lead_time_days) product.leadTimeDays = Number(row.lead_time_days);
      add(result.products, product.productId, product, row);
    }
  }
  return result;

  function add<T>(map: Map<string, T>, id: string, value: T, row: TableRow): void {
    if (map.has(id)) result.rejects.push(makeReject(row.$source, row.$line, "duplicate_line", row.$raw, `id ${JSON.stringify(id)} already defined`));
    else map.set(id, value);
  }
}

type TableRow = Record<string, string | undefined> & {$source: string; $line: number; $raw: string};

async function readTable(path: string, kind: InputKind, mapping: Mapping | undefined, rejects: Reject[]): Promise<TableRow[]> {
  const source = basename(path);
  let buf: Buffer;
  try {
    buf = await readBytes(path);
  } catch (error) {
    throw new PulseError("E_IO", `cannot read ${kind} file ${path}: ${(error as Error).message}`);
  }
  const binary = notText(buf);
  if (binary !== null) throw new PulseError("E_BAD_INPUT", `${source}: ${binary}`);
  let pos = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const section = mapping?.[kind];
  const decode = decoderFor(section?.encoding);
  const utf8 = (section?.encoding ?? "utf-8") === "utf-8";
  const delimiter = section?.delimiter ? section.delimiter.charCodeAt(0) : sniffDelimiter(buf, pos, buf.length);
  const rec = new CsvRecord();
  let line = 1;
  let header: string[] | null = null;
  let fields: [string, number, string | number | undefined][] = [];
  const rows: TableRow[] = [];
  while (pos < buf.length) {
    const status = scanRecord(buf, pos, buf.length, true, delimiter, rec);
    if (status === Scan.Blank) {
      line += rec.newlines;
      pos = rec.next;
      continue;
    }
    if (status === Scan.Error) {
      const next = nextLine(buf, pos, buf.length);
      if (!header) throw new PulseError("E_BAD_INPUT", `${source}: malformed header line (${rec.errorDetail})`);
      rejects.push(makeReject(source, line, "bad_csv", recordText(buf, pos, next, decode).replace(/[\r\n]+$/, ""), rec.errorDetail));
      line += 1;
      pos = next;
      continue;
    }
    const raw = () => recordText(buf, rec.start, rec.end, decode);
    if (!header) {
      header = headerNames(buf, rec, decode);
      const resolved = resolveFields(kind, header, section, source);
      const id = kind === "stores" ? "store_id" : "product_id";
      if (resolved.get(id)!.index < 0) throw new PulseError("E_BAD_INPUT", `${source}: no ${id} column (header: ${header.join(", ")}); map one with --mapping`);
      fields = [...resolved.values()].map((field) => [field.name, field.index, field.spec.default]);
    } else if (!rec.ascii && utf8 && !isUtf8(buf.subarray(rec.start, rec.end))) {
      rejects.push(makeReject(source, line, "encoding_error", raw(), "invalid UTF-8"));
    } else if (rec.count !== header.length) {
      rejects.push(makeReject(source, line, rec.count < header.length ? "missing_field" : "extra_field", raw(), `${rec.count} fields, header has ${header.length}`));
    } else {
      const row = {$source: source, $line: line, $raw: ""} as TableRow;
      for (const [name, index, fallback] of fields) {
        let value: string | undefined = fallback === undefined ? undefined : String(fallback);
        if (index >= 0) {
          const text = decode(buf, rec.starts[index], rec.ends[index]).trim();
          if (text !== "") value = rec.quoted[index] === 2 ? text.replaceAll('""', '"') : text;
        }
        row[name] = value;
      }
      const id = kind === "stores" ? row.store_id : row.product_id;
      if (!id) rejects.push(makeReject(source, line, "missing_field", raw(), `${kind === "stores" ? "store_id" : "product_id"} is empty`));
      else {
        row.$raw = raw();
        rows.push(row);
      }
    }
    line += rec.newlines;
    pos = rec.next;
  }
  if (!header) throw new PulseError("E_BAD_INPUT", `${source}: empty file (no header line)`);
  return rows;
}
