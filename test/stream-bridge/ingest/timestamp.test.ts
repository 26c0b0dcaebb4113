import {describe, expect, it} from "vitest";
import {parseCents} from "../../../lib/money.ts";
import {parseCentsBytes, parseNumberBytes} from "../../../stream-bridge/ingest/numbers.ts";
import {dateFormat, daysFromCivil, parseTimestamp} from "../../../stream-bridge/ingest/timestamp.ts";

describe("parseTimestamp (ISO default)", () => {
  it("reads ISO 8601 forms as UTC unless an offset says otherwise", () => {
    expect(parseTimestamp("2026-10-01T08:00:50Z")).toBe(Date.UTC(2026, 9, 1, 8, 0, 50));
    expect(parseTimestamp("2026-10-01 08:00:50")).toBe(Date.UTC(2026, 9, 1, 8, 0, 50));
    expect(parseTimestamp("2026-10-01T08:00")).toBe(Date.UTC(2026, 9, 1, 8, 0));
    expect(parseTimestamp("2026-10-01T08:00:50.123456Z")).toBe(Date.UTC(2026, 9, 1, 8, 0, 50, 123));
    expect(parseTimestamp("2026-10-01T08:00:50+02:00")).toBe(Date.UTC(2026, 9, 1, 6, 0, 50));
    expect(parseTimestamp("2026-10-01T08:00:50-0530")).toBe(Date.UTC(2026, 9, 1, 13, 30, 50));
    expect(parseTimestamp("2026-10-01 08:00:50 UTC")).toBe(Date.UTC(2026, 9, 1, 8, 0, 50));
    expect(parseTimestamp("2026/10/01")).toBe(Date.UTC(2026, 9, 1));
    expect(parseTimestamp("20261001")).toBe(Date.UTC(2026, 9, 1));
  });

  it("reads date-only values as midnight in the timezone", () => {
    expect(parseTimestamp("2024-02-29")).toBe(Date.UTC(2024, 1, 29));
    expect(parseTimestamp("2024-07-01", {timezone: "America/New_York"})).toBe(Date.UTC(2024, 6, 1, 4));
  });

  it("reads epoch seconds and milliseconds", () => {
    expect(parseTimestamp("1790841650")).toBe(1790841650000);
    expect(parseTimestamp("1790841650.5")).toBe(1790841650500);
    expect(parseTimestamp("1790841650123")).toBe(1790841650123);
  });

  it("rejects impossible dates and garbage (NaN)", () => {
    for (const bad of ["", "2026-13-01", "2026-02-30", "2023-02-29", "2026-10-01T25:00:00Z", "2026-10-01T08:60:00Z", "2026-10-01T08:00:00X", "yesterday", "2026-10", "12345"]) {
      expect(parseTimestamp(bad), bad).toBeNaN();
    }
  });

  it("agrees with Date.UTC across eras (days_from_civil)", () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [1969, 12, 31],
      [1900, 3, 1],
      [2000, 2, 29],
      [2100, 12, 31],
      [1600, 1, 1]
    ]) {
      expect(daysFromCivil(y, m, d) * 86_400_000).toBe(Date.UTC(y, m - 1, d));
    }
  });
});

describe("parseTimestamp with a format", () => {
  it("reads day-first, month names, 12-hour clocks, fractions, zones and literals", () => {
    expect(parseTimestamp("05/03/2024 14:07", {format: "DD/MM/YYYY HH:mm"})).toBe(Date.UTC(2024, 2, 5, 14, 7));
    expect(parseTimestamp("5/3/24 2:07 PM", {format: "D/M/YY h:mm A"})).toBe(Date.UTC(2024, 2, 5, 14, 7));
    expect(parseTimestamp("12:30 am 1 Jan 2024", {format: "hh:mm a D MMM YYYY"})).toBe(Date.UTC(2024, 0, 1, 0, 30));
    expect(parseTimestamp("March 5 2024", {format: "MMM D YYYY"})).toBe(Date.UTC(2024, 2, 5));
    expect(parseTimestamp("2024-03-05 14:07:09.25 +01:00", {format: "YYYY-MM-DD HH:mm:ss.SSS Z"})).toBe(Date.UTC(2024, 2, 5, 13, 7, 9, 250));
    expect(parseTimestamp("2024-03-05 at 14h", {format: "YYYY-MM-DD [at] HH[h]"})).toBe(Date.UTC(2024, 2, 5, 14));
    expect(parseTimestamp("1700000000", {format: "X"})).toBe(1_700_000_000_000);
    expect(parseTimestamp("1700000000123", {format: "x"})).toBe(1_700_000_000_123);
  });

  it("reads a repeated wall time (DST ends) as its first occurrence and a skipped one (DST starts) with the offset before, in every zone", () => {
    const utc = (text: string, timezone: string) => new Date(parseTimestamp(text, {timezone})).toISOString();
    // The repeated hour: the first pass of the clocks, still on summer time, whichever side of UTC.
    expect(utc("2025-11-02 01:30", "America/New_York")).toBe("2025-11-02T05:30:00.000Z");
    expect(utc("2025-10-26 02:30", "Europe/Berlin")).toBe("2025-10-26T00:30:00.000Z");
    expect(utc("2025-10-26 01:30", "Europe/London")).toBe("2025-10-26T00:30:00.000Z");
    expect(utc("2025-04-06 02:30", "Australia/Sydney")).toBe("2025-04-05T15:30:00.000Z");
    // The skipped hour: 02:30 reads as 03:30 summer time.
    expect(utc("2025-03-09 02:30", "America/New_York")).toBe("2025-03-09T07:30:00.000Z");
    expect(utc("2025-03-30 02:30", "Europe/Berlin")).toBe("2025-03-30T01:30:00.000Z");
    // Either side of the changes, and zones without DST.
    expect(utc("2025-11-02 00:30", "America/New_York")).toBe("2025-11-02T04:30:00.000Z");
    expect(utc("2025-11-02 02:30", "America/New_York")).toBe("2025-11-02T07:30:00.000Z");
    expect(utc("2025-01-01 12:00", "Asia/Kolkata")).toBe("2025-01-01T06:30:00.000Z");
  });

  it("applies the timezone to local times, not to times with an explicit zone", () => {
    expect(parseTimestamp("05/03/2024 14:07", {format: "DD/MM/YYYY HH:mm", timezone: "Asia/Tokyo"})).toBe(Date.UTC(2024, 2, 5, 5, 7));
    expect(parseTimestamp("05/03/2024 14:07 Z", {format: "DD/MM/YYYY HH:mm Z", timezone: "Asia/Tokyo"})).toBe(Date.UTC(2024, 2, 5, 14, 7));
  });

  it("dateFormat: a format's date part, before its first hour token", () => {
    expect(dateFormat("M/D/YYYY H:mm")).toBe("M/D/YYYY");
    expect(dateFormat("DD.MM.YYYY, HH:mm:ss")).toBe("DD.MM.YYYY");
    expect(dateFormat("YYYY-MM-DD[T]HH:mm")).toBe("YYYY-MM-DD");
    expect(dateFormat("[at] h:mm A [on] D MMM YYYY")).toBe("");
    expect(dateFormat("DD/MM/YYYY")).toBe("DD/MM/YYYY");
    expect(dateFormat("[Hour] DD/MM/YYYY")).toBe("[Hour] DD/MM/YYYY");
  });

  it("returns NaN for text that does not match, and throws on a bad format", () => {
    expect(parseTimestamp("2024-03-05", {format: "DD/MM/YYYY"})).toBeNaN();
    expect(parseTimestamp("31/02/2024", {format: "DD/MM/YYYY"})).toBeNaN();
    expect(parseTimestamp("13:00 PM 1/1/2024", {format: "h:mm A D/M/YYYY"})).toBeNaN();
    expect(() => parseTimestamp("x", {format: "DD/MM"})).toThrow(/no year/);
    expect(() => parseTimestamp("x", {format: "YYYY-Q"})).toThrow(/unknown token "Q"/);
  });
});

describe("parseCentsBytes", () => {
  const cents = (text: string, decimal?: number) => {
    const bytes = Buffer.from(text);
    return parseCentsBytes(bytes, 0, bytes.length, decimal);
  };

  it("matches lib/money parseCents on every accepted and rejected form", () => {
    const samples = ["0", "12.99", " 12.99 ", "-3.5", "+7", ".5", "12.", "1.005", "1.004", "-1.005", "99999999.999", "", ".", "-", "1e3", "12.9.9", "4 5", "N/A", "$4.99", "1O", "--3", "0.125", "7.1", "00012.30"];
    for (const text of samples) expect(cents(text), text).toEqual(parseCents(text));
    // Random decimals with up to 4 fraction digits.
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 2000; ++i) {
      const text = `${random() < 0.2 ? "-" : ""}${Math.floor(random() * 100000)}.${String(Math.floor(random() * 10000)).padStart(1 + Math.floor(random() * 4), "0")}`;
      expect(cents(text), text).toBe(parseCents(text));
    }
  });

  it("reads a decimal comma when asked", () => {
    expect(cents("1234,56", 44)).toBe(123456);
    expect(cents("1234.56", 44)).toBeNaN();
  });
});

describe("parseNumberBytes", () => {
  const number = (text: string) => {
    const bytes = Buffer.from(text);
    return parseNumberBytes(bytes, 0, bytes.length);
  };
  it("reads integers and decimals, NaN otherwise", () => {
    expect([number("3"), number(" 12 "), number("-2"), number("1.5"), number(".25")]).toEqual([3, 12, -2, 1.5, 0.25]);
    for (const bad of ["", "two", "4 5", "1e3", "1.2.3", "-", "0x10"]) expect(number(bad), bad).toBeNaN();
  });
});
