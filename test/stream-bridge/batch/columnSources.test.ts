import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {basename, join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {aggregate} from "../../../stream-bridge/batch/aggregate.ts";
import {openColumnSources, type ColumnInput} from "../../../stream-bridge/batch/columnSources.ts";
import {mergeColumns} from "../../../stream-bridge/batch/mergeColumns.ts";
import {createEngine} from "../../../stream-bridge/engine/engine.ts";
import {DIMENSIONS, type WindowRow} from "../../../stream-bridge/engine/types.ts";
import {isReject, type SourceKind} from "../../../stream-bridge/events.ts";
import {readDimensions} from "../../../stream-bridge/ingest/dimensions.ts";
import {mergeSources} from "../../../stream-bridge/ingest/merge.ts";
import {readSource} from "../../../stream-bridge/ingest/source.ts";
import {PulseError} from "../../../lib/errors.ts";
import {generate} from "./oracle.ts";
import {windowRows} from "./windowRows.ts";

/**
 * Batch mode reads its inputs as column chunks (parsed on a worker thread for big inputs) and merges
 * them itself. Held here to the object path the live bridge uses (ingest readSource + mergeSources +
 * engine.push) on dirty, out-of-order data with a short lateness, so rejects, late rows and refunds
 * all occur, and across chunk boundaries (small chunks).
 */

const MINUTE = 60_000;
let dir: string;
let files: {transactions: string; refunds: string; inventory: string; stores: string; products: string};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pulse-columns-"));
  generate(dir, "--dirty");
  files = {
    transactions: join(dir, "transactions.csv"),
    refunds: join(dir, "refunds.csv"),
    inventory: join(dir, "inventory.csv"),
    stores: join(dir, "store_locations.csv"),
    products: join(dir, "product_catalog.csv")
  };
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const KINDS: SourceKind[] = ["transactions", "refunds", "inventory"];

async function inputs(): Promise<ColumnInput[]> {
  const dims = await readDimensions({stores: files.stores, products: files.products}, {});
  return KINDS.map((kind) => ({path: files[kind], kind, options: {stores: dims.stores, products: dims.products}}));
}

describe("column sources", () => {
  it("merge in the order of ingest/merge.ts, rejects included, across chunk boundaries, in this thread, on a worker and split", async () => {
    const input = await inputs();
    const expected: string[] = [];
    for await (const batch of mergeSources(input.map((i) => readSource(i.path, i.kind, i.options)))) {
      for (const record of batch.records) expected.push(`${record.source}:${record.line}:${isReject(record) ? record.reason : record.kind}`);
    }
    expect(expected.some((r) => r.includes("duplicate_line"))).toBe(true);
    const kindName = ["reject", "sale", "refund", "inventory"];
    // In this thread, on a worker, and split (the first input on a worker, the others here), with
    // chunks growing from 50 records to 333.
    for (const worker of [false, true, input.map((_, k) => k === 0)]) {
      const seen: string[] = [];
      const sources = openColumnSources(input, worker, 333, 50);
      await mergeColumns(
        sources,
        input.length,
        () => {},
        (c, from, to) => {
          for (let i = from; i < to; ++i) seen.push(`${basename(input[c.source].path)}:${c.line[i]}:${c.kind[i] ? kindName[c.kind[i]] : c.rejects[c.store[i]].reason}`);
        }
      );
      await sources.close();
      expect(seen.length).toBe(expected.length);
      expect(seen).toEqual(expected);
    }
  });

  it("aggregate equals the live path (events pushed one by one) on dirty data with late rows, with and without a worker, and split", async () => {
    const options = {windowMs: MINUTE, latenessMs: 2 * MINUTE, dimensions: [...DIMENSIONS]};
    // The live path: ingest merge + engine.push, final rows from flush, open ones from finish.
    const input = await inputs();
    const engine = createEngine({...options, stores: input[0].options.stores, products: input[0].options.products, historyWindows: 0});
    const windows: WindowRow[] = [];
    const late: unknown[] = [];
    let rejected = 0;
    for await (const batch of mergeSources(input.map((i) => readSource(i.path, i.kind, i.options)))) {
      for (const record of batch.records) {
        if (isReject(record)) {
          engine.reject(record);
          rejected++;
        } else engine.push(record);
      }
      const changes = engine.flush(0);
      windows.push(...changes.windows.filter((row) => row.final));
      late.push(...changes.late);
    }
    const end = engine.finish(0);
    windows.push(...end.windows);
    late.push(...end.late);
    expect(late.length).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(100);
    const totals = engine.snapshot().totals;
    // In this thread, on a worker, and split as big inputs are (the first file on a worker, the others here).
    const split: typeof openColumnSources = (ins, _worker, chunk, first) => openColumnSources(ins, ins.map((_, k) => k === 0), chunk, first);
    for (const read of [{worker: false}, {worker: true}, {sources: split}]) {
      const result = await aggregate(files, {...options, ...read});
      expect(windowRows(result.windows)).toEqual(windows);
      expect(result.late).toEqual(late);
      expect(result.rejects.filter((r) => !r.source.startsWith("store") && !r.source.startsWith("product")).length).toBe(rejected);
      expect(new Set(result.totals.map((t) => JSON.stringify(t)))).toEqual(new Set(totals.map((t) => JSON.stringify(t))));
      expect({...result.kpis, eventsPerSecond: 0}).toEqual({...end.kpis, eventsPerSecond: 0});
    }
  });

  it("an unusable input fails the run with the reader's own error, from the worker too", async () => {
    const bad = join(dir, "no-time.csv");
    writeFileSync(bad, "transaction_id,amount\nT1,1.00\n");
    for (const worker of [false, true]) {
      const error = await aggregate({transactions: bad}, {windowMs: MINUTE, latenessMs: 0, dimensions: ["all"], worker}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PulseError);
      expect((error as PulseError).code).toBe("E_BAD_INPUT");
      expect((error as PulseError).message).toContain("no-time.csv: no timestamp column");
    }
  });
});
