import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it, vi} from "vitest";
import {fromArrow} from "../../../loaders/io/arrow.ts";
import {main} from "../../../cli/main.ts";
import {decodeMessage} from "../../../stream-bridge/protocol/protocol.ts";
import {aggregate, connect, done, generate, get, inputs, killAll, pulse, serve, waitUntil, type Serve} from "./serveProcess.ts";
import {readFile} from "node:fs/promises";

const TOKEN = "s3cret-token";
const ORIGIN = "http://127.0.0.1:3000";
let dir: string;
let server: Serve;
let batch: Record<string, Record<string, unknown>[]>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pulse-serve-"));
  await generate(join(dir, "data"), ["--seed", "3", "--days", "1", "--transactions", "1500", "--dirty"]);
  batch = await aggregate(join(dir, "data"), join(dir, "batch"));
  server = await serve([...inputs(join(dir, "data")), "--speed", "max", "--token", TOKEN, "--origins", ORIGIN, "--max-clients", "3", "--heartbeat", "300ms"]);
  await done(server);
});
afterAll(async () => {
  await killAll();
  await rm(dir, {recursive: true, force: true});
});

const auth = {authorization: `Bearer ${TOKEN}`};

describe("HTTP endpoints", () => {
  it("GET /health is open and reports rows, rejects, late, watermark, lag and clients", async () => {
    const response = await get(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/application\/json/);
    const health = response.json();
    const kpis = batch.kpis[0];
    expect(health).toMatchObject({status: "done", rowsRead: kpis.rows_read, rejected: kpis.rejected, late: kpis.late, clients: 0, lagMs: expect.any(Number)});
    expect(health.rejected).toBeGreaterThan(0);
    expect(health.watermark).toBe(kpis.watermark);
    expect(health.watermarkIso).toBe(new Date(health.watermark).toISOString());
  });

  it("GET /metrics needs the token and serves Prometheus text with ingest, reject, client and broadcast metrics", async () => {
    expect((await get(`${server.url}/metrics`)).status).toBe(401);
    const response = await get(`${server.url}/metrics`, auth);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = String(response.body);
    const health = (await get(`${server.url}/health`)).json();
    const sum = (pattern: RegExp) => [...text.matchAll(pattern)].reduce((total, m) => total + Number(m[1]), 0);
    // Events by kind plus rejects by reason add up to the rows read.
    const events = sum(/^pulse_events_ingested_total\{kind="[a-z]+"\} (\d+)$/gm);
    const rejects = sum(/^pulse_rows_rejected_total\{reason="[a-z_]+"\} (\d+)$/gm);
    expect(rejects).toBe(health.rejected);
    expect(events + rejects).toBe(health.rowsRead);
    expect(sum(/^pulse_late_events_total (\d+)$/gm)).toBe(health.late);
    for (const name of ["pulse_ws_clients", "pulse_broadcast_seconds_bucket", "pulse_ingest_to_broadcast_seconds_count", "pulse_ws_buffer_drops_total", "pulse_process_resident_memory_bytes", "pulse_deltas_total"]) {
      expect(text).toContain(name);
    }
  });

  it("GET /snapshot/<table>.arrow has the batch schema, metadata source live, and the token may come as ?token=", async () => {
    for (const table of ["windows", "totals", "kpis", "late", "rejects"]) {
      expect((await get(`${server.url}/snapshot/${table}.arrow`)).status).toBe(401);
      const response = await get(`${server.url}/snapshot/${table}.arrow?token=${TOKEN}`);
      expect(response.status, table).toBe(200);
      expect(response.headers["content-type"]).toBe("application/vnd.apache.arrow.file");
      const live = fromArrow(new Uint8Array(response.body));
      const batch = fromArrow(await readFile(join(dir, "batch", `${table}.arrow`)));
      expect(live.schema.fields.map((f) => `${f.name}:${f.type}`), table).toEqual(batch.schema.fields.map((f) => `${f.name}:${f.type}`));
      expect(live.schema.metadata.get("source")).toBe("live");
      if (table !== "windows" && table !== "late") expect(live.numRows, table).toBe(batch.numRows);
    }
  });

  it("answers unknown paths and tables with a JSON 404, other methods with 405", async () => {
    for (const path of ["/nope", "/snapshot/nope.arrow?token=" + TOKEN, "/snapshot/windows.csv"]) {
      const response = await get(server.url + path);
      expect(response.status, path).toBe(404);
      expect(response.json()).toMatchObject({code: "E_NOT_FOUND", error: expect.stringMatching(/not found|unknown table/)});
    }
    const response = await get(`${server.url}/health`, {}, "POST");
    expect(response.status).toBe(405);
    expect(response.json().code).toBe("E_METHOD");
  });

  it("sends CORS headers to the allowed origin only, and answers preflights", async () => {
    expect((await get(`${server.url}/health`, {origin: ORIGIN})).headers["access-control-allow-origin"]).toBe(ORIGIN);
    expect((await get(`${server.url}/health`, {origin: "http://evil.example"})).headers["access-control-allow-origin"]).toBeUndefined();
    const preflight = await get(`${server.url}/snapshot/kpis.arrow`, {origin: ORIGIN, "access-control-request-method": "GET"}, "OPTIONS");
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-headers"]).toBe("authorization");
  });
});

describe("WebSocket limits", () => {
  it("closes a client without the token with 4001 and one from another origin with 4003", async () => {
    const anonymous = connect(server.ws);
    expect(await anonymous.closed).toEqual({code: 4001, reason: "missing or wrong token"});
    const wrong = connect(`${server.ws}?token=nope-nope-nope`);
    expect((await wrong.closed).code).toBe(4001);
    const foreign = connect(`${server.ws}?token=${TOKEN}`, {origin: "http://evil.example"});
    expect(await foreign.closed).toEqual({code: 4003, reason: "origin not allowed"});
    expect(anonymous.messages).toEqual([]);
    // Refusals before the hub count too, by reason.
    const metrics = String((await get(`${server.url}/metrics`, auth)).body);
    expect(metrics).toMatch(/^pulse_ws_refused_total\{reason="unauthorized"\} 2$/m);
    expect(metrics).toMatch(/^pulse_ws_refused_total\{reason="origin"\} 1$/m);
  });

  it("reads the Authorization scheme case-insensitively, and selects no subprotocol", async () => {
    const lower = connect(server.ws, {headers: {authorization: `bearer ${TOKEN}`}});
    await lower.reach(0);
    expect(lower.socket.protocol).toBe("");
    lower.socket.close();
    await lower.closed;
    expect((await get(`${server.url}/metrics`, {authorization: `BEARER ${TOKEN}`})).status).toBe(200);
  });

  it("accepts the token as a header or ?token=, the site's origin, and refuses clients beyond --max-clients with 4029", async () => {
    const a = connect(server.ws, {headers: auth});
    const b = connect(`${server.ws}?token=${TOKEN}`, {origin: ORIGIN});
    const c = connect(`${server.ws}?token=${TOKEN}`);
    const health = (await get(`${server.url}/health`)).json();
    await Promise.all([a.reach(health.seq), b.reach(health.seq), c.reach(health.seq)]);
    const d = connect(`${server.ws}?token=${TOKEN}`);
    expect(await d.closed).toEqual({code: 4029, reason: "too many clients (max 3)"});
    expect((await get(`${server.url}/health`)).json().clients).toBe(3);
    const metrics = String((await get(`${server.url}/metrics`, auth)).body);
    expect(metrics).toMatch(/^pulse_ws_refused_total\{reason="max_clients"\} 1$/m);
    // A place frees up when a client leaves.
    a.socket.close();
    await a.closed;
    await waitUntil(async () => (await get(`${server.url}/health`)).json().clients === 2);
    const e = connect(`${server.ws}?token=${TOKEN}`);
    await e.reach(health.seq);
    for (const client of [b, c, e]) client.socket.close();
    await Promise.all([b.closed, c.closed, e.closed]);
  });

  it("closes a client that sends over 4 KiB with 1009 and counts it as message_too_big", async () => {
    const client = connect(`${server.ws}?token=${TOKEN}`);
    await client.reach(0);
    client.socket.send("x".repeat(4097));
    expect((await client.closed).code).toBe(1009);
    await waitUntil(async () => /^pulse_ws_closed_total\{reason="message_too_big"\} 1$/m.test(String((await get(`${server.url}/metrics`, auth)).body)));
  });

  it("sends app heartbeats with the server time and seq, and pings", async () => {
    const client = connect(`${server.ws}?token=${TOKEN}`);
    let pings = 0;
    client.socket.on("ping", () => pings++);
    await waitUntil(() => client.messages.some((m) => m.type === "heartbeat") && pings > 0, 10_000);
    const beat = client.messages.find((m) => m.type === "heartbeat")!;
    expect(beat.seq).toBe(client.state.seq);
    expect(Math.abs(beat.time - Date.now())).toBeLessThan(5_000);
    client.socket.close();
    await client.closed;
  });

  it("every message is a JSON text frame that decodes as protocol version 1", async () => {
    const client = connect(`${server.ws}?token=${TOKEN}`);
    await client.reach(0);
    await waitUntil(() => client.messages.length >= 2);
    expect(client.messages.slice(0, 2).map((m) => m.type)).toEqual(["hello", "snapshot"]);
    expect(() => decodeMessage(JSON.stringify(client.messages[1]))).not.toThrow();
    // Text, not binary: a browser's event.data is then a string (a Blob otherwise).
    expect(client.binaryFrames).toBe(0);
    client.socket.close();
    await client.closed;
  });
});

describe("pulse serve options", () => {
  /** Runs the CLI in-process; returns the exit code and what went to stderr. */
  async function run(args: string[]) {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (lines.push(String(chunk)), true));
    try {
      const code = await main(["serve", ...args]);
      return {code, stderr: lines.join("")};
    } finally {
      spy.mockRestore();
    }
  }

  it("a bad value exits 2 before starting, with one line naming the option", async () => {
    const data = ["--transactions", join(dir, "data/transactions.csv")];
    const cases: [string[], RegExp][] = [
      [[...data, "--port", "70000"], /invalid --port: "70000"/],
      [[...data, "--speed", "fast"], /invalid --speed: "fast" \(expected a positive number or max\)/],
      [[...data, "--speed", "0"], /invalid --speed/],
      [[...data, "--rate", "0"], /invalid --rate/],
      [[...data, "--max-buffer", "10"], /invalid --max-buffer: "10"/],
      [[...data, "--max-clients", "0"], /invalid --max-clients/],
      [[...data, "--origins", "http://127.0.0.1:3000/page"], /invalid --origins: "http:\/\/127\.0\.0\.1:3000\/page"/],
      [[...data, "--tick", "1ms"], /invalid --tick: "1ms" \(expected 10ms to 1m\)/],
      [[...data, "--hardware-interval", "100ms"], /invalid --hardware-interval/],
      [[...data, "--window", "fortnight"], /invalid --window: "fortnight"/],
      [[...data, "--hop", "2m"], /invalid --hop/],
      [[...data, "--dimensions", "all,colour"], /invalid --dimensions/],
      [[...data, "--host", "example.com"], /invalid --host: "example.com"/],
      [[...data, "--token", "short"], /invalid --token/],
      [[...data, "--checkpoint", join(dir, "data/transactions.csv")], /invalid --checkpoint/],
      [[...data, "--checkpoint", join(dir, "data/transactions.csv/sub")], /invalid --checkpoint: ".*sub" \(expected a folder that can be created; a file is in the way\)/],
      [[...data, "--speed", "10", "--rate", "10"], /invalid --rate: 10 \(expected either --rate or --speed, not both\)/],
      [[...data, "stray"], /unexpected argument "stray"/],
      [[...data, "--bogus"], /unknown option --bogus/],
      [["--transactions", join(dir, "nope.csv")], /invalid --transactions: ".*nope\.csv" \(expected an existing file\)/],
      [["--data", join(dir, "nope")], /invalid --data/],
      [[], /missing required option --transactions/]
    ];
    for (const [args, message] of cases) {
      const {code, stderr} = await run(args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr, args.join(" ")).toMatch(message);
      expect(stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
    }
  });

  it("a port in use or an address not of this machine is a bad --port or --host, one line", async () => {
    const port = new URL(server.url).port;
    const data = ["--transactions", join(dir, "data/transactions.csv"), "--hardware-interval", "0"];
    const taken = await pulse(["serve", ...data, "--port", port]);
    expect([taken.code, taken.stderr]).toEqual([2, `pulse serve: invalid --port: ${port} (expected a free port; 127.0.0.1:${port} is in use)\n`]);
    const foreign = await pulse(["serve", ...data, "--host", "192.0.2.1", "--port", "0"]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/^pulse serve: invalid --host: "192\.0\.2\.1" \(expected an address of this machine; .*\)\n$/);
  });

  it("the real binary exits with status 2", async () => {
    const result = await pulse(["serve", "--data", join(dir, "data"), "--max-clients", "-1"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('pulse serve: invalid --max-clients: "-1" (expected 1 to 100000)\n');
  });
});
