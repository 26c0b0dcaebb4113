import {beforeAll, describe, expect, it} from "vitest";
import type {ManifestEntry} from "../../generator/dirty.ts";
import {generateInMemory, readCsv, type CsvRecord, type Files} from "./memorySinks.ts";

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
const MONEY = /^\d+\.\d{2}$/;
const REASONS = new Set(["defective", "wrong_item", "not_as_described", "changed_mind", "damaged_shipping"]);
const PAYMENTS = new Set(["card", "cash", "mobile_wallet", "gift_card", "store_credit"]);
const utf8 = new TextDecoder("utf-8", {fatal: true});

function validTimestamp(text: string): boolean {
  if (!ISO.test(text)) return false;
  const date = new Date(text);
  // Date rolls 2026-02-30 over to March; a real date formats back to itself.
  return !Number.isNaN(date.getTime()) && date.toISOString() === `${text.slice(0, 19)}.000Z`;
}
const cents = (text: string) => Math.round(Number(text) * 100);

/**
 * The contract (docs/CONTRACTS.md) as a row checker, written from the contract and not from
 * the generator: returns why a record is malformed, or undefined for a good row.
 */
function validator(file: string, stores: Set<string>, products: Set<string>): (r: CsvRecord) => string | undefined {
  const seen = new Set<string>();
  return (r) => {
    if (r.broken) return "csv";
    try {
      utf8.decode(r.raw);
    } catch {
      return "utf8";
    }
    const f = r.fields;
    let key: string;
    if (file === "transactions.csv") {
      if (f.length !== 9) return "fields";
      const [id, ts, store, product, , quantity, price, discount, payment] = f;
      if (!id || !validTimestamp(ts) || !stores.has(store) || !products.has(product)) return "value";
      if (!/^[1-9]\d*$/.test(quantity) || !MONEY.test(price) || !MONEY.test(discount) || !PAYMENTS.has(payment)) return "value";
      if (Number(quantity) * cents(price) - cents(discount) <= 0) return "amount";
      key = `${id}|${product}`;
    } else if (file === "refunds.csv") {
      if (f.length !== 8) return "fields";
      const [id, original, product, store, , amount, reason, ts] = f;
      if (!id || !original || !validTimestamp(ts) || !stores.has(store) || !products.has(product)) return "value";
      if (!MONEY.test(amount) || cents(amount) <= 0 || !REASONS.has(reason)) return "value";
      key = id;
    } else {
      if (f.length !== 5) return "fields";
      const [ts, store, product, type, quantity] = f;
      if (!validTimestamp(ts) || !stores.has(store) || !products.has(product)) return "value";
      if (!/^\d+$/.test(quantity) || (type === "restock" ? Number(quantity) <= 0 : type !== "stock_count")) return "value";
      key = f.join(",");
    }
    if (seen.has(key)) return "duplicate";
    seen.add(key);
    return undefined;
  };
}

describe("generate --dirty", () => {
  let dirty: Files;
  let clean: Files;
  let manifest: ManifestEntry[];
  let valid: ManifestEntry[];

  beforeAll(async () => {
    ({files: dirty, manifest, valid} = await generateInMemory({seed: 5, transactions: 6000, days: 14, dirty: true}));
    ({files: clean} = await generateInMemory({seed: 5, transactions: 6000, days: 14}));
  });

  const files = {"transactions.csv": "transactions", "refunds.csv": "refunds", "inventory.csv": "inventory"} as const;

  it("lists exactly the malformed rows: every manifest line is rejected by the contract, every other row passes", () => {
    const stores = new Set(readCsv(clean.stores).slice(1).map((r) => r.fields[0]));
    const products = new Set(readCsv(clean.products).slice(1).map((r) => r.fields[0]));
    for (const [file, key] of Object.entries(files)) {
      const check = validator(file, stores, products);
      const rejected = readCsv(dirty[key]).slice(1).filter((r) => check(r) !== undefined).map((r) => r.line);
      const listed = manifest.filter((m) => m.file === file).map((m) => m.line);
      expect(listed.length, file).toBeGreaterThan(0);
      expect(rejected, file).toEqual(listed);
    }
  });

  it("injects every kind of malformed row into transactions", () => {
    const kinds = new Set(manifest.filter((m) => m.file === "transactions.csv").map((m) => m.kind));
    for (const kind of ["bad_number", "missing_field", "extra_field", "empty_field", "bad_timestamp", "nonpositive_quantity", "negative_price", "bad_discount", "unknown_store", "unknown_product", "duplicate", "stray_quote", "invalid_utf8"]) {
      expect(kinds, kind).toContain(kind);
    }
    expect(new Set(manifest.filter((m) => m.file === "refunds.csv").map((m) => m.kind))).toContain("unknown_reason");
    expect(new Set(manifest.filter((m) => m.file === "inventory.csv").map((m) => m.kind))).toContain("unknown_event_type");
  });

  it("keeps the real rows: dropping the manifest's rows and the extra valid rows gives back the clean file", () => {
    for (const [file, key] of Object.entries(files)) {
      const drop = new Set([...manifest, ...valid.filter((v) => ["quoted_comma", "embedded_newline", "escaped_quote"].includes(v.kind))].filter((m) => m.file === file).map((m) => m.line));
      const kept = readCsv(dirty[key]).filter((r) => !drop.has(r.line)).map((r) => r.fields);
      expect(kept, file).toEqual(readCsv(clean[key]).map((r) => r.fields));
    }
  });

  it("starts transactions and refunds with a BOM and ends their lines with CRLF, inventory stays LF", () => {
    for (const key of ["transactions", "refunds"] as const) {
      expect([...dirty[key].subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = dirty[key].toString("latin1");
      expect(text.split("\n").length - 1 - countQuotedNewlines(readCsv(dirty[key]))).toBe(text.split("\r\n").length - 1);
    }
    expect(dirty.inventory[0]).toBe("t".charCodeAt(0));
    expect(dirty.inventory.includes("\r")).toBe(false);
  });

  it("adds valid rows with quoted commas, embedded newlines and doubled quotes, at the lines listed", () => {
    const records = new Map(readCsv(dirty.transactions).map((r) => [r.line, r]));
    const byKind = (kind: string) => valid.filter((v) => v.file === "transactions.csv" && v.kind === kind).map((v) => records.get(v.line)!);
    expect(byKind("quoted_comma").every((r) => r.fields.length === 9 && r.fields[4].includes(","))).toBe(true);
    expect(byKind("embedded_newline").every((r) => r.fields.length === 9 && r.fields[4].includes("\n"))).toBe(true);
    expect(byKind("escaped_quote").every((r) => r.fields.length === 9 && r.fields[4].includes('"'))).toBe(true);
    expect(byKind("quoted_fields").every((r) => r.raw.toString().startsWith('"T'))).toBe(true);
    for (const kind of ["quoted_comma", "embedded_newline", "escaped_quote", "quoted_fields"]) expect(byKind(kind).length, kind).toBeGreaterThan(0);
    // A record after an embedded newline starts one line later than its position in the file.
    const multi = byKind("embedded_newline")[0];
    expect(records.has(multi.line + 2)).toBe(true);
    expect(records.has(multi.line + 1)).toBe(false);
  });
});

function countQuotedNewlines(records: CsvRecord[]): number {
  return records.reduce((n, r) => n + r.fields.reduce((m, f) => m + f.split("\n").length - 1, 0), 0);
}
