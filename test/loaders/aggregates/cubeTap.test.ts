import {appendFileSync, mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {readSalesCube, salesCubeReader} from "../../../loaders/aggregates/readSalesCube.ts";
import {batchAggregates} from "../../../loaders/aggregates/snapshot.ts";
import {generate} from "../../stream-bridge/batch/oracle.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pulse-cube-tap-"));
  generate(dir, "--transactions", "5000", "--days", "2");
  // A reject and a line of an unknown store: both must stay out of the cube, counted as rejected.
  appendFileSync(join(dir, "transactions.csv"), "T-BAD,not-a-time,S01,P0001,C000001,1,1.00,0.00,cash\nT-NOSTORE,2026-10-01T09:00:00Z,S99,P0001,C000001,1,1.00,0.00,cash\n");
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("CubeTap (salesCubeReader(dir).tap on a batch pass)", () => {
  it("builds the same sales cube as readSalesCube's own parse of transactions.csv", async () => {
    const own = await readSalesCube(dir);
    const reader = await salesCubeReader(dir);
    await batchAggregates(dir, {tap: reader.tap});
    const tapped = await reader.finish();
    expect(tapped).toEqual(own);
    expect(own.rejected).toBeGreaterThanOrEqual(2);
    expect(reader.tap.rows).toBe(5002);
    expect(own.salesDaily.transactions.values.length).toBeGreaterThan(0);
  });
});
