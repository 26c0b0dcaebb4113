/**
 * Splits CSV text into records of fields (RFC 4180: quoted fields may hold commas, doubled quotes
 * and newlines). Each record carries the 1-based line it starts on. A trailing newline does not
 * make an empty record; blank lines come back as a record with one empty field.
 */
export function csvRecords(text: string): {line: number; fields: string[]}[] {
  const records: {line: number; fields: string[]}[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let start = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
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
      for (const ch of text.slice(i, j)) if (ch === "\n") ++line;
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
      records.push({line: start, fields});
      fields = [];
      field = "";
      if (c === "\r" && text[i + 1] === "\n") ++i;
      start = ++line;
    } else {
      field += c;
    }
    ++i;
  }
  if (field !== "" || fields.length) {
    fields.push(field);
    records.push({line: start, fields});
  }
  return records;
}
