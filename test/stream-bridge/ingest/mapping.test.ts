import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {loadMapping, normalizeMapping, normalizeName, resolveFields} from "../../../stream-bridge/ingest/mapping.ts";
import {readFile} from "../../../stream-bridge/ingest/readFile.ts";

const dir = mkdtempSync(join(tmpdir(), "pulse-mapping-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
let n = 0;
function file(content: string): string {
  const path = join(dir, `m${n++}`);
  writeFileSync(path, content);
  return path;
}

describe("column matching without a mapping", () => {
  it("finds columns by synonym, case-insensitively, with spaces and dashes as underscores", () => {
    const fields = resolveFields("transactions", ["Receipt No", "Sold-At", "SKU", "Qty", "Price", "Total", "Tender", "Shop", "Client"], undefined, "x.csv");
    const at = (name: string) => fields.get(name)!.index;
    expect([at("transaction_id"), at("timestamp"), at("product_id"), at("quantity"), at("unit_price"), at("amount"), at("payment_method"), at("store_id"), at("customer_id")]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(at("discount")).toBe(-1);
  });

  it("splits camelCase and PascalCase names into words (the UCI Online Retail header); an all-caps name stays one word", () => {
    const fields = resolveFields("transactions", ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"], undefined, "x.csv");
    const at = (name: string) => fields.get(name)!.index;
    expect([at("transaction_id"), at("product_id"), at("quantity"), at("timestamp"), at("unit_price"), at("customer_id")]).toEqual([0, 1, 3, 4, 5, 6]);
    expect([at("store_id"), at("amount")]).toEqual([-1, -1]);
    expect(["InvoiceDate", "CustomerID", "customerIDNumber", "unitPrice", "SKU", "Sold At", "TXN-ID", "store_Id"].map(normalizeName)).toEqual(["invoice_date", "customer_id", "customer_id_number", "unit_price", "sku", "sold_at", "txn_id", "store_id"]);
    // A name that is one word unsplit matches as before: TimeStamp is timestamp, SubTotal subtotal.
    const other = resolveFields("transactions", ["ReceiptNo", "TimeStamp", "StoreId", "SKU", "Qty", "SubTotal"], undefined, "x.csv");
    expect(["transaction_id", "timestamp", "store_id", "product_id", "quantity", "amount"].map((name) => other.get(name)!.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("reads a foreign export end to end: date-only timestamps, amount from the total, payment and store synonyms", async () => {
    const path = file("order_id,date,item,quantity,price,total,payment,location\nA-1,2024-03-05,sku-9,2,1.50,2.80,Visa,Paris\nA-2,2024-03-06,sku-9,1,1.50,,Cash,Paris\n");
    const {events, rejects} = await readFile(path, "transactions");
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.transactionId, e.time, e.productId, e.quantity, e.unitPrice, e.amount, e.payment, e.storeId])).toEqual([
      // A given amount wins over quantity × unit_price − discount (here 3.00).
      ["A-1", Date.UTC(2024, 2, 5), "sku-9", 2, 150, 280, "Visa", "Paris"],
      // An empty amount falls back to quantity × unit_price − discount.
      ["A-2", Date.UTC(2024, 2, 6), "sku-9", 1, 150, 150, "Cash", "Paris"]
    ]);
  });

  it("reads dates and times in two columns as one timestamp (the Kaggle supermarket sales header), whichever comes first", async () => {
    const timestamp = (header: string[], section?: Parameters<typeof resolveFields>[2]) => {
      const t = resolveFields("transactions", header, section, "x.csv").get("timestamp")!;
      return [t.index, t.timeIndex];
    };
    expect(timestamp(["Invoice ID", "Date", "Time", "Total"])).toEqual([1, 2]);
    expect(timestamp(["Time", "Total", "Order Date"])).toEqual([2, 0]);
    expect(timestamp(["date", "total"])).toEqual([0, -1]);
    expect(timestamp(["sold_at", "time", "total"])).toEqual([0, -1]);
    // transaction_time and the like usually hold a whole date and time: they never pair.
    expect(timestamp(["transaction_id", "transaction_time", "date"])).toEqual([1, -1]);
    // A format without an hour describes the date alone.
    expect(timestamp(["Date", "Time"], normalizeMapping({timestamp: {format: "DD/MM/YYYY"}}).transactions)).toEqual([0, -1]);
    expect(timestamp(["Date", "Time"], normalizeMapping({timestamp: {format: "DD/MM/YYYY HH:mm"}}).transactions)).toEqual([0, 1]);
    expect(timestamp(["Day", "Hour"], normalizeMapping({timestamp: {time: "Hour"}}).transactions)).toEqual([-1, 1]);
    expect(() => timestamp(["Day", "Hour"], normalizeMapping({timestamp: {column: "Day", time: "Day"}}).transactions)).toThrow(/already the column of another field/);
    // A mapped column is taken as it is; `time` adds the time column.
    expect(timestamp(["Date", "Time"], normalizeMapping({timestamp: "Date"}).transactions)).toEqual([0, -1]);
    expect(timestamp(["Day", "Hour"], normalizeMapping({timestamp: {column: "Day", time: "Hour"}}).transactions)).toEqual([0, 1]);
    expect(() => timestamp(["Day"], normalizeMapping({timestamp: {column: "Day", time: "Hour"}}).transactions)).toThrow(/time column "Hour"/);
    expect(() => normalizeMapping({store_id: {column: "s", time: "t"}})).toThrow(/only a timestamp has a time column/);

    const path = file("Invoice ID,Branch,Total,Date,Time,Payment\n750-67,A,548.9715,2019-01-05,13:08,Ewallet\n226-31,C,80.22,2019-03-08,,Cash\n631-41,A,1.00,2019-03-03,25:99,Cash\n");
    const {events, rejects} = await readFile(path, "transactions");
    expect(events.map((e) => [e.transactionId, e.storeId, e.time, e.amount, e.payment])).toEqual([
      ["750-67", "A", Date.UTC(2019, 0, 5, 13, 8), 54897, "Ewallet"],
      // An empty time: the date alone (midnight).
      ["226-31", "C", Date.UTC(2019, 2, 8), 8022, "Cash"]
    ]);
    expect(rejects.map((r) => [r.line, r.reason, r.detail])).toEqual([[4, "bad_timestamp", 'timestamp "2019-03-03 25:99" is not a valid time']]);
  });

  it("without transaction ids, each row is its own transaction; without store or product, the key is unknown", async () => {
    const path = file("sold_at,amount\n2024-03-05T10:00:00Z,9.99\n");
    const {events} = await readFile(path, "transactions");
    expect(events[0]).toMatchObject({transactionId: `${path.split("/").pop()}:2`, storeId: "unknown", productId: "unknown", quantity: 1, amount: 999, payment: "unknown"});
  });
});

describe("--mapping", () => {
  it("maps the brief's simple form", async () => {
    const mapping = await loadMapping(file(JSON.stringify({transaction_id: "receipt_no", timestamp: "sold_at", amount: "total"})));
    const path = file("receipt_no,sold_at,total,note\nR1,2024-01-02T03:04:05Z,12.34,hello\n");
    const {events} = await readFile(path, "transactions", {mapping});
    expect(events[0]).toMatchObject({transactionId: "R1", time: Date.UTC(2024, 0, 2, 3, 4, 5), amount: 1234, quantity: 1});
  });

  it("applies a timestamp format and timezone (DST included) and constant defaults", async () => {
    const mapping = await loadMapping(
      file(JSON.stringify({timestamp: {column: "when", format: "DD/MM/YYYY HH:mm", timezone: "Europe/Paris"}, store_id: {default: "S1"}, amount: "total", payment_method: {column: "pay", default: "cash"}}))
    );
    const path = file("when,total,pay\n15/01/2024 09:30,1.00,card\n15/07/2024 09:30,2.00,\n31/03/2024 03:30,3.00,card\n");
    const {events, rejects} = await readFile(path, "transactions", {mapping});
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.time, e.storeId, e.payment])).toEqual([
      [Date.UTC(2024, 0, 15, 8, 30), "S1", "card"], // CET, UTC+1
      [Date.UTC(2024, 6, 15, 7, 30), "S1", "cash"], // CEST, UTC+2; empty cell takes the default
      [Date.UTC(2024, 2, 31, 1, 30), "S1", "card"] // the morning clocks go forward: 03:30 CEST
    ]);
  });

  it("reads a semicolon file with decimal commas when mapped so", async () => {
    const mapping = normalizeMapping({transactions: {delimiter: ";", amount: {column: "Betrag", decimal: ","}, timestamp: "Datum"}});
    const path = file("Datum;Betrag\n2024-01-02;1234,5\n");
    const {events} = await readFile(path, "transactions", {mapping});
    expect(events[0]).toMatchObject({amount: 123450, time: Date.UTC(2024, 0, 2)});
  });

  it("takes sections per input", () => {
    const mapping = normalizeMapping({transactions: {timestamp: "t"}, stores: {store_id: "code"}});
    expect(mapping.transactions!.fields.timestamp).toEqual({column: "t"});
    expect(mapping.stores!.fields.store_id).toEqual({column: "code"});
  });

  it("names the bad key or column", async () => {
    expect(() => normalizeMapping({timestmp: "x"})).toThrow(/unknown field "timestmp"/);
    expect(() => normalizeMapping({timestamp: 3})).toThrow(/timestamp: expected a column name/);
    expect(() => normalizeMapping({timestamp: {colum: "x"}})).toThrow(/unknown option "colum"/);
    expect(() => normalizeMapping([])).toThrow(/expected a JSON object/);
    await expect(loadMapping(file("{nope"))).rejects.toThrow(/invalid JSON/);
    const mapping = normalizeMapping({timestamp: "sold_at"});
    await expect(readFile(file("date,amount\n2024-01-01,1\n"), "transactions", {mapping})).rejects.toThrow(/mapped column "sold_at" for timestamp is not in the header/);
    // A timezone or format that cannot work is the mapping's error, found when it is read.
    expect(() => normalizeMapping({timestamp: {column: "date", timezone: "Mars/Olympus"}})).toThrow(/timestamp: invalid timezone: "Mars\/Olympus"/);
    expect(() => normalizeMapping({timezone: "CEST"})).toThrow(/timezone: invalid timezone: "CEST"/);
    expect(() => normalizeMapping({timestamp: {format: "DD.MM.YYYY HH:MI"}})).toThrow(/timestamp: invalid timestamp format .*unknown token "I"/);
    expect(() => normalizeMapping({amount: {currency: "1"}})).toThrow(/amount\.currency: expected a currency sign/);
    expect(() => normalizeMapping({thousands: "_"})).toThrow(/thousands: expected one of/);
    expect(() => normalizeMapping({thousands: ","})).not.toThrow();
    expect(() => normalizeMapping({thousands: ".", decimal: "."})).toThrow(/"\." is also the decimal mark/);
    expect(() => normalizeMapping({thousands: ".", decimal: ","})).not.toThrow();
    expect(() => normalizeMapping({decimal: ",", amount: {column: "total", thousands: ","}})).toThrow(/amount\.thousands: "," is also the decimal mark/);
  });

  it("reads currency signs and thousands separators where the mapping names them, for the file or one field", async () => {
    const csv = 'id,sold_at,sku,qty,price,total\nA,2024-01-01T10:00Z,P1,"1,200",$2.15,"$2,580.00"\nB,2024-01-01T10:01Z,P2,1,$ 0.50,1.00 $\nC,2024-01-01T10:02Z,P3,2,$12,"12,34"\n';
    // Each row in file order: "quantity amount" of a sale, "reason detail" of a reject.
    const sales = async (json: object) => {
      const {events, rejects} = await readFile(file(csv), "transactions", {mapping: normalizeMapping(json)});
      const rows = [...events.map((e) => ({line: e.line, text: `${e.quantity} ${e.amount}`})), ...rejects.map((r) => ({line: r.line, text: `${r.reason} ${r.detail}`}))];
      return rows.sort((a, b) => a.line - b.line).map((r) => r.text);
    };
    expect(await sales({currency: "$", thousands: ","})).toEqual([
      "1200 258000",
      "1 100",
      'bad_number amount "12,34" is not a number' // "12,34" does not group by threes
    ]);
    // Without the options the same numbers are rejected, naming the value.
    expect((await sales({}))[0]).toBe('bad_number quantity "1,200" is not a number');
    // Per field: the options apply to the fields that name them only.
    expect((await sales({quantity: {column: "qty", thousands: ","}, amount: {column: "total", currency: "$", thousands: ","}}))[0]).toBe('bad_number unit_price "$2.15" is not a number');
    expect((await sales({quantity: {column: "qty", thousands: ","}, unit_price: {column: "price", currency: "$"}, amount: {column: "total", currency: "$", thousands: ","}}))[0]).toBe("1200 258000");
    const euro = 'id,sold_at,sku,qty,total\nA,2024-01-01T10:00Z,P1,1,"1.240,20 €"\nB,2024-01-01T10:00Z,P1,1,EUR 3\n';
    const read = await readFile(file(euro), "transactions", {mapping: normalizeMapping({decimal: ",", thousands: ".", amount: {column: "total", currency: "€"}})});
    expect([read.events.map((e) => e.amount), read.rejects.map((r) => [r.line, r.reason])]).toEqual([[124020], [[3, "bad_number"]]]);
  });
});
