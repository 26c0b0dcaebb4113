import {parentPort, workerData} from "node:worker_threads";
import {PulseError} from "../../lib/errors.ts";
import {transferables} from "./eventColumns.ts";
import {readColumns} from "./readColumns.ts";
import type {ColumnInput, WorkerMessage} from "./columnSources.ts";

/**
 * The parse thread of batch mode: reads every input with the ingest reader (validation, dedupe,
 * mapping: all as in-process) and posts its records as EventColumns chunks, while the main thread
 * merges and aggregates. Each input may have `credits` chunks in flight; an "ack" from the main
 * thread returns one, so a fast parser never piles chunks up in memory.
 */
const port = parentPort!;
const {inputs, credits, chunkSize, firstChunk} = workerData as {inputs: ColumnInput[]; credits: number; chunkSize: number; firstChunk: number};
const inFlight = inputs.map(() => 0);
const waiting: ((() => void) | null)[] = inputs.map(() => null);

port.on("message", (message: {type: "ack"; source: number}) => {
  inFlight[message.source]--;
  const wake = waiting[message.source];
  waiting[message.source] = null;
  wake?.();
});

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function parse(k: number): Promise<void> {
  const {path, kind, options} = inputs[k];
  for await (const chunk of readColumns(path, kind, options, k, chunkSize, firstChunk)) {
    post({type: "chunk", chunk}, transferables(chunk));
    if (++inFlight[k] >= credits) await new Promise<void>((resolve) => (waiting[k] = resolve));
  }
  post({type: "end", source: k});
}

Promise.all(inputs.map((_, k) => parse(k))).catch((error: unknown) => {
  const e = error as Error;
  post({type: "error", code: error instanceof PulseError ? error.code : null, message: e.message, stack: e.stack ?? ""});
});
