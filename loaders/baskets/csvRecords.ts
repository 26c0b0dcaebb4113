export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Splits CSV text into records of fields (RFC 4180: quoted fields may hold commas, doubled quotes
 * and newlines). Each record carries the 1-based line it starts on. A trailing newline does not
 * make an empty record; blank lines come back as a record with one empty field.
 */
export function csvRecords(text: string): CsvRecord[] {
  return Array.from(eachCsvRecord(text));
}

/** The same records one at a time, so a 1M-line file never holds every record at once. */
export function* eachCsvRecord(text: string): Generator<CsvRecord> {
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  // The next quote, found once and reused: searching from every line would be quadratic.
  let quote = -1;
  while (pos < n) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = n;
    if (quote < pos) quote = text.indexOf('"', pos);
    if (quote < 0) quote = n;
    if (quote >= end) {
      // Most lines have no quotes: split them directly.
      const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      yield {line, fields: text.slice(pos, stop).split(",")};
      pos = end + 1;
      ++line;
      continue;
    }
    const record = quoted(text, pos, line);
    yield {line, fields: record.fields};
    line += record.lines;
    pos = record.next;
  }
}

/** Reads one record that holds a quote, starting at `pos`; it may span lines. */
function quoted(text: string, pos: number, line: number): {fields: string[]; next: number; lines: number} {
  const fields: string[] = [];
  let field = "";
  let lines = 1;
  let i = pos;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"' && field.trim() === "") {
      // A quoted field; whitespace before the opening quote is dropped.
      field = "";
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new SyntaxError(`unterminated quote starting on line ${line}`);
        field += text.slice(j, q);
        if (text[q + 1] === '"') {
          field += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      for (let k = i; k < j; ++k) if (text.charCodeAt(k) === 10) ++lines;
      i = j;
      // Anything between the closing quote and the next separator is kept as text.
      while (i < n && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") field += text[i++];
      continue;
    }
    if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      fields.push(field);
      return {fields, next: c === "\r" && text[i + 1] === "\n" ? i + 2 : i + 1, lines};
    } else {
      field += c;
    }
    ++i;
  }
  fields.push(field);
  return {fields, next: n, lines: lines};
}
