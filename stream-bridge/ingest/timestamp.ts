import {PulseError} from "../../lib/errors.ts";

/**
 * Timestamps to epoch milliseconds without Date.parse (which is slow and guesses local time).
 * A parser returns NaN for text it cannot read. Times without an explicit offset are in the
 * parser's timezone (UTC unless a mapping says otherwise); date-only values are midnight there.
 */
export type TimestampParser = (buf: Uint8Array, start: number, end: number) => number;

export interface TimestampOptions {
  /** e.g. "DD/MM/YYYY HH:mm", "YYYY-MM-DD", "X" (epoch seconds), "x" (epoch ms); default: ISO 8601 and epoch numbers. */
  format?: string;
  /** IANA zone for local times (default "UTC"). */
  timezone?: string;
}

export function timestampParser({format, timezone = "UTC"}: TimestampOptions = {}): TimestampParser {
  const toUtc = zoneConverter(timezone);
  if (format === undefined || format === "" || format.toLowerCase() === "iso") return (buf, s, e) => parseIso(buf, s, e, toUtc);
  if (format === "X") return (buf, s, e) => parseEpoch(buf, s, e, 1000);
  if (format === "x") return (buf, s, e) => parseEpoch(buf, s, e, 1);
  return compileFormat(format, toUtc);
}

/**
 * The date part of a format with a time of day: everything before its first hour token (outside
 * [literals]), without the separators that led to it ("M/D/YYYY H:mm" → "M/D/YYYY"). A format
 * without an hour is returned as it is.
 */
export function dateFormat(format: string): string {
  let inLiteral = false;
  for (let i = 0; i < format.length; ++i) {
    const c = format[i];
    if (c === "[") inLiteral = true;
    else if (c === "]") inLiteral = false;
    else if (!inLiteral && (c === "H" || c === "h")) return format.slice(0, i).replace(/(?:\[[^\]]*\]|[\s,;:T@-])+$/, "");
  }
  return format;
}

/** Convenience for strings (tests, options): parses `text` with the given options. */
export function parseTimestamp(text: string, options?: TimestampOptions): number {
  const bytes = Buffer.from(text, "utf8");
  return timestampParser(options)(bytes, 0, bytes.length);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** The last valid date wallTime saw (as y·10⁴ + mo·100 + d: fields have at most 2 digits) and its day number. */
let lastDate = -1;
let lastDay = 0;

/** Wall-clock fields to epoch ms, or NaN when a field is out of range. */
function wallTime(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  // Consecutive rows of a file mostly share their date: check and convert it once.
  const date = y * 10_000 + mo * 100 + d;
  if (date !== lastDate) {
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
    lastDay = daysFromCivil(y, mo, d);
    lastDate = date;
  }
  if (h > 23 || mi > 59 || s > 59) return NaN;
  return ((lastDay * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms;
}

const DAY_MS = 86_400_000;

/** Returns a function from local wall time (as if UTC) to UTC epoch ms in the zone. */
function zoneConverter(timezone: string): (wall: number) => number {
  if (/^(utc|z|gmt|etc\/utc|etc\/gmt)$/i.test(timezone)) return (wall) => wall;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric"
    });
  } catch {
    throw new PulseError("E_BAD_INPUT", `invalid timezone: ${JSON.stringify(timezone)} (expected an IANA name such as Europe/Paris)`);
  }
  // Offset (ms) of the zone at a UTC instant, cached per quarter hour: zones only change offset on those.
  const cache = new Map<number, number>();
  const offsetAt = (utc: number): number => {
    const bucket = Math.floor(utc / 900_000);
    let offset = cache.get(bucket);
    if (offset === undefined) {
      const parts: Record<string, number> = {};
      for (const part of format.formatToParts(new Date(bucket * 900_000))) if (part.type !== "literal") parts[part.type] = Number(part.value);
      offset = wallTime(parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, 0) - bucket * 900_000;
      if (cache.size > 100_000) cache.clear();
      cache.set(bucket, offset);
    }
    return offset;
  };
  // As Temporal's "compatible" disambiguation (and java.time): a wall time the clocks pass twice
  // (the repeated hour when DST ends) is its first occurrence; one they skip (the hour lost when DST
  // starts) reads with the offset before the change, so 02:30 becomes 03:30. The offsets a day
  // before and after are the candidates: no zone changes its offset twice within two days.
  return (wall) => {
    if (Number.isNaN(wall)) return wall;
    const before = offsetAt(wall - DAY_MS);
    const after = offsetAt(wall + DAY_MS);
    const early = wall - Math.max(before, after);
    if (before === after || offsetAt(early) === Math.max(before, after)) return early;
    const late = wall - Math.min(before, after);
    if (offsetAt(late) === Math.min(before, after)) return late;
    return wall - before;
  };
}

const D0 = 48;

function digits(buf: Uint8Array, i: number, n: number, end: number): number {
  if (i + n > end) return -1;
  let v = 0;
  for (let k = 0; k < n; ++k) {
    const c = buf[i + k] - D0;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * ISO 8601 and friends: `YYYY-MM-DD`, `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]]` with an optional `Z`,
 * `±HH:MM`, `±HHMM` or ` UTC`; `/` also separates the date; `YYYYMMDD`; epoch seconds (9–11
 * digits, optional decimals) or milliseconds (12–14 digits).
 */
function parseIso(buf: Uint8Array, s: number, e: number, toUtc: (wall: number) => number): number {
  while (s < e && buf[s] === 32) ++s;
  while (e > s && buf[e - 1] === 32) --e;
  const n = e - s;
  if (n === 0) return NaN;
  if (n >= 9 && buf[s + 4] !== 45 && buf[s + 4] !== 47) {
    // All digits (maybe with a fraction): epoch seconds or milliseconds.
    let intDigits = 0;
    while (intDigits < n && isDigit(buf[s + intDigits])) ++intDigits;
    if (intDigits >= 9 && intDigits <= 11) return parseEpoch(buf, s, e, 1000);
    if (intDigits >= 12 && intDigits <= 14 && intDigits === n) return parseEpoch(buf, s, e, 1);
    return NaN;
  }
  const y = digits(buf, s, 4, e);
  if (y < 0) return NaN;
  let i = s + 4;
  let mo: number, d: number;
  if (n === 8) {
    mo = digits(buf, i, 2, e);
    d = digits(buf, i + 2, 2, e);
    if (mo < 0 || d < 0) return NaN;
    return toUtc(wallTime(y, mo, d, 0, 0, 0, 0));
  }
  const sep = buf[i];
  if (sep !== 45 && sep !== 47) return NaN;
  mo = digits(buf, i + 1, 2, e);
  if (mo < 0 || buf[i + 3] !== sep) return NaN;
  d = digits(buf, i + 4, 2, e);
  if (d < 0) return NaN;
  i += 6;
  if (i === e) return toUtc(wallTime(y, mo, d, 0, 0, 0, 0));
  if (buf[i] !== 84 && buf[i] !== 116 && buf[i] !== 32) return NaN; // T, t or space
  ++i;
  const h = digits(buf, i, 2, e);
  if (h < 0 || buf[i + 2] !== 58) return NaN;
  const mi = digits(buf, i + 3, 2, e);
  if (mi < 0) return NaN;
  i += 5;
  let sec = 0;
  let ms = 0;
  if (i < e && buf[i] === 58) {
    sec = digits(buf, i + 1, 2, e);
    if (sec < 0) return NaN;
    i += 3;
    if (i < e && (buf[i] === 46 || buf[i] === 44)) {
      // Fraction: milliseconds from the first three digits, the rest truncated.
      ++i;
      const fracStart = i;
      let scale = 100;
      while (i < e && isDigit(buf[i])) {
        if (scale >= 1) ms += (buf[i] - D0) * scale;
        scale /= 10;
        ++i;
      }
      if (i === fracStart) return NaN;
    }
  }
  const wall = wallTime(y, mo, d, h, mi, sec, Math.floor(ms));
  if (i === e) return toUtc(wall);
  return applyZone(buf, i, e, wall);
}

/** Parses a trailing `Z`, ` UTC`, `±HH`, `±HH:MM` or `±HHMM` (optionally after a space) at i. */
function applyZone(buf: Uint8Array, i: number, e: number, wall: number): number {
  if (buf[i] === 32) ++i;
  if (i === e) return NaN;
  const c = buf[i];
  if ((c === 90 || c === 122) && i + 1 === e) return wall;
  if (e - i === 3 && (c === 85 || c === 117) && (buf[i + 1] | 32) === 116 && (buf[i + 2] | 32) === 99) return wall; // UTC
  if (c !== 43 && c !== 45) return NaN;
  const sign = c === 45 ? -1 : 1;
  const oh = digits(buf, i + 1, 2, e);
  if (oh < 0 || oh > 23) return NaN;
  let j = i + 3;
  let om = 0;
  if (j < e) {
    if (buf[j] === 58) ++j;
    om = digits(buf, j, 2, e);
    if (om < 0 || om > 59 || j + 2 !== e) return NaN;
  }
  return wall - sign * (oh * 60 + om) * 60_000;
}

function parseEpoch(buf: Uint8Array, s: number, e: number, scale: number): number {
  while (s < e && buf[s] === 32) ++s;
  while (e > s && buf[e - 1] === 32) --e;
  if (s === e) return NaN;
  let text = "";
  for (let i = s; i < e; ++i) {
    const c = buf[i];
    if (!isDigit(c) && c !== 46 && !(c === 45 && i === s)) return NaN;
    text += String.fromCharCode(c);
  }
  const value = Number(text);
  return Number.isFinite(value) ? Math.round(value * scale) : NaN;
}

const monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

type Token =
  | {kind: "number"; field: "y" | "y2" | "mo" | "d" | "h" | "h12" | "mi" | "s"; min: number; max: number}
  | {kind: "fraction"}
  | {kind: "monthName"}
  | {kind: "ampm"}
  | {kind: "zone"}
  | {kind: "literal"; bytes: number[]};

const tokenTable: [string, Token][] = [
  ["YYYY", {kind: "number", field: "y", min: 4, max: 4}],
  ["YY", {kind: "number", field: "y2", min: 2, max: 2}],
  ["MMM", {kind: "monthName"}],
  ["MM", {kind: "number", field: "mo", min: 2, max: 2}],
  ["M", {kind: "number", field: "mo", min: 1, max: 2}],
  ["DD", {kind: "number", field: "d", min: 2, max: 2}],
  ["D", {kind: "number", field: "d", min: 1, max: 2}],
  ["HH", {kind: "number", field: "h", min: 2, max: 2}],
  ["H", {kind: "number", field: "h", min: 1, max: 2}],
  ["hh", {kind: "number", field: "h12", min: 2, max: 2}],
  ["h", {kind: "number", field: "h12", min: 1, max: 2}],
  ["mm", {kind: "number", field: "mi", min: 2, max: 2}],
  ["ss", {kind: "number", field: "s", min: 2, max: 2}],
  ["SSS", {kind: "fraction"}],
  ["A", {kind: "ampm"}],
  ["a", {kind: "ampm"}],
  ["Z", {kind: "zone"}]
];

/** Compiles a moment/dayjs-style pattern (YYYY YY MMM MM M DD D HH H hh h mm ss SSS A Z, [literal]). */
function compileFormat(format: string, toUtc: (wall: number) => number): TimestampParser {
  const tokens: Token[] = [];
  const literal = (text: string) => {
    const bytes = [...Buffer.from(text, "utf8")];
    const last = tokens[tokens.length - 1];
    if (last?.kind === "literal") last.bytes.push(...bytes);
    else tokens.push({kind: "literal", bytes});
  };
  for (let i = 0; i < format.length; ) {
    if (format[i] === "[") {
      const close = format.indexOf("]", i);
      if (close < 0) throw new PulseError("E_BAD_INPUT", `invalid timestamp format ${JSON.stringify(format)}: unclosed [`);
      literal(format.slice(i + 1, close));
      i = close + 1;
      continue;
    }
    const match = tokenTable.find(([text]) => format.startsWith(text, i));
    if (match) {
      tokens.push(match[1]);
      i += match[0].length;
    } else {
      if (/[A-Za-z]/.test(format[i])) throw new PulseError("E_BAD_INPUT", `invalid timestamp format ${JSON.stringify(format)}: unknown token ${JSON.stringify(format[i])} (quote literals in [])`);
      literal(format[i++]);
    }
  }
  if (!tokens.some((t) => t.kind === "number" && (t.field === "y" || t.field === "y2"))) {
    throw new PulseError("E_BAD_INPUT", `invalid timestamp format ${JSON.stringify(format)}: no year (YYYY or YY)`);
  }
  return (buf, s, e) => {
    while (s < e && buf[s] === 32) ++s;
    while (e > s && buf[e - 1] === 32) --e;
    let y = 1970, mo = 1, d = 1, h = 0, mi = 0, sec = 0, ms = 0;
    let pm = -1;
    let h12 = -1;
    let i = s;
    for (let t = 0; t < tokens.length; ++t) {
      const token = tokens[t];
      switch (token.kind) {
        case "literal":
          for (const b of token.bytes) if (buf[i++] !== b) return NaN;
          break;
        case "number": {
          let v = 0;
          let k = 0;
          while (k < token.max && i < e && isDigit(buf[i])) v = v * 10 + buf[i++] - D0, ++k;
          if (k < token.min) return NaN;
          if (token.field === "y") y = v;
          else if (token.field === "y2") y = v < 70 ? 2000 + v : 1900 + v;
          else if (token.field === "mo") mo = v;
          else if (token.field === "d") d = v;
          else if (token.field === "h") h = v;
          else if (token.field === "h12") h12 = v;
          else if (token.field === "mi") mi = v;
          else sec = v;
          break;
        }
        case "fraction": {
          let scale = 100;
          const start = i;
          while (i < e && isDigit(buf[i])) {
            if (scale >= 1) ms += (buf[i] - D0) * scale;
            scale /= 10;
            ++i;
          }
          if (i === start) return NaN;
          break;
        }
        case "monthName": {
          if (i + 3 > e) return NaN;
          const name = String.fromCharCode(buf[i] | 32, buf[i + 1] | 32, buf[i + 2] | 32);
          const k = monthNames.indexOf(name);
          if (k < 0) return NaN;
          mo = k + 1;
          i += 3;
          while (i < e && ((buf[i] | 32) >= 97 && (buf[i] | 32) <= 122)) ++i; // "March", "Sept."
          break;
        }
        case "ampm": {
          const c = buf[i] | 32;
          if ((c !== 97 && c !== 112) || (buf[i + 1] | 32) !== 109) return NaN;
          pm = c === 112 ? 1 : 0;
          i += 2;
          break;
        }
        case "zone": {
          // The zone ends the text; its shift replaces the timezone conversion.
          const shift = i < e ? applyZone(buf, i, e, 0) : NaN;
          return Number.isNaN(shift) ? NaN : finish(shift, true);
        }
      }
    }
    if (i !== e) return NaN;
    return finish(0, false);

    function finish(zoneShift: number, zoned: boolean): number {
      if (h12 >= 0) {
        if (h12 < 1 || h12 > 12 || pm < 0) return NaN;
        h = (h12 % 12) + (pm ? 12 : 0);
      }
      const wall = wallTime(y, mo, d, h, mi, sec, Math.floor(ms));
      return zoned ? wall + zoneShift : toUtc(wall);
    }
  };
}
