import {describe, expect, it} from "vitest";
import {Rng} from "../../generator/prng.ts";
import {parseDate, Timestamps} from "../../generator/timestamp.ts";

describe("Timestamps", () => {
  it("formats like Date#toISOString without milliseconds, across days, months and years", () => {
    const rng = new Rng(11);
    const ts = new Timestamps();
    let t = Date.UTC(2026, 11, 30);
    for (let i = 0; i < 5000; ++i) {
      t += rng.int(7200) * 1000;
      expect(ts.format(t)).toBe(new Date(t).toISOString().replace(".000Z", "Z"));
    }
    expect(ts.format(Date.UTC(2026, 9, 1, 23, 59, 59))).toBe("2026-10-01T23:59:59Z");
  });
});

describe("parseDate", () => {
  it("reads real YYYY-MM-DD dates as UTC midnight and nothing else", () => {
    expect(parseDate("2026-10-01")).toBe(Date.UTC(2026, 9, 1));
    expect(parseDate("2028-02-29")).toBe(Date.UTC(2028, 1, 29));
    for (const bad of ["2026-02-30", "2026-13-01", "2026-1-01", "01/10/2026", "2026-10-01T00:00:00Z", "", "yesterday"]) expect(parseDate(bad), bad).toBeNaN();
  });
});
