import {open, type FileHandle} from "node:fs/promises";
import {basename} from "node:path";
import {isAscii, isUtf8} from "node:buffer";
import {PulseError} from "../../lib/errors.ts";
import type {Product, Reject, SourceKind, SourceRecord, Store} from "../events.ts";
import {CsvRecord, hashRecord, nextLine, Scan, scanLine, scanRecord, sniffDelimiter} from "./csv.ts";
import {RecentHashes} from "./dedupe.ts";
import type {Mapping} from "./mapping.ts";
import {createRowReader, headerNames, makeReject, recordMaker, recordText, type ParsedRow, type RowReader} from "./rows.ts";
import {notText} from "./notText.ts";
import {decoderFor, type Decode} from "./decoderFor.ts";

/** Where to resume reading: the byte offset of a record start and that record's physical line. */
export interface ReadPosition {
  offset: number;
  line: number;
}

export interface ReadOptions {
  /** Name written in events and rejects; default the file's base name. */
  source?: string;
  mapping?: Mapping;
  /** Dimension tables: when given, unknown ids are rejected (unknown_store / unknown_product). */
  stores?: Map<string, Store>;
  products?: Map<string, Product>;
  /** Resume point (from a batch's ends/nextLines); the header is still read from the file start. */
  start?: ReadPosition;
  /** Bytes read per chunk (default 64 KiB). */
  chunkBytes?: number;
  /** Records remembered for duplicate_line detection (default 100,000, about 4 MB; 0 disables). */
  dedupeWindow?: number;
  /** A record longer than this is malformed (its first line is rejected as bad_csv); default 1 MiB. */
  maxRecordBytes?: number;
}

/** Records of one read, in file order, with where each one ends (for checkpoints). */
export interface SourceBatch {
  records: SourceRecord[];
  /** Byte offset just after each record (its terminator included). */
  ends: number[];
  /** Physical line number of the next record after each record. */
  nextLines: number[];
}

/**
 * Where scanSource puts each record: a valid row (its fields in `row`, ids possibly as spans of
 * `buf`, valid during the call) or a reject, with the byte offset just after the record and the
 * physical line of the next one.
 */
export interface RowSink {
  row(row: ParsedRow, buf: Buffer, end: number, nextLine: number): void;
  reject(reject: Reject, end: number, nextLine: number): void;
  /** True makes scanSource yield before the next record (a column chunk is full). */
  readonly full: boolean;
}

export const DEFAULT_DEDUPE_WINDOW = 100_000;
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Reads a CSV file of events in batches (one per chunk). Each non-blank record after the header
 * becomes exactly one event or reject; blank lines are skipped but counted in line numbers.
 */
export async function* readSource(path: string, kind: SourceKind, options: ReadOptions = {}): AsyncGenerator<SourceBatch> {
  let batch: SourceBatch = {records: [], ends: [], nextLines: []};
  let toRecord: ((p: ParsedRow, buf: Buffer) => SourceRecord) | null = null;
  const sink: RowSink = {
    row(row, buf, end, nextLine) {
      toRecord ??= recordMaker(options.source ?? basename(path));
      batch.records.push(toRecord(row, buf));
      batch.ends.push(end);
      batch.nextLines.push(nextLine);
    },
    reject(reject, end, nextLine) {
      batch.records.push(reject);
      batch.ends.push(end);
      batch.nextLines.push(nextLine);
    },
    full: false
  };
  for await (const _ of scanSource(path, kind, options, sink)) {
    if (batch.records.length) {
      yield batch;
      batch = {records: [], ends: [], nextLines: []};
    }
  }
  if (batch.records.length) yield batch;
}

/**
 * readSource's reader: validates every record with the file's RowReader and hands it to `sink`;
 * yields when it needs more bytes (the records so far are complete) and when the sink is full.
 */
export async function* scanSource(path: string, kind: SourceKind, options: ReadOptions, sink: RowSink): AsyncGenerator<void> {
  const source = options.source ?? basename(path);
  // 64 KiB: a batch keeps few events alive, so young-generation GC copies little.
  const chunkBytes = options.chunkBytes ?? 1 << 16;
  const maxRecordBytes = options.maxRecordBytes ?? 1 << 20;
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw new PulseError("E_IO", `cannot read ${kind} file ${path}: ${(error as Error).message}`);
  }
  try {
    const reader = new ChunkReader(handle, chunkBytes);
    // Header: at the file start, after an optional BOM.
    await reader.fill(0);
    let pos = 0;
    const binary = notText(reader.buf, reader.limit);
    if (binary !== null) throw new PulseError("E_BAD_INPUT", `${source}: ${binary}`);
    if (UTF8_BOM.every((b, k) => reader.buf[k] === b)) pos = 3;
    const section = options.mapping?.[kind];
    const delimiter = section?.delimiter ? section.delimiter.charCodeAt(0) : sniffDelimiter(reader.buf, pos, reader.limit);
    const rec = new CsvRecord();
    let line = 1;
    // Skip blank lines before the header.
    let status: Scan;
    for (;;) {
      status = scanRecord(reader.buf, pos, reader.limit, reader.eof, delimiter, rec);
      if (status === Scan.NeedMore) {
        if (reader.limit - pos > maxRecordBytes) throw new PulseError("E_BAD_INPUT", `${source}: header line is longer than ${maxRecordBytes} bytes`);
        pos = await reader.more(pos);
        continue;
      }
      if (status === Scan.Blank && !(reader.eof && pos >= reader.limit)) {
        line += rec.newlines;
        pos = rec.next;
        continue;
      }
      break;
    }
    if (status === Scan.Blank) throw new PulseError("E_BAD_INPUT", `${source}: empty file (no header line)`);
    if (status === Scan.Error) throw new PulseError("E_BAD_INPUT", `${source}: malformed header line (${rec.errorDetail})`);
    const decode = decoderFor(section?.encoding);
    const header = headerNames(reader.buf, rec, decode);
    const read: RowReader = createRowReader(kind, header, {source, section, stores: options.stores, products: options.products});
    line += rec.newlines;
    pos = rec.next;
    if (options.start) {
      if (options.start.offset < reader.offsetOf(pos)) throw new PulseError("E_BAD_INPUT", `${source}: resume offset ${options.start.offset} is inside the header`);
      await reader.fill(options.start.offset);
      pos = 0;
      line = options.start.line;
    }
    const dedupe = new RecentHashes(options.dedupeWindow ?? DEFAULT_DEDUPE_WINDOW);

    const loop = new RecordLoop(reader, rec, delimiter, maxRecordBytes, source, dedupe, read, sink);
    loop.pos = pos;
    loop.line = line;
    loop.decode = decode;
    loop.utf8 = (section?.encoding ?? "utf-8") === "utf-8";
    for (;;) {
      const step = loop.run();
      if (step === Step.End) break;
      if (step === Step.Full) {
        yield;
        continue;
      }
      if (step === Step.More) yield;
      loop.pos = await reader.more(loop.pos);
      loop.fresh = true;
    }
    yield;
  } finally {
    await handle.close();
  }
}

const enum Step {
  /** The buffer ends inside a record: hand the records so far on, then read more. */
  More = 0,
  /** Read more without handing on (the end of a bad_csv line is not in the buffer yet). */
  MoreQuiet = 1,
  /** The sink is full. */
  Full = 2,
  End = 3
}

/**
 * scanSource's record loop over the bytes in the buffer, as a plain method: a loop inside the async
 * generator keeps every variable in the generator's context object (a memory load and store per
 * use); here they live in registers between the calls.
 */
class RecordLoop {
  pos = 0;
  line = 1;
  /** Read more bytes since the last run: recompute quoteAt, crAt and ascii. */
  fresh = true;
  // Next quote and next CR in the buffer (limit when none), and whether the bytes read are all
  // ASCII: lines before the next quote, with a CR at most just before their LF, take the fast path.
  private quoteAt = -1;
  private crAt = -1;
  private ascii = false;
  private view: DataView;
  // Look-ahead for dedupe: the next lines' spans [start, end) (terminator excluded), LF offsets
  // and record hashes, computed together; `aheadAt` is the first one not passed yet.
  private readonly aheadStart = new Int32Array(AHEAD);
  private readonly aheadEnd = new Int32Array(AHEAD);
  private readonly aheadLf = new Int32Array(AHEAD);
  private readonly aheadHi = new Int32Array(AHEAD);
  private readonly aheadLo = new Int32Array(AHEAD);
  private aheadN = 0;
  private aheadAt = 0;
  private readonly scratch = new CsvRecord();
  /** Sum of the touched slots (kept so the loads stay), wrapping as an int32: a sum that outgrew a small integer deoptimized lookAhead and run mid-file. */
  touched = 0;
  /** The file's encoding: in UTF-8 (utf8 true) a record with invalid bytes is an encoding_error; every byte is text in Windows-1252. */
  utf8 = true;
  decode: Decode = decoderFor();

  constructor(
    private readonly reader: ChunkReader,
    private readonly rec: CsvRecord,
    private readonly delimiter: number,
    private readonly maxRecordBytes: number,
    private readonly source: string,
    private readonly dedupe: RecentHashes,
    private readonly read: RowReader,
    private readonly sink: RowSink
  ) {
    this.view = new DataView(reader.buf.buffer, reader.buf.byteOffset, reader.buf.length);
  }

  run(): Step {
    const {reader, rec, delimiter, maxRecordBytes, source, dedupe, read, sink} = this;
    const dedupeOn = dedupe.capacity > 0;
    const buf = reader.buf;
    const limit = reader.limit;
    const eof = reader.eof;
    let pos = this.pos;
    let line = this.line;
    let quoteAt = this.quoteAt;
    let crAt = this.crAt;
    let ascii = this.ascii;
    if (this.fresh) {
      this.fresh = false;
      quoteAt = crAt = -1;
      ascii = isAscii(buf.subarray(pos, limit));
      this.aheadN = this.aheadAt = 0;
    }
    let view = this.view;
    if (view.buffer !== buf.buffer || view.byteOffset !== buf.byteOffset || view.byteLength !== buf.length) view = this.view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    const {aheadStart, aheadEnd, aheadLf, aheadHi, aheadLo} = this;
    let aheadAt = this.aheadAt;
    let step: Step;
    for (;;) {
      if (quoteAt < pos) {
        const q = buf.indexOf(QUOTE, pos);
        quoteAt = q < 0 || q >= limit ? limit : q;
      }
      if (crAt < pos) {
        const r = buf.indexOf(CR, pos);
        crAt = r < 0 || r >= limit ? limit : r;
      }
      let lf: number;
      if (dedupeOn) {
        while (aheadAt < this.aheadN && aheadStart[aheadAt] < pos) ++aheadAt;
        if (aheadAt >= this.aheadN) {
          this.lookAhead(buf, view, pos, limit);
          aheadAt = 0;
        }
        lf = aheadAt < this.aheadN && aheadStart[aheadAt] === pos ? aheadLf[aheadAt] : buf.indexOf(LF, pos);
      } else lf = buf.indexOf(LF, pos);
      let status = lf >= 0 && lf < limit && lf < quoteAt && crAt >= lf - 1 ? scanLine(buf, pos, lf, delimiter, ascii, rec) : Scan.NeedMore;
      if (status === Scan.NeedMore) status = scanRecord(buf, pos, limit, eof, delimiter, rec);
      if (status === Scan.NeedMore) {
        if (limit - pos <= maxRecordBytes) {
          step = Step.More;
          break;
        }
        status = Scan.Error;
        rec.errorDetail = `record longer than ${maxRecordBytes} bytes (unterminated quote?)`;
      }
      if (status === Scan.Blank) {
        if (rec.next === pos) {
          step = Step.End; // end of file
          break;
        }
        line += rec.newlines;
        pos = rec.next;
        continue;
      }
      let reject: Reject | null;
      let next: number;
      let newlines: number;
      if (status === Scan.Error) {
        // Only the first physical line is rejected: a stray quote must not swallow the rest of the file.
        next = nextLine(buf, pos, limit);
        if (next >= limit && !eof && limit - pos <= maxRecordBytes) {
          step = Step.MoreQuiet;
          break;
        }
        newlines = isTerminator(buf[next - 1]) ? 1 : 0;
        let end = next;
        while (end > pos && isTerminator(buf[end - 1])) --end;
        reject = makeReject(source, line, "bad_csv", recordText(buf, pos, end, this.decode), rec.errorDetail);
      } else {
        next = rec.next;
        newlines = rec.newlines;
        if (dedupeOn) {
          if (aheadAt < this.aheadN && aheadStart[aheadAt] === rec.start && aheadEnd[aheadAt] === rec.end) {
            rec.hashHi = aheadHi[aheadAt];
            rec.hashLo = aheadLo[aheadAt];
          } else hashRecord(buf, view, rec);
        }
        if (!rec.ascii && this.utf8 && !isUtf8(buf.subarray(rec.start, rec.end))) {
          reject = makeReject(source, line, "encoding_error", recordText(buf, rec.start, rec.end), `invalid UTF-8 at byte ${firstBadByte(buf, rec.start, rec.end) - rec.start}`);
          if (dedupeOn) dedupe.seen(rec.hashHi, rec.hashLo);
        } else if (dedupeOn && dedupe.seen(rec.hashHi, rec.hashLo)) {
          reject = makeReject(source, line, "duplicate_line", recordText(buf, rec.start, rec.end, this.decode), "identical to an earlier record");
        } else {
          reject = read(buf, rec, line);
        }
      }
      line += newlines;
      pos = next;
      if (reject === null) sink.row(read.row, buf, reader.offsetOf(pos), line);
      else sink.reject(reject, reader.offsetOf(pos), line);
      if (sink.full) {
        step = Step.Full;
        break;
      }
    }
    this.pos = pos;
    this.line = line;
    this.aheadAt = aheadAt;
    this.quoteAt = quoteAt;
    this.crAt = crAt;
    this.ascii = ascii;
    return step;
  }

  /**
   * Hashes the next lines from `pos` (each as the record it is when it holds no quote) and touches
   * their dedupe slots in one tight loop, so the table's cache misses overlap. Only a speed-up:
   * run() uses a hash only for a record with exactly the same span, and seen() decides as before.
   */
  private lookAhead(buf: Buffer, view: DataView, pos: number, limit: number): void {
    const {aheadStart, aheadEnd, aheadLf, aheadHi, aheadLo, scratch, dedupe} = this;
    let n = 0;
    let touched = 0;
    while (n < AHEAD) {
      const lf = buf.indexOf(LF, pos);
      if (lf < 0 || lf >= limit) break;
      const end = lf > pos && buf[lf - 1] === CR ? lf - 1 : lf;
      scratch.start = pos;
      scratch.end = end;
      hashRecord(buf, view, scratch);
      aheadStart[n] = pos;
      aheadEnd[n] = end;
      aheadLf[n] = lf;
      aheadHi[n] = scratch.hashHi;
      aheadLo[n] = scratch.hashLo;
      ++n;
      pos = lf + 1;
    }
    // A loop of loads alone: the CPU has many misses in flight at once.
    for (let k = 0; k < n; ++k) touched = (touched + dedupe.touch(aheadHi[k], aheadLo[k])) | 0;
    this.aheadN = n;
    this.touched = (this.touched + touched) | 0;
  }
}

/** Lines the dedupe look-ahead covers at a time. */
const AHEAD = 128;

function isTerminator(b: number): boolean {
  return b === 10 || b === 13;
}

/** Offset of the first byte that does not start a valid UTF-8 sequence (overlongs and surrogates included). */
export function firstBadByte(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = buf[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > end) return i;
    if (n >= 2 && !isUtf8(buf.subarray(i, i + n))) return i;
    i += n;
  }
  return end;
}

/** A growable window over a file: bytes [offsetOf(0), offsetOf(limit)) are in `buf`. */
class ChunkReader {
  buf: Buffer;
  limit = 0;
  eof = false;
  private base = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly chunkBytes: number
  ) {
    this.buf = Buffer.allocUnsafe(chunkBytes);
  }

  offsetOf(pos: number): number {
    return this.base + pos;
  }

  /** Restarts the window at a file offset and reads one chunk. */
  async fill(offset: number): Promise<void> {
    this.base = offset;
    this.limit = 0;
    this.eof = false;
    await this.read();
  }

  /** Keeps bytes from `pos` on, moves them to the front, reads more; returns the new position of `pos` (0). */
  async more(pos: number): Promise<number> {
    const keep = this.limit - pos;
    if (keep + this.chunkBytes > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, keep + this.chunkBytes));
      this.buf.copy(bigger, 0, pos, this.limit);
      this.buf = bigger;
    } else if (pos > 0) {
      this.buf.copy(this.buf, 0, pos, this.limit);
    }
    this.base += pos;
    this.limit = keep;
    await this.read();
    return 0;
  }

  private async read(): Promise<void> {
    while (this.limit < this.buf.length) {
      const {bytesRead} = await this.handle.read(this.buf, this.limit, this.buf.length - this.limit, this.base + this.limit);
      if (bytesRead === 0) {
        this.eof = true;
        return;
      }
      this.limit += bytesRead;
      if (this.limit - 0 >= this.chunkBytes) return;
    }
  }
}
