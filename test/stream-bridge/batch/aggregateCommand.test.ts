import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {pulseInProcess} from "../../helpers/pulse.ts";

/** `pulse aggregate` option errors: exit 2 and one line naming the option (run in-process, no spawn). */

const dir = mkdtempSync(join(tmpdir(), "pulse-aggregate-cli-"));
const transactions = join(dir, "transactions.csv");
writeFileSync(transactions, "transaction_id,timestamp,store_id,product_id,customer_id,quantity,unit_price,discount,payment_method\nT1,2026-10-01T08:00:00Z,S01,P1,,1,1.00,0.00,card\n");
const badMapping = join(dir, "bad-mapping.json");
writeFileSync(badMapping, JSON.stringify({timestmp: "x"}));
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
    [["--transactions", transactions, "--out", transactions], "--out"],
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

  it("--data DIR reads the folder's files, as pulse serve does", async () => {
    const {code, stderr} = await run("--data", dir, "--out", join(dir, "out-data"));
    expect(code).toBe(0);
    expect(stderr).toMatch(/^aggregate: 1 rows \(0 rejected/);
  });
});
