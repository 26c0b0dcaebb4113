import type {SourceKind} from "../events.ts";
import {scanSource, type ReadOptions} from "../ingest/source.ts";
import {ColumnEncoder, type EventColumns} from "./eventColumns.ts";

/**
 * One input as EventColumns chunks of up to `chunkSize` records, in file order (from `firstChunk`
 * records, doubling: see ColumnEncoder):
 * the ingest reader validates each record (as readSource does for the live path) and writes it
 * straight into the chunk's columns, without a SourceRecord object per row.
 */
export async function* readColumns(path: string, kind: SourceKind, options: ReadOptions, source: number, chunkSize: number, firstChunk = chunkSize): AsyncGenerator<EventColumns> {
  const encoder = new ColumnEncoder(source, chunkSize, firstChunk);
  // Reads stay readSource's 64 KiB: which over-long records (maxRecordBytes) are cut depends on
  // the read size, and batch must reject exactly the lines the live path rejects.
  for await (const _ of scanSource(path, kind, options, encoder)) {
    if (encoder.full) yield encoder.take();
  }
  if (encoder.length) yield encoder.take();
}
