import {describe, expect, it} from "vitest";
import type {Reject, SaleEvent} from "../../../stream-bridge/events.ts";
import {RejectWatch} from "../../../stream-bridge/ingest/rejectWatch.ts";

const bad = (source: string, line: number): Reject => ({source, line, reason: "bad_timestamp", raw: "", detail: 'timestamp "1/5/2019 13:08" is not a valid time'});
const good = (source: string, line: number) => ({kind: "sale", source, line}) as SaleEvent;

describe("RejectWatch", () => {
  it("hints once per source when one reason takes most of its first rows, and stays quiet otherwise", () => {
    const lines: string[] = [];
    const watch = new RejectWatch((line) => lines.push(line), "/snapshot/rejects.arrow", 10);
    for (let i = 0; i < 30; ++i) {
      watch.record(i % 3 ? bad("sales.csv", i + 2) : good("sales.csv", i + 2));
      watch.record(good("refunds.csv", i + 2));
    }
    expect(lines).toEqual([
      'sales.csv: hint: timestamps such as "1/5/2019 13:08" are not ISO 8601; give their format in --mapping, e.g. {"timestamp": {"format": "M/D/YYYY H:mm"}} (or day first, D before M, if that is how the file writes dates) (in the first 10 rows)'
    ]);
    // A source shorter than the watch is judged at the end.
    watch.record(bad("inventory.csv", 2));
    watch.end();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^inventory\.csv: hint: .*\(in the first row\)$/);
    expect(watch.active).toBe(false);
  });

  it("stops looking after 100 × its rows", () => {
    const watch = new RejectWatch(() => {}, "x", 10);
    for (let i = 0; i < 999; ++i) watch.record(good("sales.csv", i + 2));
    expect(watch.active).toBe(true);
    watch.record(good("sales.csv", 1001));
    expect(watch.active).toBe(false);
  });
});
