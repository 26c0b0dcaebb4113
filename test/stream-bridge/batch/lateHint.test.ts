import {describe, expect, it} from "vitest";
import {aggregate} from "../../../stream-bridge/batch/aggregate.ts";
import {lateHint} from "../../../stream-bridge/batch/lateHint.ts";
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll} from "vitest";

const dir = mkdtempSync(join(tmpdir(), "pulse-late-hint-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const MIN = 60_000;

describe("lateHint(late, events, options)", () => {
  it("is null for a few stragglers (under 1% of the events)", () => {
    const late = [{source: "s.csv", line: 9, eventTime: 0, windowStart: 0, watermark: 2 * MIN}];
    expect(lateHint(late, 101, {windowMs: MIN, latenessMs: 10 * MIN})).toBeNull();
    expect(lateHint([], 0, {windowMs: MIN, latenessMs: 10 * MIN})).toBeNull();
  });

  it("on a file out of order, proposes the smallest lateness that keeps every late event, and that lateness does", async () => {
    // Days in reverse order, as some exports list the newest first: every day after the first is late at 10m.
    const path = join(dir, "newest-first.csv");
    const days = [5, 4, 3, 2, 1];
    writeFileSync(path, "transaction_id,timestamp,store_id,product_id,quantity,unit_price\n" + days.map((d) => `T${d},2026-10-0${d}T12:00:00Z,S1,P1,1,1.00\n`).join(""));
    const options = {windowMs: MIN, latenessMs: 10 * MIN, dimensions: ["all" as const], worker: false};
    const first = await aggregate({transactions: path}, options);
    expect(first.late).toHaveLength(4);
    const hint = lateHint(first.late, 5, options);
    // The oldest day came 4 days (minus one window) after the newest: 7d is the next step of the ladder.
    expect(hint).toBe("4 of 5 events (80%) were late, so the input is not in time order: they count in the totals and late.arrow but not in the windows; --lateness 7d would take every one in (windows then stay open longer)");
    const again = await aggregate({transactions: path}, {...options, latenessMs: 7 * 24 * 60 * MIN});
    expect(again.late).toEqual([]);
    expect(again.windows.length).toBe(5);
  });
});

describe("lateHint with a bounded history (the live bridge)", () => {
  it("counts every late event but, knowing only the latest, proposes a lateness 'or more'", () => {
    const late = [{source: "s.csv", line: 9, eventTime: 0, windowStart: 0, watermark: 50 * MIN}];
    expect(lateHint(late, 100, {windowMs: MIN, latenessMs: 10 * MIN, count: 40})).toBe(
      "40 of 100 events (40%) were late, so the input is not in time order: they count in the totals and late.arrow but not in the windows; --lateness 1h or more would take them in (windows then stay open longer)"
    );
  });
});
