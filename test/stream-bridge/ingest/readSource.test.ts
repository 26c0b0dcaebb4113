import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {readFile} from "../../../stream-bridge/ingest/readFile.ts";
import {readSource, type ReadOptions} from "../../../stream-bridge/ingest/source.ts";
import type {SourceKind, SourceRecord} from "../../../stream-bridge/events.ts";

const dir = mkdtempSync(join(tmpdir(), "pulse-ingest-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
let n = 0;

function file(content: string | Buffer): string {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, content);
  return path;
}

const HEADER = "transaction_id,timestamp,store_id,product_id,customer_id,quantity,unit_price,discount,payment_method";

async function records(path: string, kind: SourceKind = "transactions", options: ReadOptions = {}): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const batch of readSource(path, kind, options)) out.push(...batch.records);
  return out;
}

describe("readSource", () => {
  it("turns each row into a sale with exact cents, the physical start line and the file name", async () => {
    const path = file(`${HEADER}\nT1,2026-10-01T08:00:50Z,S01,P1,C9,3,1.19,0.50,card\nT1,2026-10-01T08:00:50Z,S01,P2,,1,0.10,0.00,card\n`);
    const {events, rejects, rowsRead} = await readFile(path, "transactions");
    expect(rejects).toEqual([]);
    expect(rowsRead).toBe(2);
    expect(events).toEqual([
      {kind: "sale", source: path.split("/").pop(), line: 2, time: Date.UTC(2026, 9, 1, 8, 0, 50), transactionId: "T1", storeId: "S01", productId: "P1", customerId: "C9", quantity: 3, unitPrice: 119, discount: 50, amount: 307, payment: "card", category: null, region: null},
      {kind: "sale", source: path.split("/").pop(), line: 3, time: Date.UTC(2026, 9, 1, 8, 0, 50), transactionId: "T1", storeId: "S01", productId: "P2", customerId: null, quantity: 1, unitPrice: 10, discount: 0, amount: 10, payment: "card", category: null, region: null}
    ]);
  });

  it("survives a BOM, CRLF, blank lines, quoted commas, doubled quotes and newlines, with correct line numbers", async () => {
    const path = file(`\ufeff${HEADER}\r\n\r\n"T1","2026-10-01T08:00:00Z","S01","P1","Acme, Ltd","1","2.00","0.00","card"\r\nT2,2026-10-01T08:00:01Z,S01,P1,"The ""Corner""\r\nCafe",1,2.00,0.00,cash\r\nT3,2026-10-01T08:00:02Z,S01,P1,,1,2.00,0.00,cash`);
    const {events, rejects} = await readFile(path, "transactions");
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.transactionId, e.line, e.customerId])).toEqual([
      ["T1", 3, "Acme, Ltd"],
      ["T2", 4, 'The "Corner"\r\nCafe'],
      ["T3", 6, null]
    ]);
  });

  it("rejects each malformed row with its reason and raw text, and keeps going", async () => {
    const rows = [
      "T1,2026-10-01T08:00:00Z,S01,P1,C1,1,2.00,0.00,card", // 2 ok
      "T2,2026-10-01T08:00:00Z,S01,P1,C1,0,2.00,0.00,card", // 3 bad_quantity
      "T3,2026-10-01T08:00:00Z,S01,P1,C1,-2,2.00,0.00,card", // 4 bad_quantity
      "T4,2026-10-01T08:00:00Z,S01,P1,C1,two,2.00,0.00,card", // 5 bad_number
      "T5,2026-13-01T08:00:00Z,S01,P1,C1,1,2.00,0.00,card", // 6 bad_timestamp
      "T6,2026-10-01T08:00:00Z,,P1,C1,1,2.00,0.00,card", // 7 missing_field (empty store)
      "T7,2026-10-01T08:00:00Z,S01,P1,1,2.00,0.00,card", // 8 missing_field (8 fields)
      "T8,2026-10-01T08:00:00Z,S01,P1,C1,1,1,2.00,0.00,card", // 9 extra_field
      "T1,2026-10-01T08:00:00Z,S01,P1,C1,1,2.00,0.00,card", // 10 duplicate_line
      "T9,2026-10-01T08:00:00Z,S01,P1,C1,1,-2.00,0.00,card", // 11 bad_amount
      "T10,2026-10-01T08:00:00Z,S01,P1,C1,2,1.00,2.01,card", // 12 bad_amount (discount > gross)
      'T11,2026-10-01T08:00:00Z,"S01"x,P1,C1,1,2.00,0.00,card', // 13 bad_csv
      "T12,2026-10-01T08:00:00Z,S01,P1,C1,1,$4.99,0.00,card", // 14 bad_number
      "T13,2026-10-01T08:00:00Z,S01,P1,C1,1,2.00,0.00,card" // 15 ok
    ];
    const path = file(Buffer.concat([Buffer.from(`${HEADER}\n${rows.join("\n")}\n`), Buffer.from([0x54, 0x31, 0x34, 0x2c, 0xff, 0x0a]), Buffer.from("T15,2026-10-01T08:00:00Z,S01,P1,C1,1,2.00,0.00,card\n")]));
    const {events, rejects} = await readFile(path, "transactions");
    expect(events.map((e) => e.line)).toEqual([2, 15, 17]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [3, "bad_quantity"],
      [4, "bad_quantity"],
      [5, "bad_number"],
      [6, "bad_timestamp"],
      [7, "missing_field"],
      [8, "missing_field"],
      [9, "extra_field"],
      [10, "duplicate_line"],
      [11, "bad_amount"],
      [12, "bad_amount"],
      [13, "bad_csv"],
      [14, "bad_number"],
      [16, "encoding_error"]
    ]);
    expect(rejects[2]).toMatchObject({raw: rows[3], detail: 'quantity "two" is not a number'});
    expect(rejects[12].raw).toBe("T14,\ufffd");
  });

  it("rejects only the first line of an unterminated quote and resumes on the next line", async () => {
    const path = file(`${HEADER}\nT1,2026-10-01T08:00:00Z,S01,"P1,C1,1,2.00,0.00,card\nT2,2026-10-01T08:00:00Z,S01,P1,C1,1,2.00,0.00,card\n`);
    const {events, rejects} = await readFile(path, "transactions");
    expect(rejects.map((r) => [r.line, r.reason, r.detail])).toEqual([[2, "bad_csv", "unterminated quoted field"]]);
    expect(events.map((e) => [e.transactionId, e.line])).toEqual([["T2", 3]]);
    // A later quote "closes" it lines down: the detail still points at this line's open quote.
    const later = file(`${HEADER}\nT1,2026-10-01T08:00:00Z,S01,P1,C1,1,2.00,0.00,"card\nT2,2026-10-01T08:00:00Z,S01,P1,C1,1,2.00,0.00,card\nT3,2026-10-01T08:00:00Z,S01,P1,C1,1,2.00,0.00,"card"\n`);
    const read = await readFile(later, "transactions");
    expect(read.rejects.map((r) => [r.line, r.reason, r.detail])).toEqual([[2, "bad_csv", 'unterminated quote: field 9 opens a quote this line does not close (the next quote, 2 lines down, is followed by "c")']]);
    expect(read.events.map((e) => [e.transactionId, e.line])).toEqual([["T2", 3], ["T3", 4]]);
  });

  it("gives the same records whatever the chunk size (records split across reads)", async () => {
    const lines = [HEADER];
    for (let i = 0; i < 300; ++i) lines.push(`T${i},2026-10-01T08:${String(i % 60).padStart(2, "0")}:00Z,S0${i % 3},"P${i % 7}",${i % 5 ? `C${i}` : ""},${1 + (i % 4)},${i}.25,0.00,${i % 2 ? "card" : "cash"}`);
    const path = file(lines.join("\r\n") + "\r\n");
    const whole = await records(path);
    expect(whole).toHaveLength(300);
    for (const chunkBytes of [1, 7, 64, 1000]) expect(await records(path, "transactions", {chunkBytes})).toEqual(whole);
  });

  it("takes the same records through the quote-free fast path: CRLF, non-ASCII, a quote now and then, lone CRs", async () => {
    const lines = [HEADER];
    for (let i = 0; i < 400; ++i) {
      const customer = i % 50 === 7 ? `"Zoë, ""Z"""` : i % 9 === 0 ? `Zoë${i}` : `C${i}`;
      lines.push(`T${i},2026-10-01T08:${String(i % 60).padStart(2, "0")}:00Z,S0${i % 3},P${i % 7},${customer},${1 + (i % 4)},${i}.25,0.00,card`);
    }
    for (const eol of ["\n", "\r\n"]) {
      const path = file(lines.join(eol) + eol);
      const whole = await records(path, "transactions", {chunkBytes: 1 << 20});
      expect(whole).toHaveLength(400);
      expect(whole.every((r) => "kind" in r)).toBe(true);
      expect((whole[7] as {customerId: string}).customerId).toBe('Zoë, "Z"');
      expect((whole[9] as {customerId: string}).customerId).toBe("Zoë9");
      expect(whole.map((r) => r.line)).toEqual(Array.from({length: 400}, (_, i) => i + 2));
      for (const chunkBytes of [5, 33, 100, 4096]) expect(await records(path, "transactions", {chunkBytes})).toEqual(whole);
    }
    // A lone CR ends a record too, even among LF lines.
    const mixed = await records(file(`${HEADER}\n${lines[1]}\r${lines[2]}\n${lines[3]}\n`));
    expect(mixed.map((r) => [r.line, "kind" in r])).toEqual([
      [2, true],
      [3, true],
      [4, true]
    ]);
  });

  it("resumes from a record's end offset and next line (checkpoints)", async () => {
    const lines = [HEADER];
    for (let i = 0; i < 50; ++i) lines.push(`T${i},2026-10-01T08:00:${String(i).padStart(2, "0")}Z,S01,P1,"C\n${i}",1,1.00,0.00,card`);
    const path = file(lines.join("\n") + "\n");
    const all: SourceRecord[] = [];
    const ends: number[] = [];
    const nextLines: number[] = [];
    for await (const batch of readSource(path, "transactions", {chunkBytes: 100})) {
      all.push(...batch.records);
      ends.push(...batch.ends);
      nextLines.push(...batch.nextLines);
    }
    expect(all.map((r) => r.line)).toEqual(Array.from({length: 50}, (_, i) => 2 + 2 * i));
    const k = 20;
    const resumed = await records(path, "transactions", {start: {offset: ends[k], line: nextLines[k]}});
    expect(resumed).toEqual(all.slice(k + 1));
  });

  it("detects duplicates within the dedupe window only", async () => {
    const row = (i: number) => `T${i},2026-10-01T08:00:00Z,S01,P1,C1,1,1.00,0.00,card`;
    const path = file([HEADER, row(1), row(2), row(3), row(1), row(3)].join("\n"));
    const reasons = async (dedupeWindow: number) => (await records(path, "transactions", {dedupeWindow})).map((r) => ("reason" in r ? r.reason : "ok"));
    expect(await reasons(100)).toEqual(["ok", "ok", "ok", "duplicate_line", "duplicate_line"]);
    // Row 1 is 3 records back at its repeat: outside a window of 2; row 3 is 2 back: inside.
    expect(await reasons(2)).toEqual(["ok", "ok", "ok", "ok", "duplicate_line"]);
    expect(await reasons(0)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
  });

  it("rejects as duplicate_line exactly the records byte-identical to one of the last N, whatever the terminators, quoted newlines and read sizes", async () => {
    // Records as their raw bytes (terminator excluded) with the terminator written after each:
    // the reader's look-ahead hashes lines, so multi-line and CRLF records must still match exactly.
    const next = lcg(11);
    const pool: string[] = [];
    for (let i = 0; i < 40; ++i) {
      const customer = i % 7 === 0 ? `"C${i}\nsecond, line"` : i % 11 === 0 ? `"C""${i}"""` : `C${i % 13}`;
      pool.push(`T${i % 17},2026-10-01T08:00:${String(i % 60).padStart(2, "0")}Z,S01,P1,${customer},${(i % 5) - 1},1.00,0.00,card`);
    }
    const raws: string[] = [];
    let text = HEADER + "\n";
    for (let i = 0; i < 600; ++i) {
      const raw = pool[next() % pool.length];
      raws.push(raw);
      const eol = ["\n", "\r\n", "\n\n", "\r"][next() % 4];
      text += raw + eol;
    }
    const path = file(text);
    for (const dedupeWindow of [1, 3, 25, 100_000]) {
      const want = raws.map((raw, i) => raws.slice(Math.max(0, i - dedupeWindow), i).includes(raw));
      expect(want.filter(Boolean).length).toBeGreaterThan(dedupeWindow === 1 ? 3 : 30);
      for (const chunkBytes of [13, 97, 4096, 1 << 16]) {
        const got = (await records(path, "transactions", {dedupeWindow, chunkBytes})).map((r) => "reason" in r && r.reason === "duplicate_line");
        expect(got).toEqual(want);
      }
    }
  });

  it("reads each row's own time when consecutive timestamps differ in any one byte (the repeat cache compares whole words and the odd bytes)", async () => {
    const next = lcg(5);
    const stamps: string[] = [];
    const base = ["2026-10-01T08:00:06Z", "2026-10-01T08:00:06.5Z", "2026-10-01T08:00:06.125+02:00", "2026-10-01 08:00Z", "2026-10-01T08:00:06-0130"];
    for (let i = 0; i < 3000; ++i) {
      const prev = stamps.length ? stamps[stamps.length - 1] : base[0];
      const r = next() % 10;
      if (r < 3) stamps.push(prev); // a repeat
      else if (r < 4) stamps.push(base[next() % base.length]);
      else {
        // The previous stamp with one digit changed, anywhere (the first bytes too).
        const digits = [...prev].map((c, k) => (/\d/.test(c) ? k : -1)).filter((k) => k >= 0);
        const k = digits[next() % digits.length];
        const d = String((Number(prev[k]) + 1 + (next() % 2)) % 10);
        stamps.push(prev.slice(0, k) + d + prev.slice(k + 1));
      }
    }
    const path = file([HEADER, ...stamps.map((t, i) => `T${i},${t},S01,P1,C1,1,1.00,0.00,card`)].join("\n") + "\n");
    const got = (await records(path, "transactions", {dedupeWindow: 0, chunkBytes: 333})).map((r) => ("time" in r ? r.time : r.reason));
    // Date.parse is the oracle: NaN (a month 13, a minute 69…) must be a bad_timestamp reject; it
    // rolls a day past the month's end (Nov 31) over, which we reject too.
    const want = stamps.map((t) => {
      const ms = Date.parse(t.replace(" ", "T").replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
      const [y, mo, d] = t.slice(0, 10).split("-").map(Number);
      return Number.isNaN(ms) || new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d ? "bad_timestamp" : ms;
    });
    expect(want.filter((w) => w === "bad_timestamp").length).toBeGreaterThan(10);
    expect(got).toEqual(want);
  });

  it("rejects unknown stores and products only when dimension tables are given", async () => {
    const path = file(`${HEADER}\nT1,2026-10-01T08:00:00Z,S01,P1,C1,1,1.00,0.00,card\nT2,2026-10-01T08:00:00Z,S99,P1,C1,1,1.00,0.00,card\nT3,2026-10-01T08:00:00Z,S01,P99,C1,1,1.00,0.00,card\n`);
    expect((await readFile(path, "transactions")).rejects).toEqual([]);
    const stores = new Map([["S01", {storeId: "S01", name: "", city: "", region: "North"}]]);
    const products = new Map([["P1", {productId: "P1", name: "", category: "Food", subCategory: "", brand: ""}]]);
    const {rejects} = await readFile(path, "transactions", {stores, products});
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [3, "unknown_store"],
      [4, "unknown_product"]
    ]);
  });

  it("reads refunds and inventory, validating reasons, amounts and event types", async () => {
    const refunds = file(
      "refund_id,original_transaction_id,product_id,store_id,customer_id,refund_amount,reason,timestamp\nR1,T1,P1,S01,,2.50,defective,2026-10-02T09:00:00Z\nR2,T1,P1,S01,,0.00,defective,2026-10-02T09:00:00Z\nR3,T1,P1,S01,,1.00,unhappy,2026-10-02T09:00:00Z\n"
    );
    const r = await readFile(refunds, "refunds");
    expect(r.events).toEqual([{kind: "refund", source: refunds.split("/").pop(), line: 2, time: Date.UTC(2026, 9, 2, 9), refundId: "R1", originalTransactionId: "T1", productId: "P1", storeId: "S01", customerId: null, amount: 250, reason: "defective"}]);
    expect(r.rejects.map((x) => [x.line, x.reason])).toEqual([
      [3, "bad_amount"],
      [4, "bad_value"]
    ]);
    const inventory = file("timestamp,store_id,product_id,event_type,quantity\n2026-10-01T00:00:00Z,S01,P1,stock_count,0\n2026-10-01T00:00:00Z,S01,P1,restock,12\n2026-10-01T00:00:00Z,S01,P1,shrinkage,3\n2026-10-01T00:00:00Z,S01,P1,stock_count,-1\n");
    const i = await readFile(inventory, "inventory");
    expect(i.events.map((e) => [e.type, e.quantity])).toEqual([
      ["stock_count", 0],
      ["restock", 12]
    ]);
    expect(i.rejects.map((x) => [x.line, x.reason])).toEqual([
      [4, "bad_value"],
      [5, "bad_quantity"]
    ]);
  });

  it("reads an empty time cell of a date and time pair as midnight, with and without a mapped format", async () => {
    const times = async (content: string, options: ReadOptions = {}) => (await records(file(content), "transactions", options)).map((r) => ("kind" in r && r.kind === "sale" ? new Date(r.time).toISOString() : (r as {reason?: string}).reason));
    const formatted = {mapping: {transactions: {fields: {timestamp: {format: "M/D/YYYY h:mm A"}}}}};
    expect(await times("Order ID,Date,Time,Sales\nA1,1/5/2019,1:08 PM,1.00\nA2,1/5/2019,,2.00\nA3,12/31/2019, ,3.00\n", formatted)).toEqual([
      "2019-01-05T13:08:00.000Z",
      "2019-01-05T00:00:00.000Z",
      "2019-12-31T00:00:00.000Z"
    ]);
    expect(await times("Order ID,Date,Time,Sales\nA1,2019-01-05,13:08,1.00\nA2,2019-01-05,,2.00\n")).toEqual(["2019-01-05T13:08:00.000Z", "2019-01-05T00:00:00.000Z"]);
  });

  it("fails on a file without a header or without a timestamp column, naming the file", async () => {
    await expect(readFile(file(""), "transactions")).rejects.toThrow(/empty file/);
    await expect(readFile(file("a,b\n1,2\n"), "transactions")).rejects.toThrow(/f\d+\.csv: no timestamp column/);
    await expect(readFile(join(dir, "missing.csv"), "transactions")).rejects.toThrow(/cannot read transactions file/);
  });
});

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 8;
}
