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
    if (total !== undefined && list.length * 2 >= total) {
      const hint = hintFor(reason, list[0]);
      if (hint) lines.push(`${source}: hint: ${hint}`);
    }
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
  private readonly firsts = new Map<string, Reject>();

  /** Counts a data row, and its reject if it is one. */
  row(reject: Reject | null): void {
    ++this.rows;
    if (reject === null) return;
    this.counts.set(reject.reason, (this.counts.get(reject.reason) ?? 0) + 1);
    if (!this.firsts.has(reject.reason)) this.firsts.set(reject.reason, reject);
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

  /** The usual fix when one reason took at least half the rows (as rejectSummary says it), else null. */
  hint(): string | null {
    const [top] = [...this.counts].sort((a, b) => b[1] - a[1]);
    return top && top[1] * 2 >= this.rows ? hintFor(top[0], this.firsts.get(top[0])!) : null;
  }
}

function hintFor(reason: string, first: Reject): string | null {
  if (reason === "bad_timestamp") {
    // The detail quotes the value as JSON (rows.ts).
    const quoted = /^\S+ ("(?:[^"\\]|\\.)*") is not a valid time$/.exec(first.detail ?? "")?.[1];
    const value = quoted === undefined ? undefined : (JSON.parse(quoted) as string);
    const guess = value === undefined ? null : guessFormat(value);
    const example = value === undefined ? "" : ` such as ${JSON.stringify(value)}`;
    return (
      `timestamps${example} are not ISO 8601; give their format in --mapping, ` +
      `e.g. {"timestamp": {"format": ${JSON.stringify(guess?.format ?? "DD/MM/YYYY HH:mm")}}}` +
      (guess && !guess.sure ? " (or day first, D before M, if that is how the file writes dates)" : "")
    );
  }
  if (reason === "unknown_store") return "most store ids are not in the --stores file: is it the right file (or its id column mapped)?";
  if (reason === "unknown_product") return "most product ids are not in the --products file: is it the right file (or its id column mapped)?";
  if (reason === "missing_field" || reason === "extra_field") return "most rows do not have the header's field count: is the delimiter right (a mapping's \"delimiter\")?";
  if (reason === "encoding_error") return "most rows are not UTF-8: the file is probably Windows-1252 or Latin-1 (Excel's plain \"CSV\"); save it as \"CSV UTF-8\" or convert it (iconv -f windows-1252 -t utf-8)";
  if (reason === "bad_number") return "most numbers do not parse: a decimal comma needs \"decimal\": \",\" in the mapping; currency signs and thousands separators are not read";
  return null;
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
  const m = new RegExp(`^(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4}|\\d{2})${clock}`).exec(text);
  if (!m) return null;
  const [, a, separator, b, year, between, , , seconds, space, ampm] = m;
  const dayFirst = Number(a) > 12 && Number(b) <= 12;
  const sure = dayFirst || (Number(a) <= 12 && Number(b) > 12);
  const date = (dayFirst ? ["D", "M"] : ["M", "D"]).join(separator) + separator + (year.length === 4 ? "YYYY" : "YY");
  return {format: date + time(between, seconds, space, ampm), sure};
}
