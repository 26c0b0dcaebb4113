import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ColumnEncoder, type EventColumns} from "../../../stream-bridge/batch/eventColumns.ts";
import {readColumns} from "../../../stream-bridge/batch/readColumns.ts";
import type {SourceKind} from "../../../stream-bridge/events.ts";
import {readDimensions} from "../../../stream-bridge/ingest/dimensions.ts";
import {normalizeMapping, type Mapping} from "../../../stream-bridge/ingest/mapping.ts";
import {readSource, type ReadOptions} from "../../../stream-bridge/ingest/source.ts";
import {generate} from "./oracle.ts";

/**
 * The batch column path (readColumns: the reader writes rows straight into columns, ids hashed from
 * the bytes) must give exactly the columns of the object path the live bridge uses (readSource's
 * SourceRecords through ColumnEncoder.add): same events, rejects (line, reason, raw, detail),
 * dictionaries and chunk boundaries, on dirty data and on mapped files with every awkward shape.
 */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pulse-readcolumns-"));
  generate(dir, "--dirty");
  const lines = readFileSync(join(dir, "transactions.csv"), "latin1").split("\n");
  // Mapped copies of the dirty transactions (lines that are not 9 plain fields are kept as they are).
  const mapped = ["\ufeffSold At;Receipt No;Shop;SKU;Total;Qty;Client;Tender"];
  const dateOnly = ["date,item,qty,price,discount,customer"];
  let n = 0;
  for (const line of lines.slice(1)) {
    const f = line.split(",");
    if (line === "" || line.includes('"') || f.length !== 9) {
      mapped.push(line);
      dateOnly.push(line);
      continue;
    }
    const [tx, ts, store, product, customer, quantity, price, discount, payment] = f;
    const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z$/.exec(ts);
    const when = m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}:${m[6]}` : ts;
    const total = (Number(quantity) * Number(price) - Number(discount)).toFixed(2).replace(".", ",");
    ++n;
    const client = n % 37 === 0 ? `"Zoë;${customer}"` : n % 41 === 0 ? `"C""${customer}"` : n % 43 === 0 ? `"${customer}\n2nd line"` : n % 47 === 0 ? ` ${customer} ` : customer;
    const receipt = n % 31 === 0 ? `Tö${tx}` : n % 29 === 0 ? `"${tx};b"` : tx;
    mapped.push([when, receipt, store, product, n % 53 === 0 ? "" : total, quantity, client, n % 7 === 0 ? "" : payment].join(";") + (n % 5 === 0 ? "\r" : ""));
    dateOnly.push([m ? `${m[1]}-${m[2]}-${m[3]}` : ts, product, quantity, price, discount, n % 11 === 0 ? "Ünïcode" : customer].join(","));
  }
  // Non-ASCII text is written as UTF-8; the dirty lines keep their bytes (invalid UTF-8 included).
  const bytes = (rows: string[]) => Buffer.concat(rows.map((row, i) => Buffer.concat([Buffer.from(row, /[^\x00-\xff]|Zoë|Tö|Ünïcode/.test(row) ? "utf8" : "latin1"), Buffer.from(i < rows.length - 1 ? "\n" : "")])));
  writeFileSync(join(dir, "mapped.csv"), bytes(mapped));
  writeFileSync(join(dir, "dateonly.csv"), bytes(dateOnly));
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

async function objectPath(path: string, kind: SourceKind, options: ReadOptions, chunkSize: number): Promise<EventColumns[]> {
  const encoder = new ColumnEncoder(0, chunkSize);
  const chunks: EventColumns[] = [];
  for await (const batch of readSource(path, kind, options)) {
    for (const record of batch.records) {
      encoder.add(record);
      if (encoder.full) chunks.push(encoder.take());
    }
  }
  if (encoder.length) chunks.push(encoder.take());
  return chunks;
}

async function columnPath(path: string, kind: SourceKind, options: ReadOptions, chunkSize: number): Promise<EventColumns[]> {
  const chunks: EventColumns[] = [];
  for await (const chunk of readColumns(path, kind, options, 0, chunkSize)) chunks.push(chunk);
  return chunks;
}

async function expectSame(path: string, kind: SourceKind, options: ReadOptions, chunkSize = 333): Promise<EventColumns[]> {
  const want = await objectPath(path, kind, options, chunkSize);
  const got = await columnPath(path, kind, options, chunkSize);
  expect(got.length).toBe(want.length);
  for (let k = 0; k < want.length; ++k) {
    const {rejects, newStores, newProducts, newPayments, newStoreRegions, newProductCategories, source, length, ...columns} = want[k];
    const other = got[k];
    expect({rejects, newStores, newProducts, newPayments, newStoreRegions, newProductCategories, source, length}).toEqual({
      rejects: other.rejects,
      newStores: other.newStores,
      newProducts: other.newProducts,
      newPayments: other.newPayments,
      newStoreRegions: other.newStoreRegions,
      newProductCategories: other.newProductCategories,
      source: other.source,
      length: other.length
    });
    for (const [name, column] of Object.entries(columns)) {
      const other = got[k][name as keyof typeof columns];
      // Typed arrays compared as bytes (toEqual on 10^4-element arrays is slow); the first difference is named.
      const same = Buffer.from(column.buffer, column.byteOffset, column.byteLength).equals(Buffer.from(other.buffer, other.byteOffset, other.byteLength));
      if (!same) expect(`${name}[${other.findIndex((v: number, i: number) => v !== column[i])}] of chunk ${k}`).toBe("no difference");
    }
  }
  return got;
}

const reasons = (chunks: EventColumns[]) => new Set(chunks.flatMap((c) => c.rejects.map((r) => r.reason)));
const count = (chunks: EventColumns[], kind: number) => chunks.reduce((n, c) => n + c.kind.filter((k) => k === kind).length, 0);

describe("readColumns", () => {
  it("equals the object path on dirty transactions, refunds and inventory, with store and product files", async () => {
    const dims = await readDimensions({stores: join(dir, "store_locations.csv"), products: join(dir, "product_catalog.csv")});
    const options = {stores: dims.stores, products: dims.products};
    const sales = await expectSame(join(dir, "transactions.csv"), "transactions", options);
    expect(count(sales, 1)).toBeGreaterThan(15_000);
    expect([...reasons(sales)]).toEqual(expect.arrayContaining(["duplicate_line", "encoding_error", "bad_csv", "bad_timestamp", "unknown_store", "missing_field"]));
    expect(count(await expectSame(join(dir, "refunds.csv"), "refunds", options), 2)).toBeGreaterThan(0);
    expect(count(await expectSame(join(dir, "inventory.csv"), "inventory", options, 50), 3)).toBeGreaterThan(0);
    // Without dimension files, and with one chunk for the whole file.
    await expectSame(join(dir, "transactions.csv"), "transactions", {}, 1 << 20);
  });

  it("equals the object path on mapped files: BOM, CRLF, semicolons, quoted and non-ASCII ids, local times, amounts with a decimal comma, defaults", async () => {
    const mapping: Mapping = normalizeMapping({
      transactions: {
        delimiter: ";",
        timezone: "Europe/Paris",
        timestamp: {column: "Sold At", format: "DD/MM/YYYY HH:mm:ss"},
        transaction_id: "Receipt No",
        amount: {column: "Total", decimal: ","},
        payment_method: {column: "Tender", default: "cash"},
        customer_id: "Client"
      }
    });
    const chunks = await expectSame(join(dir, "mapped.csv"), "transactions", {mapping});
    expect(count(chunks, 1)).toBeGreaterThan(15_000);
    expect(chunks.flatMap((c) => c.newPayments)).toContain("cash");
  });

  it("equals the object path on date-only timestamps, a default store, no transaction id column (ids from the line) and amounts from quantity × price − discount", async () => {
    const mapping = normalizeMapping({transactions: {store_id: {default: "S02"}, timestamp: "date"}});
    const chunks = await expectSame(join(dir, "dateonly.csv"), "transactions", {mapping, dedupeWindow: 0});
    expect(count(chunks, 1)).toBeGreaterThan(15_000);
  });
});
