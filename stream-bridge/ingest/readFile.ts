import {isReject, type PulseEvent, type Reject, type SourceKind} from "../events.ts";
import {readSource, type ReadOptions} from "./source.ts";

export interface FileContents<E extends PulseEvent = PulseEvent> {
  events: E[];
  rejects: Reject[];
  /** Non-blank records after the header: events.length + rejects.length. */
  rowsRead: number;
}

/** Reads a whole event file into memory (for loaders; the engine and server stream with readSource). */
export async function readFile(path: string, kind: "transactions", options?: ReadOptions): Promise<FileContents<import("../events.ts").SaleEvent>>;
export async function readFile(path: string, kind: "refunds", options?: ReadOptions): Promise<FileContents<import("../events.ts").RefundEvent>>;
export async function readFile(path: string, kind: "inventory", options?: ReadOptions): Promise<FileContents<import("../events.ts").InventoryEvent>>;
export async function readFile(path: string, kind: SourceKind, options?: ReadOptions): Promise<FileContents>;
export async function readFile(path: string, kind: SourceKind, options: ReadOptions = {}): Promise<FileContents> {
  const events: PulseEvent[] = [];
  const rejects: Reject[] = [];
  for await (const batch of readSource(path, kind, options)) {
    for (const record of batch.records) {
      if (isReject(record)) rejects.push(record);
      else events.push(record);
    }
  }
  return {events, rejects, rowsRead: events.length + rejects.length};
}
