import type {SourceKind} from "../events.ts";
import {scanSource, type ReadOptions} from "../ingest/source.ts";
import {ColumnEncoder, type EventColumns} from "./eventColumns.ts";

/**
 * One input as EventColumns chunks of `chunkSize` records (the last one shorter), in file order:
 * the ingest reader validates each record (as readSource does for the live path) and writes it
 * straight into the chunk's columns, without a SourceRecord object per row.
 */
export async function* readColumns(path: string, kind: SourceKind, options: ReadOptions, source: number, chunkSize: number): AsyncGenerator<EventColumns> {
  const encoder = new ColumnEncoder(source, chunkSize);
  // Reads stay readSource's 64 KiB: which over-long records (maxRecordBytes) are cut depends on
  // the read size, and batch must reject exactly the lines the live path rejects.
  for await (const _ of scanSource(path, kind, options, encoder)) {
    if (encoder.full) yield encoder.take();
  }
  if (encoder.length) yield encoder.take();
}
