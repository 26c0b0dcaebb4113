import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {parse, procStatLoad} from "../../../stream-bridge/hardware/procStat.ts";

// Columns: user nice system idle iowait irq softirq steal guest guest_nice
const BEFORE = `cpu  100 0 100 800 0 0 0 0 0 0
cpu0 50 0 50 400 0 0 0 0 0 0
cpu1 50 0 50 400 0 0 0 0 0 0
intr 1 2 3
`;
// cpu0: +100 user (of which 40 guest, already counted in user), +50 idle, +50 iowait  -> 100 / 200 = 50%
// cpu1: +30 system, +10 steal, +60 idle                                               ->  40 / 100 = 40%
const AFTER = `cpu  200 0 130 910 50 0 0 10 40 0
cpu0 150 0 50 450 50 0 0 0 40 0
cpu1 50 0 80 460 0 0 0 10 0 0
intr 4 5 6
`;

describe("procStatLoad", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pulse-procstat-"));
  });
  afterAll(() => rm(dir, {recursive: true, force: true}));

  it("parses busy (all but idle and iowait) and total ticks per line", () => {
    expect(parse(AFTER)).toEqual([
      {busy: 340, total: 1300},
      {busy: 200, total: 700},
      {busy: 140, total: 600}
    ]);
  });

  it("measures load between two reads: steal counts as busy, iowait as idle, guest once", async () => {
    const path = join(dir, "stat");
    await writeFile(path, BEFORE);
    const load = procStatLoad(path);
    // The first call reads, waits 500 ms and reads again; swap the file in between.
    const first = load();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await writeFile(path, AFTER);
    const result = await first;
    expect(result.cpus.map((c) => c.load)).toEqual([50, 40]);
    // Aggregate: busy 340 − 200 = 140 of total 1300 − 1000 = 300.
    expect(result.currentLoad).toBeCloseTo((140 / 300) * 100, 12);
    // No tick elapsed since: no measurement (NaN, which the sample reports as null), not 0%.
    expect((await load()).currentLoad).toBeNaN();
  });

  it("fails with the path when the file has no cpu lines", async () => {
    const path = join(dir, "empty");
    await writeFile(path, "intr 1\n");
    await expect(procStatLoad(path)()).rejects.toThrow(/no cpu lines/);
  });
});
