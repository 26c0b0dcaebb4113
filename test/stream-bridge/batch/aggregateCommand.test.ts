import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {gzipSync} from "node:zlib";
import {afterAll, describe, expect, it} from "vitest";
import {pulseInProcess} from "../../helpers/pulse.ts";

/** `pulse aggregate` option errors: exit 2 and one line naming the option (run in-process, no spawn). */

const dir = mkdtempSync(join(tmpdir(), "pulse-aggregate-cli-"));
const transactions = join(dir, "transactions.csv");
writeFileSync(transactions, "transaction_id,timestamp,store_id,product_id,customer_id,quantity,unit_price,discount,payment_method\nT1,2026-10-01T08:00:00Z,S01,P1,,1,1.00,0.00,card\n");
const badMapping = join(dir, "bad-mapping.json");
writeFileSync(badMapping, JSON.stringify({timestmp: "x"}));
const mappings = Object.fromEntries(
  Object.entries({zone: {timezone: "Europe/Berln"}, format: {timestamp: {format: "DD.MM.YYYY HH:MI"}}, column: {timestamp: "Datum"}}).map(([name, json]) => {
    const path = join(dir, `mapping-${name}.json`);
    writeFileSync(path, JSON.stringify(json));
    return [name, path];
  })
);
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const run = (...args: string[]) => pulseInProcess("aggregate", ...args);

describe("pulse aggregate options", () => {
  const out = join(dir, "out");
  it.each([
    [["--out", out], "--transactions"],
    [["--transactions", transactions], "--out"],
    [["--transactions", join(dir, "nope.csv"), "--out", out], "--transactions"],
    [["--transactions", transactions, "--refunds", join(dir, "nope.csv"), "--out", out], "--refunds"],
    [["--transactions", transactions, "--window", "soon", "--out", out], "--window"],
    [["--transactions", transactions, "--window", "0s", "--out", out], "--window"],
    [["--transactions", transactions, "--hop", "2m", "--out", out], "--hop"],
    [["--transactions", transactions, "--lateness", "-5m", "--out", out], "--lateness"],
    [["--transactions", transactions, "--dimensions", "all,city", "--out", out], "--dimensions"],
    [["--transactions", transactions, "--dimensions", ",", "--out", out], "--dimensions"],
    [["--transactions", transactions, "--mapping", badMapping, "--out", out], "--mapping"],
    [["--transactions", transactions, "--mapping", mappings.zone, "--out", out], 'invalid --mapping: "' + mappings.zone + '" (timezone: invalid timezone: "Europe/Berln"'],
    [["--transactions", transactions, "--mapping", mappings.format, "--out", out], 'unknown token "I"'],
    [["--transactions", transactions, "--mapping", mappings.column, "--out", out], 'invalid --mapping: "' + mappings.column + '" (transactions.csv: mapped column "Datum" for timestamp is not in the header'],
    [["--transactions", transactions, "--out", transactions], "--out"],
    [["--transactions", transactions, "--out", join(transactions, "sub")], "a file is in the way"],
    // mkdir under /proc fails with ENOENT although /proc exists: Node's recursive mkdir retried forever.
    [["--transactions", transactions, "--out", "/proc/pulse-nope/out"], 'invalid --out: "/proc/pulse-nope/out"'],
    [["--transactions", transactions, "--dedupe-window", "-1", "--out", out], "--dedupe-window"],
    [["--transactions", transactions, "--colour", "red", "--out", out], "--colour"],
    [["--data", join(dir, "missing"), "--out", out], "--data"],
    [["--data", join(dir, "out"), "--out", out], "--data"]
  ])("%j names %s and exits 2", async (args, option) => {
    const {code, stderr} = await run(...args);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain(option);
  });

  it("remembers as many records for duplicate_line as pulse serve by default (live and batch reject the same lines)", async () => {
    const [{command: aggregate}, {command: serve}] = await Promise.all([import("../../../cli/commands/aggregate.ts"), import("../../../cli/commands/serve.ts")]);
    expect(aggregate.options["dedupe-window"].default).toBe(serve.options["dedupe-window"].default);
  });

  it("writes the five tables and a one-line summary", async () => {
    const {code, stderr} = await run("--transactions", transactions, "--out", out);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^aggregate: 1 rows \(0 rejected, 0 late, 0 unmatched refunds\), 6 window rows \(0 final\), net 1\.00, watermark 2026-10-01T07:50:00\.000Z, .* events\/s → /);
  });

  it("says how it reads columns that are not the canonical ones, before it runs", async () => {
    const path = join(dir, "kaggle.csv");
    writeFileSync(path, "Order ID,Product,Quantity Ordered,Price Each,Order Date\n176558,USB-C Cable,2,11.95,2019-04-19T08:46:00Z\n");
    const {code, stderr} = await run("--transactions", path, "--out", join(dir, "out-kaggle"));
    expect(code).toBe(0);
    expect(stderr.split("\n")[0]).toBe(
      'aggregate: kaggle.csv: columns Order ID → transaction_id; Order Date → timestamp; Product → product_id; Quantity Ordered → quantity; Price Each → unit_price; store_id: none, store "unknown"; customer_id: none, guests; discount: none, 0; payment_method: none, payment "unknown"; amount: quantity × unit_price − discount'
    );
    expect(stderr).toMatch(/net 23\.90/);
  });

  it("says a region column is not read without a store column, and how to read it", async () => {
    const path = join(dir, "superstore.csv");
    writeFileSync(path, "Order ID,Order Date,City,Region,Product ID,Sales\nCA-1,2017-11-08,Henderson,South,P1,261.96\n");
    const {stderr} = await run("--transactions", path, "--out", join(dir, "out-superstore"));
    expect(stderr.split("\n")[0]).toContain("region: Region not read without a store_id column (a store's region is its first sale's; map store_id, e.g. to a city or name column)");
  });

  it("hints at a lateness that keeps every late event when the input is out of time order", async () => {
    const path = join(dir, "unsorted.csv");
    writeFileSync(path, "transaction_id,timestamp,store_id,product_id,quantity,unit_price\nT2,2026-10-02T09:00:00Z,S1,P1,1,1.00\nT1,2026-10-01T09:00:00Z,S1,P1,1,1.00\n");
    const {code, stderr} = await run("--transactions", path, "--out", join(dir, "out-unsorted"));
    expect(code).toBe(0);
    expect(stderr.trim().split("\n").at(-1)).toBe(
      "aggregate: hint: 1 of 2 events (50%) were late, so the input is not in time order: they count in the totals and late.arrow but not in the windows; --lateness 1d would take every one in (windows then stay open longer)"
    );
  });

  it("writes its tables but exits 1 when every sale is rejected, with the reason and the fix", async () => {
    const path = join(dir, "dollars.csv");
    writeFileSync(path, "receipt,sold_at,sku,total\nR1,2026-10-01T08:00:00Z,P1,$1.00\nR2,2026-10-01T08:01:00Z,P1,\"$1,200.00\"\n");
    const {code, stderr} = await run("--transactions", path, "--out", join(dir, "out-dollars"));
    expect(code).toBe(1);
    expect(stderr).toContain('dollars.csv: hint: numbers such as "$1,200.00" (amount) need {"currency": "$", "thousands": ","} in the mapping');
    expect(stderr.trim().split("\n").at(-1)).toMatch(/no valid sale: all 2 rows of dollars\.csv were rejected \(see the lines above and .*rejects\.arrow\)$/);
  });

  it("refuses a UTF-16 file (Excel's \"Unicode text\") with one line saying to save it as UTF-8", async () => {
    const path = join(dir, "utf16.csv");
    const text = "transaction_id,timestamp,store_id,product_id,quantity,unit_price\r\nT1,2026-10-01T08:00:00Z,S01,P1,1,1.00\r\n";
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    const {code, stderr} = await run("--transactions", path, "--out", join(dir, "out-utf16"));
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual(["pulse aggregate: utf16.csv: UTF-16 text is not supported; save the file as UTF-8"]);
  });

  it("refuses a gzip file as transactions or as a dimension file, saying what it is", async () => {
    const gz = join(dir, "stores.csv.gz");
    writeFileSync(gz, gzipSync("store_id,region\nS01,North\n"));
    for (const args of [["--transactions", gz], ["--transactions", transactions, "--stores", gz]]) {
      const {code, stderr} = await run(...args, "--out", join(dir, "out-gz"));
      expect(code).toBe(1);
      expect(stderr.trim().split("\n")).toEqual(["pulse aggregate: stores.csv.gz: a gzip file, not CSV text; decompress it first (gunzip)"]);
    }
  });

  it("--data DIR reads the folder's files, as pulse serve does", async () => {
    const {code, stderr} = await run("--data", dir, "--out", join(dir, "out-data"));
    expect(code).toBe(0);
    expect(stderr).toMatch(/^aggregate: 1 rows \(0 rejected/);
  });
});
