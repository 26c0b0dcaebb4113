import {createRequire} from "node:module";
import {Worker} from "node:worker_threads";
import {PulseError} from "../../lib/errors.ts";
import {PROVIDER_METHODS, type HardwareProvider, type ProviderMethod} from "./provider.ts";

// Plain CommonJS so the thread needs no TypeScript loader. systeminformation runs some commands
// with execSync (e.g. `cat /proc/stat | grep cpu` on every currentLoad, thermal zones on every
// cpuTemperature), which blocks for 5-20 ms: here that blocks this thread, not the bridge's.
const WORKER_SOURCE = `
const {parentPort, workerData} = require("node:worker_threads");
const si = require(workerData.systeminformation);
parentPort.on("message", ({id, method}) => {
  Promise.resolve()
    .then(() => si[method]())
    .then(
      (value) => parentPort.postMessage({id, value}),
      (error) => parentPort.postMessage({id, error: String((error && error.message) || error)})
    );
});
`;

type Pending = {resolve: (value: any) => void; reject: (error: Error) => void};

/**
 * systeminformation in a worker thread, behind the HardwareProvider interface. The thread starts
 * on the first call, holds the process open only while calls are pending, and is replaced by
 * `reset()` (after a call timed out, e.g. a hung nvidia-smi).
 */
export function systeminformationWorker(): HardwareProvider {
  const modulePath = createRequire(import.meta.url).resolve("systeminformation");
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  function failAll(error: Error) {
    for (const {reject} of pending.values()) reject(error);
    pending.clear();
  }

  function ensure(): Worker {
    if (worker) return worker;
    const created = new Worker(WORKER_SOURCE, {eval: true, workerData: {systeminformation: modulePath}});
    created.on("message", ({id, value, error}: {id: number; value?: unknown; error?: string}) => {
      const call = pending.get(id);
      if (!call) return; // answer to a call abandoned by reset()
      pending.delete(id);
      if (error !== undefined) call.reject(new Error(error));
      else call.resolve(value);
      if (pending.size === 0) created.unref();
    });
    created.on("error", (error) => {
      if (worker === created) worker = null;
      failAll(new PulseError("E_IO", `systeminformation worker failed: ${error.message}`));
    });
    created.on("exit", (code) => {
      if (worker === created) worker = null;
      failAll(new PulseError("E_IO", `systeminformation worker exited with code ${code}`));
    });
    created.unref();
    return (worker = created);
  }

  function call(method: ProviderMethod): Promise<any> {
    const thread = ensure();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, {resolve, reject});
      thread.ref();
      thread.postMessage({id, method});
    });
  }

  const provider = Object.fromEntries(PROVIDER_METHODS.map((method) => [method, () => call(method)])) as unknown as HardwareProvider;
  provider.reset = () => {
    const old = worker;
    worker = null;
    failAll(new PulseError("E_IO", "systeminformation worker was reset"));
    void old?.terminate();
  };
  provider.close = async () => {
    const old = worker;
    worker = null;
    failAll(new PulseError("E_IO", "systeminformation worker was closed"));
    await old?.terminate();
  };
  return provider;
}
