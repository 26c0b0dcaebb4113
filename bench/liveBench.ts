import WebSocket from "ws";
import {createHistogram, readDeltaHeader} from "./latency.ts";
import {peakRss, startServe} from "./runChild.ts";

export interface LiveOptions {
  data: string;
  rate: number;
  clients: number;
  /** Measured time, after the warm-up. */
  durationMs: number;
  warmupMs: number;
  tickMs: number;
  window: string;
  log(line: string): void;
}

export interface LiveResult {
  clients: number;
  targetRate: number;
  /** Events the bridge actually pushed per second during the measurement. */
  achievedRate: number;
  /** Per event: from its ingest (push into the engine) to the delta carrying it reaching a client. */
  latencyP50: number;
  latencyP99: number;
  latencyMax: number;
  /** Per delta, its oldest event (the worst case of the delta). */
  deltaWorstP99: number;
  deltasPerClient: number;
  /** Bytes received per second, all clients together. */
  bytesPerSecond: number;
  replayLagMs: number;
  bridgePeakRssBytes: number | null;
  bridgeRssBytes: number;
  /** Server side, since start: event-loop delay p99 and max (ms), and the share of deltas queued to clients within 100 ms of their oldest event's ingest. */
  serverLoopLagP99: number;
  serverLoopLagMax: number;
  serverQueuedWithin100ms: number;
}

/** A few figures from the bridge's /metrics (Prometheus text). */
export function serverFigures(text: string): {loopLagP99: number; loopLagMax: number; queuedWithin100ms: number} {
  const value = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, "m").exec(text)?.[1] ?? NaN);
  const within = value('pulse_ingest_to_broadcast_seconds_bucket\\{le="0.1"\\}');
  const count = value("pulse_ingest_to_broadcast_seconds_count");
  return {
    loopLagP99: value("pulse_nodejs_eventloop_lag_p99_seconds") * 1000,
    loopLagMax: value("pulse_nodejs_eventloop_lag_max_seconds") * 1000,
    queuedWithin100ms: count ? within / count : NaN
  };
}

async function health(url: string): Promise<any> {
  return (await fetch(`${url}/health`)).json();
}

/**
 * Starts `pulse serve --rate R` held until `clients` WebSocket clients are connected, then measures,
 * in every client, the time from each event's ingest to the delta carrying it arriving. Clients read
 * only the delta header (bench/latency.ts); the events of a delta are spread evenly between its first
 * and last ingest time. The server and the clients share this machine's clock.
 */
export async function liveBench(o: LiveOptions): Promise<LiveResult> {
  const server = await startServe([
    "--data", o.data, "--rate", String(o.rate), "--tick", `${o.tickMs}ms`, "--window", o.window, "--wait-clients", String(o.clients),
    "--max-clients", String(o.clients + 8), "--hardware-interval", "0", "--heartbeat", "5s"
  ]);
  const ws = server.url.replace(/^http/, "ws") + "/ws";
  const perEvent = createHistogram();
  const perDelta = createHistogram();
  let measuring = false;
  let deltas = 0;
  let bytes = 0;
  const sockets: WebSocket[] = [];
  try {
    o.log(`live: ${o.clients} clients → ${ws}`);
    await Promise.all(
      Array.from({length: o.clients}, () => {
        const socket = new WebSocket(ws, {skipUTF8Validation: true, perMessageDeflate: false});
        sockets.push(socket);
        socket.on("message", (data: Buffer) => {
          const now = Date.now();
          if (!measuring) return;
          bytes += data.length;
          const header = readDeltaHeader(data);
          if (!header?.ingest) return;
          deltas++;
          const {first, last, events} = header.ingest;
          perEvent.addRange(now - last, now - first, events);
          perDelta.add(now - first);
        });
        return new Promise<void>((resolve, reject) => {
          socket.once("open", () => resolve());
          socket.once("error", reject);
        });
      })
    );
    o.log(`live: replay at ${o.rate} events/s started; warm-up ${o.warmupMs / 1000}s, then measuring ${o.durationMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, o.warmupMs));
    const before = await health(server.url);
    measuring = true;
    const started = Date.now();
    let rss = 0;
    while (Date.now() - started < o.durationMs) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const h = await health(server.url);
      rss = Math.max(rss, h.rssBytes);
      if (h.status !== "replaying") {
        o.log(`live: the input ended after ${((Date.now() - started) / 1000).toFixed(1)}s of measurement (use more --lines for longer runs)`);
        break;
      }
    }
    measuring = false;
    const elapsed = Date.now() - started;
    const after = await health(server.url);
    const server_ = serverFigures(await (await fetch(`${server.url}/metrics`)).text());
    return {
      clients: o.clients,
      targetRate: o.rate,
      achievedRate: ((after.rowsRead - before.rowsRead) * 1000) / elapsed,
      latencyP50: perEvent.quantile(0.5),
      latencyP99: perEvent.quantile(0.99),
      latencyMax: perEvent.max(),
      deltaWorstP99: perDelta.quantile(0.99),
      deltasPerClient: deltas / o.clients,
      bytesPerSecond: (bytes * 1000) / elapsed,
      replayLagMs: after.lagMs,
      bridgePeakRssBytes: peakRss(server.child.pid!),
      bridgeRssBytes: rss,
      serverLoopLagP99: server_.loopLagP99,
      serverLoopLagMax: server_.loopLagMax,
      serverQueuedWithin100ms: server_.queuedWithin100ms
    };
  } finally {
    for (const socket of sockets) socket.terminate();
    server.child.kill("SIGTERM");
    await server.exited;
  }
}
