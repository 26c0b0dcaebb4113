import {appendFileSync, mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {aggregate, aggregateAll, WindowBuffer, type BatchInputs, type BatchResult, type BatchSpec, type WindowColumns} from "../../../stream-bridge/batch/aggregate.ts";
import {lastWindows} from "../../../loaders/aggregates/snapshot.ts";
import type {WindowRow} from "../../../stream-bridge/engine/types.ts";
import {generate} from "./oracle.ts";

/** Window columns as plain row objects, for deep equality whatever the column types. */
function windowRows(w: WindowColumns): Record<string, unknown>[] {
  const names = Object.keys(w).filter((name) => name !== "length") as (keyof WindowColumns)[];
  const value = (name: keyof WindowColumns, i: number) => {
    const v = (w[name] as ArrayLike<unknown>)[i];
    return name === "dimension" || name === "key" ? v : Number(v);
  };
  return Array.from({length: w.length}, (_, i) => Object.fromEntries(names.map((name) => [name, value(name, i)])));
}

/** Everything of a result but its timings (elapsedMs, engineMs, kpis.eventsPerSecond depend on the pass). */
function comparable(r: BatchResult) {
  const {eventsPerSecond: _rate, ...kpis} = r.kpis;
  return {windows: windowRows(r.windows), totals: r.totals, kpis, late: r.late, rejects: r.rejects, inputRows: r.inputRows, watermark: r.watermark};
}

let dir: string;
let inputs: BatchInputs;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pulse-aggregate-all-"));
  const data = join(dir, "data");
  generate(data, "--transactions", "6000", "--days", "2");
  // A reject in each event file, so every engine sees rejects mid-stream.
  appendFileSync(join(data, "transactions.csv"), "T-BAD,not-a-time,S01,P0001,C000001,1,1.00,0.00,cash\n");
  appendFileSync(join(data, "refunds.csv"), "R-BAD,T00000001,P0001,S01,,1.00,damaged,not-a-time\n");
  inputs = {transactions: join(data, "transactions.csv"), refunds: join(data, "refunds.csv"), inventory: join(data, "inventory.csv"), stores: join(data, "store_locations.csv"), products: join(data, "product_catalog.csv")};
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("aggregateAll(inputs, specs)", () => {
  it("gives each spec what aggregate() gives it alone: windows, totals, KPIs, late rows, rejects", async () => {
    const specs: BatchSpec[] = [
      {windowMs: 60_000, latenessMs: 120_000, dimensions: ["all", "store", "region", "category", "product", "payment"]},
      {windowMs: 300_000, hopMs: 60_000, latenessMs: 60_000, dimensions: ["all", "category"]},
      {windowMs: 86_400_000, latenessMs: 3650 * 86_400_000, dimensions: ["store", "product"]}
    ];
    const together = await aggregateAll(inputs, specs);
    expect(together).toHaveLength(3);
    for (const [i, spec] of specs.entries()) {
      const alone = await aggregate(inputs, spec);
      expect(comparable(together[i])).toEqual(comparable(alone));
    }
    // The fixture exercises what could go wrong between engines: late rows and rejects.
    expect(together[0].late.length).toBeGreaterThan(0);
    expect(together[0].rejects.length).toBe(2);
    expect(together[2].late).toEqual([]);
  });
});

describe("BatchSpec.keepFinal", () => {
  it("holds fewer rows but cuts to the same last-N windows as the whole result", async () => {
    const spec: BatchSpec = {windowMs: 60_000, latenessMs: 600_000, dimensions: ["all", "store", "product"]};
    const [whole, bounded] = await aggregateAll(inputs, [spec, {...spec, keepFinal: 7}]);
    expect(bounded.windows.length).toBeLessThan(whole.windows.length / 4);
    expect(windowRows(lastWindows(bounded.windows, 7))).toEqual(windowRows(lastWindows(whole.windows, 7)));
    expect(windowRows(lastWindows(bounded.windows, 0))).toEqual(windowRows(lastWindows(whole.windows, 0)));
  });

  it("keeps the latest final starts whatever order they come in, open windows all kept", () => {
    const row = (windowStart: number, key: string, final: boolean): WindowRow => ({windowStart, windowEnd: windowStart + 10, dimension: "store", key, revenue: windowStart, units: 1, lines: 1, transactions: 1, customers: 1, refundAmount: 0, refundCount: 0, netRevenue: windowStart, final});
    const whole = new WindowBuffer();
    const bounded = new WindowBuffer(3);
    // Starts out of order, repeated, with open rows in between: 100 distinct final starts.
    for (let n = 0; n < 300; ++n) {
      const start = ((n * 37) % 100) * 10;
      const r = n % 50 === 0 ? row(5000 + n, "open", false) : row(start, `S${n % 3}`, true);
      whole.push(r);
      bounded.push(r);
    }
    expect(bounded.length).toBeLessThan(whole.length);
    expect(windowRows(lastWindows(bounded.trim(), 3))).toEqual(windowRows(lastWindows(whole.trim(), 3)));
    expect(windowRows(lastWindows(bounded, 3)).filter((r) => !r.final)).toHaveLength(6);
  });
});
