import {parentPort, workerData} from "node:worker_threads";
import {readSalesCube} from "./readSalesCube.ts";

/** The thread of readSalesCubeInWorker: builds the cube and posts it back, log lines as they come. */
const port = parentPort!;
const {dir} = workerData as {dir: string};
try {
  const cube = await readSalesCube(dir, (message) => port.postMessage({type: "log", message}));
  port.postMessage({type: "cube", cube});
} catch (error) {
  const e = error as Error & {code?: string};
  port.postMessage({type: "error", code: e.code ?? null, message: e.message, stack: e.stack ?? ""});
}
