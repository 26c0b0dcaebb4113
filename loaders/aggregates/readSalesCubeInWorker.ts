import {Worker} from "node:worker_threads";
import {PulseError, type ErrorCode} from "../../lib/errors.ts";
import type {SalesCube} from "./salesCube.ts";

type Message = {type: "log"; message: string} | {type: "cube"; cube: SalesCube & {rejected: number}} | {type: "error"; code: ErrorCode | null; message: string; stack: string};

/**
 * readSalesCube on a worker thread, so the cube's own read and grouping run beside the batch
 * engines (which keep the main thread busy) instead of after them: the aggregates loader on two
 * cores. Same result (a structured clone of it).
 */
export function readSalesCubeInWorker(dir: string, log: (message: string) => void = () => {}): Promise<SalesCube & {rejected: number}> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./salesCubeWorker.js", import.meta.url), {workerData: {dir}});
    let done = false;
    worker.on("message", (message: Message) => {
      if (message.type === "log") log(message.message);
      else {
        done = true;
        if (message.type === "cube") resolve(message.cube);
        else reject(message.code ? new PulseError(message.code, message.message) : Object.assign(new Error(message.message), {stack: message.stack}));
        void worker.terminate();
      }
    });
    worker.on("error", (error) => {
      done = true;
      reject(error);
    });
    worker.on("exit", (code) => {
      if (!done) reject(new PulseError("E_IO", `sales cube thread exited (code ${code}) before its result`));
    });
  });
}
