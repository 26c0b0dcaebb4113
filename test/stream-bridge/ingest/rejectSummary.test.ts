import {describe, expect, it} from "vitest";
import {guessFormat, RejectTally, rejectSummary} from "../../../stream-bridge/ingest/rejectSummary.ts";
import type {Reject} from "../../../stream-bridge/events.ts";
import {timestampParser} from "../../../stream-bridge/ingest/timestamp.ts";

const reject = (source: string, line: number, reason: string, detail?: string): Reject => ({source, line, reason, raw: "", ...(detail ? {detail} : {})});

describe("RejectTally", () => {
  it("counts streamed rows and rejects by reason, most first, and hints as rejectSummary does for the same rows", () => {
    const bad = (line: number) => reject("sales.csv", line, "bad_timestamp", `timestamp "2/27/2016" is not a valid time`);
    const tally = new RejectTally();
    for (const row of [bad(2), null, bad(4), reject("sales.csv", 5, "bad_number"), bad(6)]) tally.row(row);
    expect([tally.rows, tally.rejected, tally.reasons()]).toEqual([5, 4, "bad_timestamp 3, bad_number 1"]);
    const [, hint] = rejectSummary([bad(2), bad(4), reject("sales.csv", 5, "bad_number"), bad(6)], new Map([["sales.csv", 5]]), "x");
    expect(`sales.csv: hint: ${tally.hint()}`).toBe(hint);
    const few = new RejectTally();
    for (const row of [bad(2), null, null]) few.row(row);
    expect(few.hint()).toBeNull();
  });
});

describe("rejectSummary", () => {
  it("counts each input's rejects by reason, most first, with the first line of each; inputs in the order given", () => {
    const rejects = [reject("b.csv", 9, "bad_csv"), reject("a.csv", 4, "bad_number"), reject("a.csv", 2, "duplicate_line"), reject("a.csv", 7, "bad_number")];
    const lines = rejectSummary(rejects, new Map([["a.csv", 100], ["b.csv", 50]]), "out/rejects.arrow");
    expect(lines).toEqual([
      "a.csv: 3 of 100 rows rejected: bad_number 2 (first line 4), duplicate_line 1 (first line 2); all in out/rejects.arrow",
      "b.csv: 1 of 50 rows rejected: bad_csv 1 (first line 9); all in out/rejects.arrow"
    ]);
    expect(rejectSummary([], new Map([["a.csv", 10]]), "x")).toEqual([]);
    expect(rejectSummary([reject("c.csv", 2, "bad_csv")], new Map([["c.csv", 1]]), "x")[0]).toBe("c.csv: 1 of 1 row rejected: bad_csv 1 (first line 2); all in x");
  });

  it("hints at the usual fix once one reason takes half of an input's rows, with a format guessed from a timestamp", () => {
    const bad = (line: number, value: string) => reject("sales.csv", line, "bad_timestamp", `timestamp ${JSON.stringify(value)} is not a valid time`);
    const [, hint] = rejectSummary([bad(2, "12/1/2010 8:26"), bad(3, "12/1/2010 8:28")], new Map([["sales.csv", 4]]), "x");
    expect(hint).toBe(
      'sales.csv: hint: timestamps such as "12/1/2010 8:26" are not ISO 8601; give their format in --mapping, e.g. {"timestamp": {"format": "M/D/YYYY H:mm"}} (or day first, D before M, if that is how the file writes dates)'
    );
    // Below half: no hint.
    expect(rejectSummary([bad(2, "12/1/2010 8:26")], new Map([["sales.csv", 3]]), "x")).toHaveLength(1);
    expect(rejectSummary([reject("s.csv", 2, "unknown_store"), reject("s.csv", 3, "unknown_store")], new Map([["s.csv", 3]]), "x")[1]).toMatch(/--stores file/);
    expect(rejectSummary([reject("e.csv", 2, "encoding_error")], new Map([["e.csv", 2]]), "x")[1]).toMatch(/not UTF-8.*CSV UTF-8/);
    // The hints for any share come also when another reason, without a hint of its own, takes most rows.
    const duplicates = [reject("d.csv", 3, "duplicate_line"), reject("d.csv", 4, "duplicate_line"), reject("d.csv", 5, "encoding_error")];
    expect(rejectSummary(duplicates, new Map([["d.csv", 4]]), "x")[1]).toMatch(/^d\.csv: hint: rows that are not UTF-8/);
    const streamed = new RejectTally();
    for (const r of duplicates) streamed.row(r);
    streamed.row(null);
    expect(streamed.hint()).toMatch(/^rows that are not UTF-8/);
    // An inventory count below 0 is no return: no "returns" hint.
    expect(rejectSummary([reject("i.csv", 2, "bad_quantity", "quantity -16 is not valid for stock_count")], new Map([["i.csv", 100]]), "x")).toHaveLength(1);
    // An empty cell: a default in the mapping, not the delimiter.
    const empty = rejectSummary([reject("s.csv", 2, "missing_field", "discount is empty")], new Map([["s.csv", 1]]), "x")[1];
    expect(empty).toBe('s.csv: hint: most rows leave discount empty: if an empty cell means no discount, give it a default in the mapping, e.g. {"discount": {"default": "0"}}');
    expect(rejectSummary([reject("s.csv", 2, "missing_field", "8 fields, header has 9")], new Map([["s.csv", 1]]), "x")[1]).toMatch(/delimiter/);
    // Numbers: the options the first bad value needs.
    const number = (value: string) => rejectSummary([reject("s.csv", 2, "bad_number", `amount ${JSON.stringify(value)} is not a number`)], new Map([["s.csv", 1]]), "x")[1];
    expect(number("$1,234.50")).toContain('need {"currency": "$", "thousands": ","} in the mapping');
    expect(number("1.240,20 €")).toContain('need {"currency": "€", "decimal": ",", "thousands": "."}');
    expect(number("12,5")).toContain('need {"decimal": ","}');
    expect(number("n/a")).toMatch(/most numbers do not parse/);
    expect(number("(5.00)")).toMatch(/most numbers do not parse/); // not a "(" currency
    expect(number("1\u202f234,50 €")).toContain('need {"currency": "€", "decimal": ",", "thousands": " "}');
    // Several values: the options all of them need (following a hint from "$0.00" alone would leave "$1,234.50" rejected).
    const several = ["$0.00", "$12.50", "$1,234.50"].map((v, k) => reject("s.csv", k + 2, "bad_number", `amount ${JSON.stringify(v)} is not a number`));
    expect(rejectSummary(several, new Map([["s.csv", 3]]), "x")[1]).toContain('numbers such as "$1,234.50" (amount) need {"currency": "$", "thousands": ","}');
    const tally = new RejectTally();
    for (const r of several) tally.row(r);
    expect(`s.csv: hint: ${tally.hint()}`).toBe(rejectSummary(several, new Map([["s.csv", 3]]), "x")[1]);
    // No format guessed: no made-up example presented as the answer.
    expect(rejectSummary([bad(2, "the 5th")], new Map([["sales.csv", 1]]), "x")[1]).toMatch(/with the tokens of docs\/engine\.md/);
    // The value is read back from the detail's JSON quoting.
    const [, quoted] = rejectSummary([bad(2, 'a"b')], new Map([["sales.csv", 1]]), "x");
    expect(quoted).toContain('timestamps such as "a\\"b" are not ISO 8601');
  });
});

describe("guessFormat", () => {
  it.each([
    ["12/1/2010 8:26", "M/D/YYYY H:mm", false],
    ["31.12.2024 23:59:05", "D.M.YYYY H:mm:ss", true],
    ["1-25-24", "M-D-YY", true],
    ["05/06/2024T07:08", "M/D/YYYY[T]H:mm", false],
    ["2019-1-5 13:08", "YYYY-M-D H:mm", true],
    ["1/25/2019 1:08 PM", "M/D/YYYY h:mm A", true],
    ["25.1.2019 01:08:09pm", "D.M.YYYY h:mm:ssA", true],
    ["Dec 13, 2025 08:00 AM", "MMM D, YYYY h:mm A", true],
    ["September 3 2025", "MMM D YYYY", true],
    ["13-Dec-25 14:05", "D-MMM-YY H:mm", true],
    ["13 Dec 2025", "D MMM YYYY", true],
    ["Jan 5, 2025, 1:08:00 PM", "MMM D, YYYY, h:mm:ss A", true],
    ["2025-Dec-13 08:00", "YYYY-MMM-D H:mm", true]
  ])("%s → %s (sure: %s), a format the mapping reads", (value, format, sure) => {
    expect(guessFormat(value)).toEqual({format, sure});
    const bytes = Buffer.from(value);
    expect(Number.isNaN(timestampParser({format})(bytes, 0, bytes.length))).toBe(false);
  });

  it("is null for what is not a numeric date", () => {
    expect(["2024-01-05", "yesterday", "12/2024", "1/2/3/4"].map(guessFormat)).toEqual([null, null, null, null]);
  });
});
