import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {aggregate} from "../../../stream-bridge/batch/aggregate.ts";
import {decoderFor} from "../../../stream-bridge/ingest/decoderFor.ts";
import {normalizeMapping} from "../../../stream-bridge/ingest/mapping.ts";
import {readFile} from "../../../stream-bridge/ingest/readFile.ts";
import {rejectSummary} from "../../../stream-bridge/ingest/rejectSummary.ts";

/** Files saved by Excel as plain "CSV": Windows-1252 bytes, which are not UTF-8 wherever a name has an accent or a sign. */

const dir = mkdtempSync(join(tmpdir(), "pulse-encoding-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Windows-1252 bytes of a string of Latin-1 characters and the few signs used here. */
function cp1252(text: string): Buffer {
  const signs: Record<string, number> = {"€": 0x80, "–": 0x96, "™": 0x99, "’": 0x92};
  return Buffer.from(Array.from(text, (c) => signs[c] ?? c.charCodeAt(0)));
}

const sales = join(dir, "sales.csv");
writeFileSync(
  sales,
  cp1252(
    "Order ID,Order Date,Store,Product ID,Product Name,Quantity,Sales\r\n" +
      "O1,2026-10-01 08:00:00,Zürich,P1,Plain tea,1,2.50\r\n" +
      "O2,2026-10-01 08:00:10,Zürich,P2,Crème brûlée – 2 pack™,2,7.00\r\n" +
      "O3,2026-10-01 08:01:00,Genève,P3,Chef’s knife,1,49.99\r\n" +
      "O4,2026-10-01 08:01:30,Basel,P1,Plain tea,3,7.50\r\n"
  )
);
const stores = join(dir, "stores.csv");
writeFileSync(stores, cp1252("store_id,city,region\r\nZürich,Zürich,Nord – Ost\r\nGenève,Genève,Romandie\r\nBasel,Basel,Nord – Ost\r\n"));

const columns = {transaction_id: "Order ID", timestamp: "Order Date", store_id: "Store", product_id: "Product ID", quantity: "Quantity", amount: "Sales"};

describe("a Windows-1252 file", () => {
  it("read as UTF-8 (the default), its rows with accents are encoding_error rejects, and the summary says what to set", async () => {
    const {events, rejects} = await readFile(sales, "transactions", {mapping: normalizeMapping(columns)});
    expect(events.map((e) => e.transactionId)).toEqual(["O4"]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, "encoding_error"],
      [3, "encoding_error"],
      [4, "encoding_error"]
    ]);
    // Below half of the rows, too: every such row is a lost sale.
    const lines = rejectSummary(rejects.slice(0, 1), new Map([["sales.csv", 4]]), "rejects.arrow");
    expect(lines[1]).toBe('sales.csv: hint: rows that are not UTF-8 mean the file is probably Windows-1252 or Latin-1 (Excel\'s plain "CSV"): read it as such with {"encoding": "windows-1252"} in the mapping, or save it as "CSV UTF-8"');
  });

  it('with {"encoding": "windows-1252"} every row is read, ids and names decoded, in the row path and the batch column path alike', async () => {
    const mapping = normalizeMapping({transactions: {...columns, encoding: "windows-1252"}, stores: {encoding: "latin1"}});
    const {events, rejects} = await readFile(sales, "transactions", {mapping});
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.transactionId, e.storeId, e.amount])).toEqual([
      ["O1", "Zürich", 250],
      ["O2", "Zürich", 700],
      ["O3", "Genève", 4999],
      ["O4", "Basel", 750]
    ]);
    const batch = await aggregate({transactions: sales, stores, mapping}, {windowMs: 60_000, latenessMs: 600_000, dimensions: ["all", "store", "region"], worker: false});
    expect(batch.rejects).toEqual([]);
    const totals = Object.fromEntries(batch.totals.filter((t) => t.dimension !== "all").map((t) => [`${t.dimension}:${t.key}`, t.revenue]));
    expect(totals).toEqual({"store:Zürich": 950, "store:Genève": 4999, "store:Basel": 750, "region:Nord – Ost": 1700, "region:Romandie": 4999});
  });

  it("decodes 0x80–0x9F as Windows-1252 signs, not as C1 controls (as Node 20's own TextDecoder does)", () => {
    const decode = decoderFor("windows-1252");
    expect(decode(Buffer.from([0x80, 0x20, 0x96, 0x20, 0x99, 0x20, 0xe9, 0x20, 0x9f]), 0, 9)).toBe("€ – ™ é Ÿ");
    expect(decode(Buffer.from("x\x81y", "latin1"), 0, 3)).toBe("x\u0081y");
    expect(decoderFor()(Buffer.from("Zürich"), 0, 7)).toBe("Zürich");
  });

  it("a mapping names encodings it knows, and refuses others naming the option", () => {
    expect(normalizeMapping({encoding: "CP1252"}).transactions!.encoding).toBe("windows-1252");
    expect(normalizeMapping({encoding: "utf8"}).transactions!.encoding).toBe("utf-8");
    expect(() => normalizeMapping({encoding: "utf-16"})).toThrow('mapping.encoding: expected "utf-8" or "windows-1252" (also "latin1"), got "utf-16"');
  });
});
