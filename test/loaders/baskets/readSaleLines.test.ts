import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {readSaleLines} from "../../../loaders/baskets/readSaleLines.ts";

const dir = mkdtempSync(join(tmpdir(), "pulse-sale-lines-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const header = "transaction_id,timestamp,store_id,product_id,customer_id,quantity,unit_price,discount,payment_method\n";

describe("readSaleLines(path)", () => {
  it("reads (transaction, product) pairs and the latest sale time", async () => {
    const path = join(dir, "a.csv");
    writeFileSync(path, header + "T1,2024-03-05T10:00:00Z,S1,P1,C1,1,1.00,0.00,card\nT1,2024-03-05T10:00:00Z,S1,P2,C1,1,1.00,0.00,card\nT2,2024-03-05T11:00:00Z,S1,P1,,2,1.00,0.00,cash\n");
    const {lines, asOf, read} = await readSaleLines(path);
    expect(lines).toEqual([{transactionId: "T1", productId: "P1"}, {transactionId: "T1", productId: "P2"}, {transactionId: "T2", productId: "P1"}]);
    expect(asOf).toBe(Date.UTC(2024, 2, 5, 11));
    expect(read.rowsRead).toBe(3);
  });

  it("reads an unchanged file once, and again once it changed", async () => {
    const path = join(dir, "b.csv");
    writeFileSync(path, header + "T1,2024-03-05T10:00:00Z,S1,P1,C1,1,1.00,0.00,card\n");
    const first = await readSaleLines(path);
    expect(await readSaleLines(path)).toBe(first);
    writeFileSync(path, header + "T1,2024-03-05T10:00:00Z,S1,P1,C1,1,1.00,0.00,card\nT9,2024-03-06T10:00:00Z,S1,P3,C1,1,1.00,0.00,card\n");
    const second = await readSaleLines(path);
    expect(second).not.toBe(first);
    expect(second.lines.map((l) => l.transactionId)).toEqual(["T1", "T9"]);
  });
});
