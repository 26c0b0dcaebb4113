import {spawn, type ChildProcess} from "node:child_process";
import {request as httpRequest, type IncomingHttpHeaders} from "node:http";
import {readFile} from "node:fs/promises";
import {join, resolve} from "node:path";
import WebSocket from "ws";
import {fromArrow, tableRows} from "../../../loaders/io/arrow.ts";
import {applyMessage, createState, decodeMessage, type ClientState, type Message} from "../../../stream-bridge/protocol/protocol.ts";

/** Helpers for tests that run `pulse serve` as a real process on 127.0.0.1 (not a test file). */

export const ROOT = resolve(import.meta.dirname, "../../..");
const PULSE = join(ROOT, "bin/pulse.js");

export function pulse(args: string[], options: {env?: NodeJS.ProcessEnv} = {}): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [PULSE, ...args], {cwd: ROOT, env: {...process.env, ...options.env}, stdio: ["ignore", "pipe", "pipe"]});
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", fail);
    child.on("exit", (code) => done({code, stdout, stderr}));
  });
}

export async function generate(out: string, args: string[] = []): Promise<string> {
  const result = await pulse(["generate", "--out", out, ...args]);
  if (result.code !== 0) throw new Error(`generate failed: ${result.stderr}`);
  return out;
}

/** The five input options for a generated folder (what --data picks up). */
export function inputs(dir: string): string[] {
  return [
    "--transactions", join(dir, "transactions.csv"),
    "--refunds", join(dir, "refunds.csv"),
    "--inventory", join(dir, "inventory.csv"),
    "--stores", join(dir, "store_locations.csv"),
    "--products", join(dir, "product_catalog.csv")
  ];
}

/** Runs `pulse aggregate` and returns the rows of each Arrow file it wrote. */
export async function aggregate(dir: string, out: string, args: string[] = []): Promise<Record<string, Record<string, unknown>[]>> {
  const result = await pulse(["aggregate", ...inputs(dir), "--out", out, ...args]);
  if (result.code !== 0) throw new Error(`aggregate failed: ${result.stderr}`);
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const name of ["windows", "totals", "kpis", "late", "rejects"]) tables[name] = tableRows(fromArrow(await readFile(join(out, `${name}.arrow`))));
  return tables;
}

/**
 * GET over a fresh connection. fetch() reuses keep-alive sockets, and on this shared, overloaded
 * machine a test can take longer than the server's 5 s keep-alive to send its next request, which
 * then meets a socket the server just closed ("other side closed"): a client-side race, not a bug.
 */
export function get(url: string, headers: Record<string, string> = {}, method = "GET"): Promise<{status: number; headers: IncomingHttpHeaders; body: Buffer; json(): any}> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {agent: false, headers, method}, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(String(body))});
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Every server a test started; killed when the test process ends so none outlives a failed or timed-out test. */
const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/** Kills the servers still running (for afterAll). */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...children].map((child) => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      return exited;
    })
  );
}

export interface Serve {
  url: string;
  ws: string;
  child: ChildProcess;
  stderr(): string;
  /** Resolves when stderr matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  health(): Promise<any>;
  /** Graceful stop (SIGTERM); resolves with the exit code. */
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
  exited: Promise<number | null>;
}

/** Starts `pulse serve` on a free port, hardware channel off; resolves once it listens. */
export function serve(args: string[], options: {env?: NodeJS.ProcessEnv} = {}): Promise<Serve> {
  return spawnServe(["--hardware-interval", "0", ...args], options);
}

/** Starts `pulse serve` on a free port with exactly these options; resolves once it listens. */
export async function spawnServe(args: string[], options: {env?: NodeJS.ProcessEnv} = {}): Promise<Serve> {
  const child = spawn(process.execPath, [PULSE, "serve", "--port", "0", ...args], {
    cwd: ROOT,
    env: {...process.env, ...options.env},
    stdio: ["ignore", "ignore", "pipe"]
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  let stderr = "";
  const waiters: {pattern: RegExp; resolve: () => void}[] = [];
  child.stderr!.on("data", (chunk) => {
    stderr += chunk;
    for (const w of [...waiters]) if (w.pattern.test(stderr)) waiters.splice(waiters.indexOf(w), 1), w.resolve();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const waitFor = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      if (pattern.test(stderr)) return resolve();
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; stderr:\n${stderr}`)), timeoutMs);
      waiters.push({pattern, resolve: () => (clearTimeout(timer), resolve())});
      exited.then((code) => reject(new Error(`serve exited (${code}) before ${pattern}; stderr:\n${stderr}`)));
    });
  await waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/);
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)![1];
  return {
    url,
    ws: url.replace(/^http/, "ws") + "/ws",
    child,
    stderr: () => stderr,
    waitFor,
    health: async () => (await get(url + "/health")).json(),
    async stop() {
      child.kill("SIGTERM");
      return exited;
    },
    async kill9() {
      child.kill("SIGKILL");
      await exited;
    },
    exited
  };
}

export interface Client {
  socket: WebSocket;
  state: ClientState;
  messages: Message[];
  /** Receive time (ms) and message, for latency checks. */
  received: {at: number; type: string; seq: number; ingest: {first: number; last: number; events: number} | null}[];
  opened: Promise<void>;
  closed: Promise<{code: number; reason: string}>;
  /** Resolves once the client's state has reached `seq`. */
  reach(seq: number, timeoutMs?: number): Promise<void>;
  /** Frames received as binary (the protocol sends JSON text frames: this stays 0). */
  readonly binaryFrames: number;
}

export function connect(url: string, options: {state?: ClientState; headers?: Record<string, string>; origin?: string; onMessage?: (m: Message) => void} = {}): Client {
  const socket = new WebSocket(url, {headers: options.headers, origin: options.origin});
  const state = options.state ?? createState();
  const messages: Message[] = [];
  const received: Client["received"] = [];
  const waiting: {seq: number; resolve: () => void}[] = [];
  let binaryFrames = 0;
  socket.on("message", (data, isBinary) => {
    if (isBinary) ++binaryFrames;
    const message = decodeMessage(String(data));
    received.push({at: Date.now(), type: message.type, seq: message.seq, ingest: message.type === "delta" ? message.ingest : null});
    messages.push(message);
    applyMessage(state, message);
    options.onMessage?.(message);
    for (const w of [...waiting]) if (state.seq >= w.seq) waiting.splice(waiting.indexOf(w), 1), w.resolve();
  });
  socket.on("error", () => {});
  const opened = new Promise<void>((resolve) => socket.once("open", () => resolve()));
  const closed = new Promise<{code: number; reason: string}>((resolve) => socket.once("close", (code, reason) => resolve({code, reason: String(reason)})));
  return {
    socket,
    state,
    messages,
    received,
    opened,
    closed,
    reach: (seq, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        if (state.seq >= seq) return resolve();
        const timer = setTimeout(() => reject(new Error(`client stuck at seq ${state.seq}, wanted ${seq}`)), timeoutMs);
        waiting.push({seq, resolve: () => (clearTimeout(timer), resolve())});
      }),
    get binaryFrames() {
      return binaryFrames;
    }
  };
}

export async function waitUntil<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error("waitUntil: timed out");
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Waits for the replay to finish and returns the final health. */
export function done(server: Serve, timeoutMs = 60_000): Promise<any> {
  return waitUntil(async () => {
    const health = await server.health();
    if (health.status === "failed") throw new Error(`replay failed: ${health.error}`);
    return health.status === "done" && health;
  }, timeoutMs);
}

const cents = (units: unknown) => Math.round((units as number) * 100);

/** Batch windows.arrow rows → the wire's window rows (money back to cents), sorted by id. */
/** dimension, key and the measures of a batch Arrow row, money back in cents. */
function batchMeasures(r: Record<string, unknown>) {
  return {
    dimension: r.dimension,
    key: r.key,
    revenue: cents(r.revenue),
    units: r.units,
    lines: r.lines,
    transactions: r.transactions,
    customers: r.customers,
    refundAmount: cents(r.refund_amount),
    refundCount: r.refund_count,
    netRevenue: cents(r.net_revenue)
  };
}

export function batchWindows(rows: Record<string, unknown>[]) {
  return rows
    .map((r) => ({windowStart: r.window_start, windowEnd: r.window_end, ...batchMeasures(r), final: r.final}))
    .sort(byId);
}

export function batchTotals(rows: Record<string, unknown>[]) {
  return rows
    .map(batchMeasures)
    .sort(byId);
}

function byId(a: any, b: any): number {
  const x = `${a.dimension}|${a.key}|${a.windowStart ?? ""}`;
  const y = `${b.dimension}|${b.key}|${b.windowStart ?? ""}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Rows of a client table in the same order as batchWindows/batchTotals. */
export function clientRows(state: ClientState, table: string) {
  return [...(state.tables[table]?.rows.values() ?? [])].map((row) => ({...row})).sort(byId);
}
