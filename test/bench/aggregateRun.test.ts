import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {aggregateRun} from "../../bench/aggregateRun.ts";
import {runPulse} from "../../bench/runChild.ts";
import {generate} from "../stream-bridge/server/serveProcess.ts";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pulse-bench-run-"));
  await generate(join(dir, "data"), ["--seed", "5", "--days", "2", "--transactions", "3000"]);
});
afterAll(() => rm(dir, {recursive: true, force: true}));

describe("aggregateRun", () => {
  it("reads the figures of a real pulse aggregate's summary", async () => {
    const run = await runPulse(["aggregate", "--data", join(dir, "data"), "--out", join(dir, "out")]);
    expect(run.code).toBe(0);
    const figures = aggregateRun(run);
    const rows = Number(/aggregate: (\d+) rows/.exec(run.stderr)![1]);
    expect(figures.rows).toBe(rows);
    expect(figures.rows).toBeGreaterThan(3000);
    expect(figures.wallMs).toBe(run.wallMs);
    // read + parse + aggregate fits in the process's wall time, and the engine's busy time in that.
    expect(figures.aggregateMs).toBeGreaterThan(0);
    expect(figures.aggregateMs).toBeLessThan(run.wallMs);
    expect(figures.engineMs).toBeLessThanOrEqual(figures.aggregateMs * 1.01);
    expect(figures.writeMs).toBeGreaterThanOrEqual(0);
  });

  it("names the figure a summary lacks", () => {
    expect(() => aggregateRun({stderr: "aggregate: 12 rows\n", wallMs: 1, peakRssBytes: null})).toThrow(/events\\\/s/);
  });
});
