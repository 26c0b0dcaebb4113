import type {RefundEvent, SaleEvent} from "../../stream-bridge/events.ts";
import {isReject} from "../../stream-bridge/events.ts";
import type {Mapping} from "../../stream-bridge/ingest/mapping.ts";
import {RejectTally} from "../../stream-bridge/ingest/rejectSummary.ts";
import {readSource} from "../../stream-bridge/ingest/source.ts";

/** A sales file gives sales, and refunds too when its mapping reads returns as refunds ("returns": "refund"). */
type EventOf<K extends "transactions" | "refunds"> = K extends "transactions" ? SaleEvent | RefundEvent : RefundEvent;

export interface ReadSummary {
  rowsRead: number;
  rejects: number;
  /** "bad_number 3, missing_field 1", for the stderr summary. */
  reasons: string;
  /** What usually fixes it when one reason rejected most rows (see rejectSummary), else null. */
  hint: string | null;
}

/**
 * Streams a transactions or refunds file through the bridge's ingest, handing each event to
 * `onEvent` so callers keep only the fields they need (1M sale events as objects would not fit
 * comfortably alongside everything else). `mapping` names the file's columns (docs/engine.md).
 */
export async function readEvents<K extends "transactions" | "refunds">(path: string, kind: K, onEvent: (event: EventOf<K>) => void, mapping?: Mapping): Promise<ReadSummary> {
  const tally = new RejectTally();
  for await (const batch of readSource(path, kind, {mapping})) {
    for (const record of batch.records) {
      if (isReject(record)) tally.row(record);
      else {
        tally.row(null);
        onEvent(record as EventOf<K>);
      }
    }
  }
  return {rowsRead: tally.rows, rejects: tally.rejected, reasons: tally.reasons(), hint: tally.hint()};
}
