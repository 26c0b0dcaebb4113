/** Where a file's bytes go: a file stream in the CLI, memory in tests. `write` returns false when the caller should wait for `drain`. */
export interface Sink {
  write(chunk: string | Uint8Array): boolean;
  drain(): Promise<void>;
}

/** Anything that takes one CSV record's text (without its line terminator). */
export interface RowSink {
  row(text: string): void;
}

const CHUNK = 1 << 16;

/**
 * Buffers records into 64 KiB chunks (one write per chunk instead of per row) and counts
 * physical lines, so a record's starting line is known when it is written: the ground truth
 * the dirty manifest reports.
 */
export class CsvWriter implements RowSink {
  /** 1-based physical line where the next record starts. */
  line = 1;
  records = 0;
  private buffer = "";
  private blocked = false;

  constructor(
    private readonly sink: Sink,
    readonly eol: "\n" | "\r\n" = "\n"
  ) {}

  row(text: string): void {
    this.record(text, 0);
  }

  /** Writes a record; `newlines` counts line breaks inside its quoted fields. Returns the line it starts on. */
  record(text: string, newlines: number): number {
    const line = this.line;
    this.buffer += text + this.eol;
    this.line += newlines + 1;
    ++this.records;
    if (this.buffer.length >= CHUNK) this.flush();
    return line;
  }

  /** Raw bytes for one record (e.g. invalid UTF-8), terminator included by the caller. */
  bytes(chunk: Uint8Array, newlines: number): number {
    const line = this.line;
    this.flush();
    if (!this.sink.write(chunk)) this.blocked = true;
    this.line += newlines;
    ++this.records;
    return line;
  }

  /** Text that is not a record (a byte-order mark). */
  raw(text: string): void {
    this.buffer += text;
  }

  flush(): void {
    if (this.buffer === "") return;
    if (!this.sink.write(this.buffer)) this.blocked = true;
    this.buffer = "";
  }

  get needsDrain(): boolean {
    return this.blocked;
  }

  async drain(): Promise<void> {
    if (!this.blocked) return;
    this.blocked = false;
    await this.sink.drain();
  }
}
