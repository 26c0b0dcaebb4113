import {stat} from "node:fs/promises";
import {isIP} from "node:net";
import {join} from "node:path";
import {badOption} from "../../lib/errors.ts";
import {formatDuration} from "../../lib/duration.ts";
import {startBridge, type Bridge, type BridgeOptions} from "../../stream-bridge/bridge.ts";
import {maybePace} from "../../stream-bridge/replay/pacer.ts";
import {hardwareChannel} from "../../stream-bridge/server/hardwareChannel.ts";
import type {Command, ParsedOptions} from "../args.ts";
import {inputFiles, inputOptions, readMappingOption, reportColumns} from "../inputFiles.ts";
import {outputFolder} from "../outputFolder.ts";
import {DEFAULT_DIMENSIONS, parseDimensions} from "./aggregate.ts";
import {DEFAULT_DEDUPE_WINDOW} from "../../stream-bridge/ingest/source.ts";

export const command: Command = {
  name: "serve",
  summary: "replay CSV files as a live stream and serve aggregates over HTTP and WebSocket",
  details: `
Endpoints: GET /health (JSON), GET /metrics (Prometheus), GET /snapshot/<table>.arrow
(windows, totals, kpis, late, rejects, hardware, feed), and the WebSocket /ws (protocol: docs/protocol.md;
resume with /ws?since=<seq>&server=<id>). With --token, /ws, /snapshot and /metrics need
"Authorization: Bearer <token>" or ?token=<token>.

examples:
  pulse serve --data data/ --speed 600 --loop
  pulse serve --transactions sales.csv --mapping mapping.json --rate 50000 --checkpoint /tmp/pulse-ckpt`,
  options: {
    ...inputOptions,
    window: {type: "duration", default: "1m", help: "window size"},
    hop: {type: "duration", arg: "DURATION", help: "hopping windows: a window every --hop (≤ --window)"},
    lateness: {type: "duration", default: "10m", help: "allowed lateness"},
    dimensions: {type: "string", arg: "LIST", default: DEFAULT_DIMENSIONS, help: "comma-separated dimensions"},
    history: {type: "integer", min: 0, default: 60, help: "final windows kept for clients (per window start)"},
    "late-history": {type: "integer", min: 0, default: 1000, help: "late records kept for clients"},
    speed: {type: "string", arg: "N|max", help: "replay at N× event time, or as fast as possible (default 60)"},
    rate: {type: "number", arg: "N", help: "replay N events per second of wall clock (instead of --speed; not both)"},
    loop: {type: "boolean", help: "replay forever, shifting event times by the data span each lap"},
    host: {type: "string", default: "127.0.0.1", help: "address to bind"},
    port: {type: "integer", min: 0, max: 65535, default: 8787, help: "port (0: any free port)"},
    checkpoint: {type: "string", arg: "DIR", help: "write checkpoints here and resume from the last one"},
    "checkpoint-interval": {type: "duration", default: "1s", help: "time between checkpoints (0: only at the end)"},
    "checkpoint-events": {type: "integer", min: 0, default: 0, help: "also checkpoint every N records (0: off)"},
    "max-clients": {type: "integer", min: 1, max: 100_000, default: 256, help: "WebSocket clients at once (more are closed with 4029)"},
    "max-buffer": {type: "integer", min: 1024, default: 8 * 1024 * 1024, arg: "BYTES", help: "bytes queued per client before it is coalesced (and closed with 4008 if it stays stuck)"},
    "slow-timeout": {type: "duration", default: "10s", help: "how long a client may stay over --max-buffer"},
    origins: {type: "string", arg: "LIST", default: "http://127.0.0.1:3000,http://localhost:3000", help: "browser origins allowed (CORS and WebSocket), or *"},
    token: {type: "string", arg: "T", help: "bearer token required on /ws, /snapshot and /metrics (at least 8 printable characters, no spaces)"},
    tick: {type: "duration", default: "100ms", help: "broadcast period: one engine flush and one delta per tick"},
    heartbeat: {type: "duration", default: "5s", help: "app heartbeat and ping period (a client that has not answered the previous ping is dropped)"},
    "replay-buffer": {type: "integer", min: 0, default: 600, help: "deltas kept for clients that reconnect"},
    "replay-bytes": {type: "integer", min: 0, default: 16 * 1024 * 1024, arg: "BYTES", help: "byte cap of the replay buffer"},
    "hardware-interval": {type: "duration", default: "1s", help: "hardware channel sampling period (0: off; else ≥ 500ms)"},
    "dedupe-window": {type: "integer", min: 0, default: DEFAULT_DEDUPE_WINDOW, help: "records remembered per file to detect duplicate lines (0: off; serve and aggregate share the default, so live and batch reject the same lines)"},
    "wait-clients": {type: "integer", min: 0, default: 0, help: "start the replay once this many WebSocket clients are connected"},
    "feed-size": {type: "integer", min: 0, max: 100_000, default: 50, help: "latest transactions and refunds kept in the live feed (0: no feed table)"}
  },
  run
};


function maybeOrigins(text: string): string[] {
  const list = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!list.length) throw badOption("origins", text, "a comma-separated list of origins such as http://127.0.0.1:3000, or *");
  for (const origin of list) {
    if (origin === "*") continue;
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {}
    if (!parsed || parsed.origin !== origin) throw badOption("origins", origin, "an origin like http://127.0.0.1:3000 (scheme, host and port, no path)");
  }
  return list;
}

/** Checks every option before anything starts; a bad one is E_BAD_OPTION (exit 2) naming it. */
export async function bridgeOptions(options: ParsedOptions, log: (line: string) => void): Promise<BridgeOptions> {
  const files: BridgeOptions["files"] = await inputFiles(options);
  const mapping = await readMappingOption(options);
  await reportColumns(files, mapping, options, (line) => log(`serve: ${line}`));

  const windowMs = options.window as number;
  const hopMs = options.hop as number | undefined;
  if (windowMs <= 0) throw badOption("window", formatDuration(windowMs), "a positive duration");
  if (hopMs !== undefined && (hopMs <= 0 || hopMs > windowMs)) throw badOption("hop", formatDuration(hopMs), `a positive duration ≤ --window (${formatDuration(windowMs)})`);
  if (options.speed !== undefined && options.rate !== undefined) throw badOption("rate", options.rate, "either --rate or --speed, not both");
  const pace = maybePace((options.speed as string | undefined) ?? "60", options.rate as number | undefined);
  if ("error" in pace) throw badOption(pace.error, options[pace.error], pace.error === "speed" ? "a positive number or max" : "a positive number of events per second");
  const host = options.host as string;
  if (host !== "localhost" && !isIP(host)) throw badOption("host", host, "an IP address such as 127.0.0.1, or localhost");
  const tickMs = options.tick as number;
  if (tickMs < 10 || tickMs > 60_000) throw badOption("tick", formatDuration(tickMs), "10ms to 1m");
  const heartbeatMs = options.heartbeat as number;
  if (heartbeatMs < 100) throw badOption("heartbeat", formatDuration(heartbeatMs), "at least 100ms");
  const slowTimeoutMs = options["slow-timeout"] as number;
  if (slowTimeoutMs <= 0) throw badOption("slow-timeout", formatDuration(slowTimeoutMs), "a positive duration");
  const hardwareMs = options["hardware-interval"] as number;
  if (hardwareMs !== 0 && hardwareMs < 500) throw badOption("hardware-interval", formatDuration(hardwareMs), "0 (off) or at least 500ms");
  const token = options.token as string | undefined;
  if (token !== undefined && !/^[\x21-\x7e]{8,}$/.test(token)) throw badOption("token", "…", "at least 8 printable characters without spaces");
  const checkpointDir = options.checkpoint as string | undefined;
  if (checkpointDir !== undefined) {
    const info = await stat(checkpointDir).catch(() => null);
    if (info && !info.isDirectory()) throw badOption("checkpoint", checkpointDir, "a folder (created if missing)");
    await outputFolder("checkpoint", checkpointDir);
  }
  // Test hook: pause inside each checkpoint write so a test can kill the process mid-write.
  const pauseMs = Number(process.env.PULSE_CHECKPOINT_PAUSE_MS ?? 0) || undefined;

  return {
    files,
    mapping,
    engine: {
      windowMs,
      hopMs,
      latenessMs: options.lateness as number,
      dimensions: parseDimensions(options.dimensions as string),
      historyWindows: options.history as number,
      lateHistory: options["late-history"] as number
    },
    pace,
    loop: options.loop === true,
    host,
    port: options.port as number,
    maxClients: options["max-clients"] as number,
    maxBuffer: options["max-buffer"] as number,
    origins: maybeOrigins(options.origins as string),
    token,
    tickMs,
    heartbeatMs,
    slowTimeoutMs,
    replayMessages: options["replay-buffer"] as number,
    replayBytes: options["replay-bytes"] as number,
    rejectHistory: 1000,
    checkpoint: checkpointDir === undefined ? undefined : {dir: checkpointDir, intervalMs: options["checkpoint-interval"] as number, events: options["checkpoint-events"] as number, pauseMs},
    hardware: hardwareMs ? hardwareChannel(hardwareMs) : undefined,
    dedupeWindow: options["dedupe-window"] as number,
    waitClients: options["wait-clients"] as number,
    feedSize: options["feed-size"] as number,
    log
  };
}

async function run(options: ParsedOptions): Promise<number> {
  const log = (line: string) => process.stderr.write(line + "\n");
  const settings = await bridgeOptions(options, log);
  let bridge: Bridge;
  try {
    bridge = await startBridge(settings);
  } catch (error) {
    // The address is the one thing only binding can check: say which option, in one line.
    const code = (error as NodeJS.ErrnoException).code;
    const at = `${settings.host}:${settings.port}`;
    if (code === "EADDRINUSE") throw badOption("port", settings.port, `a free port; ${at} is in use`);
    if (code === "EACCES") throw badOption("port", settings.port, `a port this user may listen on (≥ 1024 without privileges)`);
    if (code === "EADDRNOTAVAIL") throw badOption("host", settings.host, `an address of this machine; ${at} cannot be bound`);
    throw error;
  }
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log(`serve: ${signal}, shutting down`);
      process.once(signal, () => process.exit(130)); // a second signal does not wait
      bridge.stop().then(resolve, (error) => {
        log(`serve: shutdown failed: ${(error as Error).message}`);
        resolve();
      });
    };
    process.once("SIGINT", () => shutdown("SIGINT"));
    process.once("SIGTERM", () => shutdown("SIGTERM"));
  });
  log("serve: stopped");
  return 0;
}
