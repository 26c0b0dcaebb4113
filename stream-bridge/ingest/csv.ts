/**
 * A byte-level CSV record scanner (RFC 4180 plus what real exports do). It never builds
 * strings: it reports where a record and its fields start and end in the Buffer, so the
 * caller decodes only the fields it needs. Record terminators are LF, CRLF or a lone CR;
 * a field that starts with a quote is quoted ("" inside is a quote and newlines are data);
 * a quote anywhere else (inside an unquoted field, or after a closing quote) is malformed.
 */

export const enum Scan {
  /** A record was scanned into the CsvRecord. */
  Record = 0,
  /** A blank line (no bytes before the terminator): skip it. */
  Blank = 1,
  /** The record is not complete in the buffer: read more bytes (or call again with eof). */
  NeedMore = 2,
  /** Malformed CSV from rec.start; rec.errorDetail says why. */
  Error = 3
}

/** Reused for every record; field i spans [starts[i], ends[i]) (quotes excluded). */
export class CsvRecord {
  /** Offset of the first byte of the record in the buffer. */
  start = 0;
  /** Offset just after the record's last byte (terminator excluded). */
  end = 0;
  /** Offset of the next record (terminator included). */
  next = 0;
  /** Number of line terminators inside the record plus its own terminator (0 at EOF without one). */
  newlines = 0;
  count = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** 0 plain, 1 quoted, 2 quoted with doubled quotes to unescape. */
  quoted = new Uint8Array(64);
  /** All bytes of the record are < 0x80 (no UTF-8 validation or decoding needed). */
  ascii = true;
  /** 64-bit hash of the record's bytes (terminator excluded), as two 32-bit halves. */
  hashHi = 0;
  hashLo = 0;
  errorDetail = "";

  grow(): void {
    const n = this.starts.length * 2;
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    const quoted = new Uint8Array(n);
    starts.set(this.starts);
    ends.set(this.ends);
    quoted.set(this.quoted);
    this.starts = starts;
    this.ends = ends;
    this.quoted = quoted;
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Scans one record starting at `pos`. `limit` is the end of valid bytes; `eof` says no more
 * bytes will follow, so a record without a terminator ends there.
 */
export function scanRecord(buf: Uint8Array, pos: number, limit: number, eof: boolean, delimiter: number, rec: CsvRecord): Scan {
  rec.start = pos;
  rec.count = 0;
  rec.newlines = 0;
  let ascii = 0;
  // FNV-1a and a murmur-style multiply, each over every byte: two independent 32-bit hashes.
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9747b28c | 0;
  let i = pos;
  if (i >= limit) {
    rec.end = rec.next = pos;
    return eof ? Scan.Blank : Scan.NeedMore;
  }
  let b = buf[i];
  if (b === LF) {
    rec.end = i;
    rec.next = i + 1;
    rec.newlines = 1;
    return Scan.Blank;
  }
  if (b === CR) {
    if (i + 1 >= limit && !eof) return Scan.NeedMore;
    rec.end = i;
    rec.next = i + 1 < limit && buf[i + 1] === LF ? i + 2 : i + 1;
    rec.newlines = 1;
    return Scan.Blank;
  }
  for (;;) {
    // Start of a field at i.
    if (rec.count === rec.starts.length) rec.grow();
    const f = rec.count++;
    if (i < limit && buf[i] === QUOTE) {
      h1 = Math.imul(h1 ^ QUOTE, 0x01000193);
      h2 = Math.imul(h2 ^ QUOTE, 0x5bd1e995);
      const fieldStart = ++i;
      let escaped = 0;
      for (;;) {
        if (i >= limit) {
          if (!eof) return Scan.NeedMore;
          rec.errorDetail = "unterminated quoted field";
          rec.end = limit;
          rec.next = limit;
          return Scan.Error;
        }
        b = buf[i];
        h1 = Math.imul(h1 ^ b, 0x01000193);
        h2 = Math.imul(h2 ^ b, 0x5bd1e995);
        ascii |= b;
        if (b === QUOTE) {
          if (i + 1 >= limit && !eof) return Scan.NeedMore;
          if (i + 1 < limit && buf[i + 1] === QUOTE) {
            escaped = 1;
            h1 = Math.imul(h1 ^ QUOTE, 0x01000193);
            h2 = Math.imul(h2 ^ QUOTE, 0x5bd1e995);
            i += 2;
            continue;
          }
          break;
        }
        if (b === LF) rec.newlines++;
        else if (b === CR && !(i + 1 < limit && buf[i + 1] === LF)) rec.newlines++;
        ++i;
      }
      rec.starts[f] = fieldStart;
      rec.ends[f] = i;
      rec.quoted[f] = 1 + escaped;
      ++i; // past the closing quote
      if (i >= limit) {
        if (!eof) return Scan.NeedMore;
        rec.end = rec.next = i;
        break;
      }
      b = buf[i];
      if (b === delimiter) {
        h1 = Math.imul(h1 ^ b, 0x01000193);
        h2 = Math.imul(h2 ^ b, 0x5bd1e995);
        ++i;
        continue;
      }
      if (b === LF || b === CR) {
        if (b === CR && i + 1 >= limit && !eof) return Scan.NeedMore;
        rec.end = i;
        rec.next = b === CR && i + 1 < limit && buf[i + 1] === LF ? i + 2 : i + 1;
        rec.newlines++;
        break;
      }
      rec.errorDetail = `unexpected ${JSON.stringify(String.fromCharCode(b))} after a closing quote`;
      rec.end = i;
      rec.next = i;
      return Scan.Error;
    }
    // Unquoted field: runs to the delimiter or the end of the line.
    const fieldStart = i;
    for (;;) {
      if (i >= limit) {
        if (!eof) return Scan.NeedMore;
        rec.starts[f] = fieldStart;
        rec.ends[f] = i;
        rec.quoted[f] = 0;
        rec.end = rec.next = i;
        rec.ascii = ascii < 0x80;
        rec.hashHi = h1;
        rec.hashLo = h2;
        return Scan.Record;
      }
      b = buf[i];
      if (b === delimiter || b === LF || b === CR) break;
      if (b === QUOTE) {
        rec.errorDetail = "quote inside an unquoted field";
        rec.end = i;
        rec.next = i;
        return Scan.Error;
      }
      h1 = Math.imul(h1 ^ b, 0x01000193);
      h2 = Math.imul(h2 ^ b, 0x5bd1e995);
      ascii |= b;
      ++i;
    }
    rec.starts[f] = fieldStart;
    rec.ends[f] = i;
    rec.quoted[f] = 0;
    if (b === delimiter) {
      h1 = Math.imul(h1 ^ b, 0x01000193);
      h2 = Math.imul(h2 ^ b, 0x5bd1e995);
      ++i;
      continue;
    }
    if (b === CR && i + 1 >= limit && !eof) return Scan.NeedMore;
    rec.end = i;
    rec.next = b === CR && i + 1 < limit && buf[i + 1] === LF ? i + 2 : i + 1;
    rec.newlines++;
    break;
  }
  rec.ascii = ascii < 0x80;
  rec.hashHi = h1;
  rec.hashLo = h2;
  return Scan.Record;
}

/** Offset just after the first line terminator at or after `pos` (or `limit`), and whether one was found. */
export function nextLine(buf: Uint8Array, pos: number, limit: number): number {
  for (let i = pos; i < limit; ++i) {
    const b = buf[i];
    if (b === LF) return i + 1;
    if (b === CR) return i + 1 < limit && buf[i + 1] === LF ? i + 2 : i + 1;
  }
  return limit;
}

/** The delimiter that occurs most often (outside quotes) in the first line: comma, semicolon, tab or pipe. */
export function sniffDelimiter(buf: Uint8Array, pos: number, limit: number): number {
  const candidates = [44, 59, 9, 124];
  const counts = [0, 0, 0, 0];
  let inQuote = false;
  for (let i = pos; i < limit; ++i) {
    const b = buf[i];
    if (b === QUOTE) inQuote = !inQuote;
    else if (!inQuote && (b === LF || b === CR)) break;
    else if (!inQuote) {
      const k = candidates.indexOf(b);
      if (k >= 0) counts[k]++;
    }
  }
  let best = 0;
  for (let k = 1; k < 4; ++k) if (counts[k] > counts[best]) best = k;
  return candidates[best];
}
