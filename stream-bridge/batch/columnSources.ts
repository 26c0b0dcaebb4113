import {Worker} from "node:worker_threads";
import {PulseError, type ErrorCode} from "../../lib/errors.ts";
import type {SourceKind} from "../events.ts";
import type {ReadOptions} from "../ingest/source.ts";
import type {EventColumns} from "./eventColumns.ts";
import {readColumns} from "./readColumns.ts";

export interface ColumnInput {
  path: string;
  kind: SourceKind;
  options: ReadOptions;
}

export type WorkerMessage =
  | {type: "chunk"; chunk: EventColumns}
  | {type: "end"; source: number}
  | {type: "error"; code: ErrorCode | null; message: string; stack: string};

/** Chunks of each input in file order; null once an input is exhausted. */
export interface ColumnSources {
  next(k: number): Promise<EventColumns | null>;
  close(): Promise<void>;
}

/** Chunks in flight per input between the parse thread and the engine thread (up to ~2 MB each at 32,768 records). */
const CREDITS = 4;
/** The parse thread's young generation: its garbage is per-record objects that die at once, so a small one is enough. */
const YOUNG_MB = 8;

/**
 * Opens the inputs as column chunks, parsed on a worker thread (the engine thread only merges and
 * aggregates: two cores, two stages) or, for small inputs where starting a thread costs more than
 * it saves, in this thread. Both read with batch/readColumns.ts. `useWorker` may name the inputs
 * that go to the worker (the others are parsed in this thread, when the merge asks for their next chunk; batch
 * aggregate sends every file to the worker, tests split them).
 * Chunks grow from `firstChunk` records to `chunkSize` (ColumnEncoder).
 */
export function openColumnSources(inputs: ColumnInput[], useWorker: boolean | boolean[], chunkSize = 8192, firstChunk = chunkSize): ColumnSources {
  const onWorker = inputs.map((_, k) => (Array.isArray(useWorker) ? useWorker[k] === true : useWorker));
  if (onWorker.every((w) => !w)) return localSources(inputs, chunkSize, firstChunk);
  if (onWorker.every(Boolean)) return workerSources(inputs, chunkSize, firstChunk);
  // Each side numbers its own inputs from 0: map them to and from the caller's numbering.
  const sides = [false, true].map((worker) => onWorker.flatMap((w, k) => (w === worker ? [k] : [])));
  const local = localSources(sides[0].map((k) => inputs[k]), chunkSize, firstChunk);
  const remote = workerSources(sides[1].map((k) => inputs[k]), chunkSize, firstChunk);
  return {
    async next(k) {
      const chunk = onWorker[k] ? await remote.next(sides[1].indexOf(k)) : await local.next(sides[0].indexOf(k));
      if (chunk) chunk.source = k;
      return chunk;
    },
    async close() {
      await Promise.all([local.close(), remote.close()]);
    }
  };
}

function localSources(inputs: ColumnInput[], chunkSize: number, firstChunk: number): ColumnSources {
  const iterators = inputs.map((input, k) => readColumns(input.path, input.kind, input.options, k, chunkSize, firstChunk)[Symbol.asyncIterator]());
  return {
    async next(k) {
      const r = await iterators[k].next();
      return r.done ? null : r.value;
    },
    async close() {
      await Promise.all(iterators.map((it) => it.return?.(undefined)));
    }
  };
}

function workerSources(inputs: ColumnInput[], chunkSize: number, firstChunk: number): ColumnSources {
  const worker = new Worker(new URL("./parseWorker.js", import.meta.url), {workerData: {inputs, credits: CREDITS, chunkSize, firstChunk}, resourceLimits: {maxYoungGenerationSizeMb: YOUNG_MB}});
  const queues: EventColumns[][] = inputs.map(() => []);
  const ended = inputs.map(() => false);
  const waiting: ((() => void) | null)[] = inputs.map(() => null);
  let failure: Error | null = null;
  const wake = (k: number) => {
    const resolve = waiting[k];
    waiting[k] = null;
    resolve?.();
  };
  const wakeAll = () => inputs.forEach((_, k) => wake(k));
  worker.on("message", (message: WorkerMessage) => {
    if (message.type === "chunk") {
      queues[message.chunk.source].push(message.chunk);
      wake(message.chunk.source);
    } else if (message.type === "end") {
      ended[message.source] = true;
      wake(message.source);
    } else {
      failure = message.code ? new PulseError(message.code, message.message) : Object.assign(new Error(message.message), {stack: message.stack});
      wakeAll();
    }
  });
  worker.on("error", (error) => {
    failure = error;
    wakeAll();
  });
  worker.on("exit", (code) => {
    if (!ended.every(Boolean) && failure === null) failure = new PulseError("E_IO", `batch parse thread exited (code ${code}) before the end of its inputs`);
    wakeAll();
  });
  return {
    async next(k) {
      for (;;) {
        if (failure) throw failure;
        const chunk = queues[k].shift();
        if (chunk) {
          worker.postMessage({type: "ack", source: k});
          return chunk;
        }
        if (ended[k]) return null;
        await new Promise<void>((resolve) => (waiting[k] = resolve));
      }
    },
    async close() {
      await worker.terminate();
    }
  };
}
