import type {SourceKind} from "../events.ts";
import {scanSource, type ReadOptions} from "../ingest/source.ts";
import {ColumnEncoder, type EventColumns} from "./eventColumns.ts";

const READ_BYTES = 1 << 20;

/**
 * One input as EventColumns chunks of `chunkSize` records (the last one shorter), in file order:
 * the ingest reader validates each record (as readSource does for the live path) and writes it
 * straight into the chunk's columns, without a SourceRecord object per row.
 */
export async function* readColumns(path: string, kind: SourceKind, options: ReadOptions, source: number, chunkSize: number): AsyncGenerator<EventColumns> {
  const encoder = new ColumnEncoder(source, chunkSize);
  // 1 MiB reads, not readSource's 64 KiB: no per-row objects live across a read here, and each read
  // is a round trip to the libuv thread pool (1,000+ of them for 70 MB cost more than the copying).
  for await (const _ of scanSource(path, kind, {chunkBytes: READ_BYTES, ...options}, encoder)) {
    if (encoder.full) yield encoder.take();
  }
  if (encoder.length) yield encoder.take();
}
