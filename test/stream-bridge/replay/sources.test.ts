import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {SourceRecord} from "../../../stream-bridge/events.ts";
import {fileSource, openSources, PositionTracker, type ResumePosition} from "../../../stream-bridge/replay/sources.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pulse-sources-"));
  const sale = (i: number, minute: number) => `T${i},2024-03-01T10:${String(minute).padStart(2, "0")}:00Z,S1,P${i % 3},C${i % 4},1,2.50,0,card`;
  const lines = ["transaction_id,timestamp,store_id,product_id,customer_id,quantity,unit_price,discount,payment_method"];
  for (let i = 0; i < 30; ++i) {
    lines.push(sale(i, i));
    if (i % 7 === 3) lines.push(sale(i, i)); // an exact duplicate right after
    if (i === 12) lines.push(sale(2, 2)); // a duplicate of an old line (10 records back)
    if (i === 20) lines.push('"unterminated,quote');
  }
  await writeFile(join(dir, "transactions.csv"), lines.join("\n") + "\n");
  const refunds = ["refund_id,original_transaction_id,product_id,store_id,customer_id,refund_amount,reason,timestamp"];
  for (let i = 0; i < 10; ++i) refunds.push(`R${i},T${i * 3},P0,S1,C1,1.00,defective,2024-03-01T10:${String(i * 3 + 1).padStart(2, "0")}:30Z`);
  await writeFile(join(dir, "refunds.csv"), refunds.join("\n") + "\n");
});
afterAll(() => rm(dir, {recursive: true, force: true}));

const read = {dedupeWindow: 4};
const sources = () => [fileSource("transactions", join(dir, "transactions.csv"), read), fileSource("refunds", join(dir, "refunds.csv"), read)];
const describeRecord = (r: SourceRecord) => ("kind" in r ? `${r.source}:${r.line}:${r.kind}` : `${r.source}:${r.line}:${r.reason}`);

/** Delivers records in merged order, stopping after `limit`; returns them and the positions at that point. */
async function run(limit: number, resume: (ResumePosition | undefined)[] = []) {
  const tracker = new PositionTracker(2, 4, 2);
  const out: string[] = [];
  outer: for await (const batch of openSources(sources(), tracker, resume)) {
    for (let i = 0; i < batch.records.length; ++i) {
      if (out.length === limit) break outer;
      tracker.advance(batch.sources[i], batch.records[i], batch.ends[i], batch.nextLines[i]);
      out.push(describeRecord(batch.records[i]));
    }
  }
  return {out, positions: [tracker.position(0), tracker.position(1)]};
}

describe("openSources", () => {
  it("merges files by event time, files in file order, with duplicates and bad CSV rejected", async () => {
    const {out} = await run(Infinity);
    // i = 3, 10, 17, 24 repeat the line just before; the copy of T2 after T12 is 11 records back,
    // beyond the 4-record window, so it is an ordinary sale.
    expect(out.filter((x) => x.endsWith("duplicate_line"))).toHaveLength(4);
    expect(out.filter((x) => x.endsWith(":sale"))).toHaveLength(31);
    expect(out.filter((x) => x.endsWith("bad_csv"))).toHaveLength(1);
    expect(out.filter((x) => x.startsWith("refunds.csv"))).toHaveLength(10);
    // Refund R0 (10:01:30) goes between T1 (10:01) and T2 (10:02).
    expect(out.slice(0, 3)).toEqual(["transactions.csv:2:sale", "transactions.csv:3:sale", "refunds.csv:2:refund"]);
  });

  it("resuming from the positions at any point delivers exactly the rest, duplicate detection included", async () => {
    const {out: all} = await run(Infinity);
    for (let cut = 0; cut <= all.length; ++cut) {
      const first = await run(cut);
      const rest = await run(Infinity, first.positions);
      expect([...first.out, ...rest.out], `cut at ${cut}`).toEqual(all);
    }
  });

  it("keeps a warm-up position at least dedupeWindow records back", async () => {
    const {positions} = await run(30);
    const p = positions[0];
    expect(p.warm).not.toBeNull();
    expect(p.records - p.warm!.records).toBeGreaterThanOrEqual(4);
    expect(p.records - p.warm!.records).toBeLessThan(4 + 2);
  });

  it("refuses to resume when the file no longer matches the checkpoint", async () => {
    const {positions} = await run(25);
    const wrong = {...positions[0], records: positions[0].records + 1};
    await expect(run(Infinity, [wrong, positions[1]])).rejects.toThrow(/changed since the checkpoint/);
    const beyond = {...positions[0], offset: 10_000_000, warm: null};
    await expect(run(Infinity, [beyond, positions[1]])).rejects.toThrow(/ends before byte 10000000/);
  });

  it("positions taken while a resumed source still re-reads its past are the resume positions (a checkpoint then cannot count records twice)", async () => {
    const {positions} = await run(25);
    const tracker = new PositionTracker(2, 4, 2);
    const iterator = openSources(sources(), tracker, positions)[Symbol.asyncIterator]();
    // Nothing read yet: a checkpoint now must save where the engine's state stands.
    expect([tracker.position(0), tracker.position(1)]).toEqual(positions);
    const first = await iterator.next();
    expect(first.done).toBe(false);
    // Both sources have caught up (the merge looked at each head): positions follow the reads again.
    expect([tracker.position(0), tracker.position(1)]).toEqual(positions);
    const {records, sources: from, ends, nextLines} = first.value!;
    tracker.advance(from[0], records[0], ends[0], nextLines[0]);
    expect(tracker.position(from[0]).records).toBe(positions[from[0]].records + 1);
    await iterator.return?.(undefined);
  });
});
