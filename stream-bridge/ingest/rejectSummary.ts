import type {Reject} from "../events.ts";

/**
 * What a command prints about its rejected rows: per input, how many of its rows were rejected, by
 * reason (most first, with the first line of each); and when one reason took most of an input's
 * rows, which is nearly always a setting rather than bad data, what usually fixes it.
 * `rows` is the number of data rows read per input (by the name rejects carry, the file's base name);
 * `where` names where the rejects themselves went.
 */
export function rejectSummary(rejects: Reject[], rows: Map<string, number>, where: string): string[] {
  const bySource = new Map<string, Map<string, Reject[]>>();
  for (const reject of rejects) {
    let reasons = bySource.get(reject.source);
    if (!reasons) bySource.set(reject.source, (reasons = new Map()));
    let list = reasons.get(reject.reason);
    if (!list) reasons.set(reject.reason, (list = []));
    list.push(reject);
  }
  const lines: string[] = [];
  // Inputs in the order given, then any other source.
  const sources = [...new Set([...rows.keys(), ...bySource.keys()])].filter((source) => bySource.has(source));
  for (const source of sources) {
    const reasons = bySource.get(source)!;
    const total = rows.get(source);
    const count = [...reasons.values()].reduce((sum, list) => sum + list.length, 0);
    const ranked = [...reasons].sort((a, b) => b[1].length - a[1].length);
    const parts = ranked.map(([reason, list]) => `${reason} ${list.length.toLocaleString("en-US")} (first line ${list[0].line})`);
    const of = total === undefined ? "" : ` of ${total.toLocaleString("en-US")}`;
    lines.push(`${source}: ${count.toLocaleString("en-US")}${of} ${(total ?? count) === 1 ? "row" : "rows"} rejected: ${parts.join(", ")}; all in ${where}`);
    const [reason, list] = ranked[0];
    const hint = (total !== undefined && list.length * 2 >= total ? hintFor(reason, list) : null) ?? anyShareHint(reasons);
    if (hint) lines.push(`${source}: hint: ${hint}`);
  }
  return lines;
}

/**
 * Rejects of one input counted by reason as they stream by (keeping only the first of each), for
 * readers that hold no reject objects: the same counts and hint rejectSummary gives.
 */
export class RejectTally {
  rows = 0;
  private readonly counts = new Map<string, number>();
  /** The first SAMPLES rejects of each reason (the hints look at several values, not only the first). */
  private readonly samples = new Map<string, Reject[]>();

  /** Counts a data row, and its reject if it is one. */
  row(reject: Reject | null): void {
    ++this.rows;
    if (reject === null) return;
    this.counts.set(reject.reason, (this.counts.get(reject.reason) ?? 0) + 1);
    const samples = this.samples.get(reject.reason);
    if (!samples) this.samples.set(reject.reason, [reject]);
    else if (samples.length < SAMPLES) samples.push(reject);
  }

  get rejected(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  /** "bad_number 3, missing_field 1", most first. */
  reasons(): string {
    return [...this.counts].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${reason} ${n}`).join(", ");
  }

  /** The usual fix when one reason took at least half the rows, or for any invalid UTF-8 (as rejectSummary says it), else null. */
  hint(): string | null {
    const [top] = [...this.counts].sort((a, b) => b[1] - a[1]);
    return (top && top[1] * 2 >= this.rows ? hintFor(top[0], this.samples.get(top[0])!) : null) ?? anyShareHint(this.samples);
  }
}

/**
 * The hints worth giving whatever share of the rows a reason took: invalid UTF-8 (a legacy encoding
 * shows only in rows with accents, each a lost sale) and negative quantities (returns, which the
 * mapping can read as refunds). `reasons`: the first rejects of each reason.
 */
function anyShareHint(reasons: Map<string, Reject[]>): string | null {
  const encoding = reasons.get("encoding_error");
  if (encoding) return hintFor("encoding_error", encoding);
  const quantity = reasons.get("bad_quantity");
  return quantity ? hintFor("bad_quantity", quantity) : null;
}

/** Rejects of one reason a hint looks at. */
const SAMPLES = 64;

/** The usual fix for an input whose rejects are mostly `reason`, from its first rejects of that reason (`rejects[0]` the first). */
function hintFor(reason: string, rejects: Reject[]): string | null {
  const first = rejects[0];
  if (reason === "bad_timestamp") {
    // The detail quotes the value as JSON (rows.ts).
    const quoted = /^\S+ ("(?:[^"\\]|\\.)*") is not a valid time$/.exec(first.detail ?? "")?.[1];
    const value = quoted === undefined ? undefined : (JSON.parse(quoted) as string);
    const guess = value === undefined ? null : guessFormat(value);
    const example = value === undefined ? "" : ` such as ${JSON.stringify(value)}`;
    if (!guess) {
      return `timestamps${example} are not ISO 8601; give their format in --mapping, {"timestamp": {"format": "..."}}, with the tokens of docs/engine.md ("Timestamps"): e.g. "DD/MM/YYYY HH:mm" reads "31/12/2025 14:05"`;
    }
    return (
      `timestamps${example} are not ISO 8601; give their format in --mapping, ` +
      `e.g. {"timestamp": {"format": ${JSON.stringify(guess.format)}}}` +
      (guess.sure ? "" : " (or day first, D before M, if that is how the file writes dates)")
    );
  }
  if (reason === "unknown_store") return "most store ids are not in the --stores file: is it the right file (or its id column mapped)?";
  if (reason === "unknown_product") return "most product ids are not in the --products file: is it the right file (or its id column mapped)?";
  if (reason === "missing_field") {
    // rows.ts: "<field> is empty" for an empty cell, "<n> fields, header has <m>" for a short row.
    const field = /^(\w+) is empty$/.exec(first.detail ?? "")?.[1];
    if (field) {
      const fill = field === "discount" || field === "quantity" ? (field === "discount" ? "0" : "1") : "unknown";
      return `most rows leave ${field} empty: if an empty cell means ${field === "discount" ? "no discount" : field === "quantity" ? "one unit" : "not known"}, give it a default in the mapping, e.g. {"${field}": {"default": "${fill}"}}`;
    }
  }
  if (reason === "missing_field" || reason === "extra_field") return "most rows do not have the header's field count: is the delimiter right (a mapping's \"delimiter\")?";
  // Any invalid UTF-8, however few rows: a legacy encoding shows only in the rows with accents or signs (é, ®, –), each a lost sale.
  if (reason === "encoding_error") return 'rows that are not UTF-8 mean the file is probably Windows-1252 or Latin-1 (Excel\'s plain "CSV"): read it as such with {"encoding": "windows-1252"} in the mapping, or save it as "CSV UTF-8"';
  if (reason === "bad_number") return numberHint(rejects.slice(0, SAMPLES));
  // rows.ts: "quantity -2 is not positive". Negative sale quantities are returns (Online Retail's C-invoices).
  if (reason === "bad_quantity" && rejects.some((r) => /^quantity -\S+ is not positive$/.test(r.detail ?? ""))) {
    return 'lines with a negative quantity look like returns: {"returns": "refund"} in the mapping reads them as refunds of their store and product (docs/engine.md)';
  }
  return null;
}

/** Thousands separators a mapping accepts (mapping.ts); no-break spaces count as a space. */
const SEPARATORS = [",", ".", " ", "'"];
const NOT_CURRENCY = /[\d\s.,'+\-()]/;

/**
 * What the mapping needs for numbers like the bad ones: the currency sign, decimal comma and thousands
 * separator they show, merged over the sampled values (the first may be "$0.00" and a later "$1,234.50"),
 * and only options the mapping accepts.
 */
function numberHint(rejects: Reject[]): string {
  const general = 'most numbers do not parse: a decimal comma needs "decimal": "," in the mapping, a currency sign "currency", a thousands separator "thousands" (docs/engine.md, "Money")';
  let example: string | null = null;
  let field = "";
  let currency: string | null = null;
  let comma = false;
  let thousands: string | null = null;
  for (const reject of rejects) {
    const match = /^(\w+) ("(?:[^"\\]|\\.)*") is not a number$/.exec(reject.detail ?? "");
    if (!match) continue;
    const value = (JSON.parse(match[2]) as string).replace(/[\u00a0\u202f]/g, " ").trim();
    if (!/\d/.test(value)) continue;
    // A currency sign or code before or after the number (and its sign).
    const sign = /^[+-]?\s*([^\d\s.,'+\-()]+)/.exec(value)?.[1] ?? /([^\d\s.,'+\-()]+)$/.exec(value)?.[1];
    const number = value.replace(/^[+-]?\s*[^\d\s.,'+\-()]*\s*|\s*[^\d\s.,'+\-()]*$/g, "").replace(/^[+-]\s*/, "");
    if (!/^\d[\d.,' ]*$/.test(number) || (sign && NOT_CURRENCY.test(sign))) continue;
    // "1,234.50" or "1.234,50": the last mark is the decimal one unless three digits follow it ("1,234").
    const last = Math.max(number.lastIndexOf("."), number.lastIndexOf(","));
    const markAt = last >= 0 && number.length - last - 1 !== 3 ? last : -1;
    const separators = [...new Set((markAt >= 0 ? number.slice(0, markAt) : number).replace(/\d/g, ""))];
    if (separators.length > 1 || (separators.length === 1 && !SEPARATORS.includes(separators[0]))) continue;
    if (sign && currency === null) currency = sign;
    if (markAt >= 0 && number[markAt] === ",") comma = true;
    if (separators.length === 1 && thousands === null) thousands = separators[0];
    if (example === null || (sign && separators.length)) [example, field] = [value, match[1]];
  }
  if (thousands === (comma ? "," : ".")) thousands = null; // contradictory values: say what is sure
  const options = [
    ...(currency ? [`"currency": ${JSON.stringify(currency)}`] : []),
    ...(comma ? ['"decimal": ","'] : []),
    ...(thousands ? [`"thousands": ${JSON.stringify(thousands)}`] : [])
  ];
  if (!options.length || example === null) return general;
  return `numbers such as ${JSON.stringify(example)} (${field}) need {${options.join(", ")}} in the mapping, for the whole file or in the field's options (docs/engine.md, "Money")`;
}

/**
 * A format (the mapping's tokens) for a numeric date like "12/1/2010 8:26" or "31.12.2024 23:59:05";
 * null when it is not one. `sure` is false when neither of the first two numbers is above 12: then
 * month-first is a guess.
 */
export function guessFormat(value: string): {format: string; sure: boolean} | null {
  const text = value.trim();
  const clock = "(?:([ T])(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:( ?)([AaPp][Mm]))?)?$";
  const time = (between: string | undefined, seconds: string | undefined, space: string | undefined, ampm: string | undefined) =>
    between === undefined ? "" : `${between === "T" ? "[T]" : " "}${ampm ? "h" : "H"}:mm${seconds === undefined ? "" : ":ss"}${ampm ? `${space}A` : ""}`;
  // Year first with one-digit months or days ("2019-1-5 13:08"), which ISO 8601 does not allow.
  const ymd = new RegExp(`^(\\d{4})([/.-])(\\d{1,2})\\2(\\d{1,2})${clock}`).exec(text);
  if (ymd) {
    const [, , separator, month, day, between, , , seconds, space, ampm] = ymd;
    // Two-digit months and days are ISO 8601 (or YYYY/MM/DD), read without a format: not the problem.
    if (month.length === 2 && day.length === 2 && !ampm) return null;
    return {format: `YYYY${separator}M${separator}D${time(between, seconds, space, ampm)}`, sure: true};
  }
  // Month names: "Dec 13, 2025 08:00 AM", "December 13 2025", "13 Dec 2025", "13-Dec-25".
  const named = new RegExp(`^([A-Za-z]{3,9})( )(\\d{1,2})(,?) (\\d{4})(,?)${clock}`).exec(text);
  if (named && isMonth(named[1])) {
    const [, , , , comma, , comma2, between, , , seconds, space, ampm] = named;
    return {format: `MMM D${comma} YYYY${comma2}${time(between, seconds, space, ampm)}`, sure: true};
  }
  // "2025-Dec-13 08:00"
  const yearNamed = new RegExp(`^(\\d{4})([ /-])([A-Za-z]{3,9})\\2(\\d{1,2})${clock}`).exec(text);
  if (yearNamed && isMonth(yearNamed[3])) {
    const [, , separator, , , between, , , seconds, space, ampm] = yearNamed;
    return {format: `YYYY${separator}MMM${separator}D${time(between, seconds, space, ampm)}`, sure: true};
  }
  const dayNamed = new RegExp(`^(\\d{1,2})([ -])([A-Za-z]{3,9})\\2(\\d{4}|\\d{2})${clock}`).exec(text);
  if (dayNamed && isMonth(dayNamed[3])) {
    const [, , separator, , year, between, , , seconds, space, ampm] = dayNamed;
    return {format: `D${separator}MMM${separator}${year.length === 4 ? "YYYY" : "YY"}${time(between, seconds, space, ampm)}`, sure: true};
  }
  const m = new RegExp(`^(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4}|\\d{2})${clock}`).exec(text);
  if (!m) return null;
  const [, a, separator, b, year, between, , , seconds, space, ampm] = m;
  const dayFirst = Number(a) > 12 && Number(b) <= 12;
  const sure = dayFirst || (Number(a) <= 12 && Number(b) > 12);
  const date = (dayFirst ? ["D", "M"] : ["M", "D"]).join(separator) + separator + (year.length === 4 ? "YYYY" : "YY");
  return {format: date + time(between, seconds, space, ampm), sure};
}

/** "Dec", "december", "Sept": a month's name or its first three letters or more. */
function isMonth(word: string): boolean {
  const w = word.toLowerCase();
  return ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"].some((name) => name.startsWith(w));
}
