import {randomBytes} from "node:crypto";
import {resolve} from "node:path";
import {createCheckpointStore, checkParameters, type Checkpoint, type CheckpointBody} from "./checkpoint/checkpointStore.ts";
import {createEngine, restoreEngine, type Engine, type EngineChanges, type EngineOptions, type Kpis, type LateRecord} from "./engine/index.ts";
import {isReject, type Reject, type SourceKind} from "./events.ts";
import {readDimensions, type Mapping, type MergedBatch} from "./ingest/index.ts";
import {lapShift as lapShiftOf} from "./replay/lapShift.ts";
import {createPacer, type Pace} from "./replay/pacer.ts";
import {replay, systemClock} from "./replay/replay.ts";
import {DEDUPE_WINDOW, fileSource, openSources, PositionTracker, type ResumePosition} from "./replay/sources.ts";
import {createHub} from "./server/hub.ts";
import {startHttpServer} from "./server/httpServer.ts";
import {createLiveState, type TableUpdate} from "./server/liveState.ts";
import {createMetrics, hubEvents} from "./server/metrics.ts";
import {createReplayBuffer} from "./server/replayBuffer.ts";
import {feedArrow} from "./server/feedArrow.ts";
import {createFeedRing, type FeedEntry} from "./server/feedRing.ts";
import {createLiveAlerts, type AlertRow, type LiveAlertsState} from "./server/liveAlerts.ts";
import {liveArrow} from "./server/snapshotArrow.ts";
import {TABLES} from "./server/tables.ts";
import {RejectWatch} from "./ingest/rejectWatch.ts";
import {lateHint} from "./batch/lateHint.ts";

/**
 * The live bridge: CSV sources → replay (merged, paced) → engine → one delta per tick → WebSocket
 * clients, plus HTTP health/metrics/snapshots and checkpoints. This file only wires the parts.
 */
export interface BridgeOptions {
  files: Partial<Record<SourceKind | "stores" | "products", string>>;
  mapping?: Mapping;
  engine: Omit<EngineOptions, "stores" | "products">;
  pace: Pace;
  loop: boolean;
  host: string;
  port: number;
  maxClients: number;
  maxBuffer: number;
  origins: string[];
  token?: string;
  tickMs: number;
  heartbeatMs: number;
  slowTimeoutMs: number;
  replayMessages: number;
  replayBytes: number;
  /** Recent rejects kept for /snapshot/rejects.arrow. */
  rejectHistory: number;
  checkpoint?: {dir: string; intervalMs: number; events?: number; pauseMs?: number};
  /** Hold the replay until this many WebSocket clients are connected (tests and the live benchmark). */
  waitClients?: number;
  hardware?: HardwareHook;
  /** Transactions and refunds kept in the live `feed` table (default 50; 0: no feed table). */
  feedSize?: number;
  /** Records remembered for duplicate_line detection (the reader's default when absent). */
  dedupeWindow?: number;
  log(message: string): void;
}

/** What the bridge needs from the hardware sampler (stream-bridge/hardware/sampler.ts). */
export interface HardwareHook {
  start(): void;
  stop(): Promise<void>;
  onSample(listener: (sample: {time: number}) => void): () => void;
  onAlert?(listener: (alert: object) => void): () => void;
  history(): {time: number}[];
  /** Flattens a sample into rows of the hardware table. */
  rows(sample: {time: number}): object[];
  /** Rows of the hardware table kept for clients. */
  historyRows: number;
  /** /snapshot/hardware.arrow */
  arrow(): Uint8Array;
}

export interface Bridge {
  readonly url: string;
  readonly port: number;
  readonly server: string;
  /** Resolves when the input is fully replayed (never with --loop) or the bridge stopped. */
  readonly replayed: Promise<void>;
  /** Graceful stop: stop reading, last tick, final checkpoint, close connections. */
  stop(): Promise<void>;
}

const SOURCE_ORDER: SourceKind[] = ["transactions", "refunds", "inventory"];

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const {log} = options;
  const serverId = randomBytes(6).toString("hex");
  const kinds = SOURCE_ORDER.filter((kind) => options.files[kind]);
  const paths = kinds.map((kind) => resolve(options.files[kind]!));
  const dims = await readDimensions({stores: options.files.stores, products: options.files.products}, {mapping: options.mapping});
  const engineOptions: EngineOptions = {...options.engine, stores: dims.stores, products: dims.products};
  const dedupeWindow = options.dedupeWindow ?? DEDUPE_WINDOW;
  // Small chunks: the reader parses a whole chunk before yielding it, and a 1 MiB chunk (~10k rows)
  // would hold the event loop long enough to delay ticks, heartbeats and checkpoints.
  const read = {mapping: options.mapping, stores: dims.stores, products: dims.products, dedupeWindow, chunkBytes: 64 * 1024};
  const sources = kinds.map((kind, k) => fileSource(kind, paths[k], read));
  // Anything that changes what the saved state means; a checkpoint from other settings is refused.
  const parameters = {
    sources: Object.fromEntries(kinds.map((kind, k) => [kind, paths[k]])),
    stores: options.files.stores ? resolve(options.files.stores) : null,
    products: options.files.products ? resolve(options.files.products) : null,
    windowMs: options.engine.windowMs,
    hopMs: options.engine.hopMs ?? options.engine.windowMs,
    latenessMs: options.engine.latenessMs,
    dimensions: options.engine.dimensions,
    loop: options.loop,
    dedupeWindow
  };

  // ---- state: fresh, or restored from the last checkpoint
  const store = options.checkpoint ? createCheckpointStore(options.checkpoint.dir, {pauseMs: options.checkpoint.pauseMs, onPause: () => log("checkpoint: write paused (test hook)")}) : null;
  const saved: Checkpoint | null = store ? await store.load() : null;
  if (saved) checkParameters(saved, parameters, store!.dir);
  const engine: Engine = saved ? restoreEngine(saved.engine, engineOptions) : createEngine(engineOptions);
  const tracker = new PositionTracker(kinds.length, dedupeWindow);
  let resume: (ResumePosition | undefined)[] = kinds.map((kind) => saved?.positions[kind]);
  let lap = saved?.lap ?? 0;
  let lapShift: number | null = saved?.lapShift ?? null;
  let span = (saved?.extra.span as {min: number; max: number} | undefined) ?? {min: Infinity, max: -Infinity};
  let finished = saved?.finished ?? false;
  const recentRejects: Reject[] = ((saved?.extra.rejects as Reject[] | undefined) ?? []).slice(-options.rejectHistory);
  for (const reject of dims.rejects) if (!saved) recentRejects.push(reject);
  if (saved) log(`checkpoint: resuming from ${store!.dir} (lap ${lap}, ${kinds.map((kind, k) => `${kind} line ${resume[k]?.line ?? 1}`).join(", ")})`);

  // ---- live state, hub, metrics
  const feedSize = options.feedSize ?? 50;
  const tables: Partial<typeof TABLES> = {...TABLES};
  if (!feedSize) delete tables.feed;
  // Without the hardware channel (--hardware-interval 0) hello lists no hardware table.
  if (!options.hardware) delete tables.hardware;
  const alertHistory = 500;
  const live = createLiveState({
    server: serverId,
    tables,
    bounded: {late: options.engine.lateHistory ?? 1000, alerts: alertHistory, hardware: options.hardware?.historyRows ?? 0}
  });
  // The transaction feed and the business alerts see every event the engine gets (same shifted times).
  const feed = feedSize ? createFeedRing(feedSize) : null;
  const liveAlerts = createLiveAlerts({windowMs: options.engine.windowMs, hopMs: options.engine.hopMs, stores: dims.stores, products: dims.products});
  if (liveAlerts.revenueDisabled) log(`alerts: revenue alerts off: ${liveAlerts.revenueDisabled}`);
  const savedLive = saved?.extra.live as {feed: FeedEntry[]; alerts: AlertRow[]; monitors: LiveAlertsState} | undefined;
  if (savedLive) {
    feed?.seed(savedLive.feed);
    liveAlerts.restore(savedLive.monitors);
  }
  let status: "replaying" | "done" | "stopping" | "failed" = finished ? "done" : "replaying";
  let failure: string | null = null;
  /** The `replay` table's row as clients last got it (sent again when status, lap or error change). */
  const replayRow = () => ({status, lap, error: failure});
  let sentReplay = replayRow();
  const initial = engine.snapshot();
  let lastKpis: Kpis = initial.kpis;
  live.seed(
    {windows: initial.windows, totals: initial.totals, kpis: [initial.kpis], late: initial.late, feed: feed?.entries() ?? [], alerts: savedLive?.alerts ?? [], replay: [sentReplay]},
    initial.watermark,
    Date.now()
  );
  const metrics = createMetrics();
  const replayBuffer = createReplayBuffer({maxMessages: options.replayMessages, maxBytes: options.replayBytes});
  const hub = createHub({maxClients: options.maxClients, maxBuffer: options.maxBuffer, slowTimeoutMs: options.slowTimeoutMs, live, replay: replayBuffer, events: hubEvents(metrics)});

  // Per-tick counters (plain numbers on the hot path, folded into prom-client once per tick).
  const eventCounts: Record<string, number> = {sale: 0, refund: 0, inventory: 0};
  const rejectCounts = new Map<string, number>();
  let ingest = {first: 0, last: 0, events: 0};
  let lagMs = 0;
  const pendingHardware: object[] = [];
  const pendingAlerts: object[] = [];

  function commit(changes: EngineChanges, now: number) {
    const t0 = performance.now();
    const kpisChanged = !sameKpis(changes.kpis, lastKpis);
    lastKpis = changes.kpis;
    const update: Record<string, TableUpdate> = {
      windows: {upsert: changes.windows, delete: changes.evicted},
      totals: {upsert: changes.totals},
      kpis: {upsert: kpisChanged ? [changes.kpis] : []},
      late: {upsert: changes.late},
      hardware: {upsert: pendingHardware.splice(0)},
      alerts: {upsert: [...pendingAlerts.splice(0), ...liveAlerts.flush(changes.windows, changes.kpis.watermark)]},
      feed: feed?.drain() ?? {},
      replay: {upsert: replayChanged() ? [(sentReplay = replayRow())] : []}
    };
    const span = ingest.events ? {...ingest} : null;
    ingest = {first: 0, last: 0, events: 0};
    const delta = live.commit({time: now, watermark: changes.kpis.watermark, ingest: span, tables: update});
    if (delta) {
      const data = Buffer.from(delta.text);
      replayBuffer.push(delta.seq, data);
      hub.broadcast(delta.seq, data, now);
      metrics.deltas.inc();
      if (span) metrics.latency.observe((Date.now() - span.first) / 1000);
    }
    for (const [kind, n] of Object.entries(eventCounts)) if (n) metrics.events.inc({kind}, n), (eventCounts[kind] = 0);
    for (const [reason, n] of rejectCounts) metrics.rejects.inc({reason}, n);
    rejectCounts.clear();
    if (changes.late.length) metrics.late.inc(changes.late.length);
    metrics.broadcast.observe((performance.now() - t0) / 1000);
  }

  function replayChanged(): boolean {
    const now = replayRow();
    return now.status !== sentReplay.status || now.lap !== sentReplay.lap || now.error !== sentReplay.error;
  }

  function tick() {
    const now = Date.now();
    hub.check(now);
    if (status === "done" && !pendingHardware.length && !pendingAlerts.length) return;
    commit(engine.flush(now), now);
  }

  // ---- checkpoints: captured synchronously between two records, written in the background
  let saving: Promise<void> | null = null;
  let sinceCheckpoint = 0;
  let checkpoints = 0;
  let lastCheckpointAt: number | null = null;
  function capture(): CheckpointBody {
    const positions: Checkpoint["positions"] = {};
    kinds.forEach((kind, k) => (positions[kind] = {path: paths[k], ...tracker.position(k)}));
    return {
      savedAt: Date.now(),
      parameters,
      positions,
      lap,
      lapShift,
      finished,
      engine: engine.save(),
      extra: {
        rejects: recentRejects,
        span: Number.isFinite(span.min) ? span : undefined,
        // Business alerts raised so far and the monitors' books, so a restart neither repeats nor misses one.
        live: {feed: feed?.entries() ?? [], alerts: live.rows("alerts").filter((a) => a.kind !== "hardware"), monitors: liveAlerts.save()}
      }
    };
  }
  function checkpoint(): Promise<void> | null {
    if (!store || saving) return saving;
    sinceCheckpoint = 0;
    const started = performance.now();
    saving = store
      .save(capture())
      .then(() => {
        checkpoints++;
        lastCheckpointAt = Date.now();
        metrics.checkpoints.inc();
        metrics.checkpointSeconds.observe((performance.now() - started) / 1000);
      })
      .catch((error) => {
        metrics.checkpointErrors.inc();
        log(`checkpoint: write failed: ${(error as Error).message}`);
      })
      .finally(() => (saving = null));
    return saving;
  }

  // ---- the replay loop
  let stopping = false;
  const watch = new RejectWatch((line) => log(`replay: ${line}`), "/snapshot/rejects.arrow");
  let stopWaiting: () => void = () => {};
  const pacer = createPacer(options.pace, Date.now());
  let shift = 0;
  function onItem(batch: MergedBatch, i: number, now: number) {
    const record = batch.records[i];
    tracker.advance(batch.sources[i], record, batch.ends[i], batch.nextLines[i]);
    if (watch.active && lap === 0) watch.record(record);
    if (isReject(record)) {
      engine.reject(record);
      rejectCounts.set(record.reason, (rejectCounts.get(record.reason) ?? 0) + 1);
      recentRejects.push(record);
      if (recentRejects.length > options.rejectHistory * 2) recentRejects.splice(0, recentRejects.length - options.rejectHistory);
    } else {
      if (lap === 0) {
        if (record.time < span.min) span.min = record.time;
        if (record.time > span.max) span.max = record.time;
      }
      const event = shift ? {...record, time: record.time + shift} : record;
      engine.push(event);
      if (feed) {
        if (event.kind === "sale") feed.sale(event);
        else if (event.kind === "refund") feed.refund(event);
      }
      liveAlerts.event(event);
      eventCounts[record.kind]++;
      if (ingest.events++ === 0) ingest.first = now;
      ingest.last = now;
    }
    if (options.checkpoint?.events && ++sinceCheckpoint >= options.checkpoint.events) checkpoint();
  }

  let clientsReady: () => void = () => {};
  const enoughClients = new Promise<void>((resolve) => (clientsReady = resolve));
  function onClientCount(n: number) {
    metrics.clients.set(n);
    if (n >= (options.waitClients ?? 0)) clientsReady();
  }

  async function run() {
    if (finished) return;
    if (options.waitClients) {
      log(`replay: waiting for ${options.waitClients} client(s)`);
      await Promise.race([enoughClients, new Promise<void>((resolve) => (stopWaiting = resolve))]);
      if (stopping) return;
    }
    const runStarted = performance.now();
    const rowsAtStart = lastKpis.rowsRead;
    for (;;) {
      shift = lap === 0 ? 0 : lap * lapShift!;
      const result = await replay(openSources(sources, tracker, resume), {
        pacer,
        clock: systemClock,
        count: (b) => b.records.length,
        timeOf: (b, i) => {
          const record = b.records[i];
          return isReject(record) ? null : record.time + shift;
        },
        onItem,
        stopped: () => stopping,
        onLag: (lag) => (lagMs = lag)
      });
      // The first pass over the inputs is over (or stopped): every input has been seen.
      watch.end();
      if (result === "stopped") return;
      if (!options.loop) break;
      if (lapShift === null) {
        if (!Number.isFinite(span.min)) throw new Error("--loop: the input has no events");
        lapShift = lapShiftOf(span, options.engine.windowMs, options.engine.hopMs);
      }
      lap++;
      resume = [];
      log(`replay: lap ${lap} (event times shifted by ${lapShift * lap} ms)`);
    }
    // Done before the last commit: its delta carries the replay table's "done" with the last windows.
    finished = true;
    status = "done";
    commit(engine.finish(Date.now()), Date.now());
    const seconds = (performance.now() - runStarted) / 1000;
    log(
      `replay: done (${lastKpis.rowsRead} rows read, ${lastKpis.rejected} rejected, ${lastKpis.late} late; ` +
        `${(lastKpis.rowsRead - rowsAtStart).toLocaleString("en-US")} rows in ${seconds.toFixed(2)}s = ${Math.round((lastKpis.rowsRead - rowsAtStart) / seconds).toLocaleString("en-US")} rows/s)`
    );
    const late = lateHint(live.rows("late") as unknown as LateRecord[], lastKpis.rowsRead - lastKpis.rejected - lastKpis.inventoryEvents, {
      windowMs: options.engine.windowMs,
      latenessMs: options.engine.latenessMs,
      count: lastKpis.late
    });
    if (late) log(`replay: hint: ${late}`);
    if (store) {
      await saving;
      await checkpoint();
    }
  }

  // ---- hardware channel
  const unsubscribe: (() => void)[] = [];
  if (options.hardware) {
    const hw = options.hardware;
    unsubscribe.push(hw.onSample((sample) => pendingHardware.push(...hw.rows(sample))));
    if (hw.onAlert) unsubscribe.push(hw.onAlert((alert) => pendingAlerts.push(alert)));
    hw.start();
  }

  // ---- HTTP + WebSocket
  const startedAt = Date.now();
  const http = await startHttpServer({
    host: options.host,
    port: options.port,
    origins: options.origins,
    token: options.token,
    hub,
    onClientCount,
    onRefused: (reason) => metrics.refused.inc({reason}),
    health: () => ({
      status,
      error: failure,
      server: serverId,
      seq: live.seq,
      uptimeMs: Date.now() - startedAt,
      rowsRead: lastKpis.rowsRead,
      rejected: lastKpis.rejected,
      late: lastKpis.late,
      watermark: lastKpis.watermark,
      watermarkIso: lastKpis.watermark === null ? null : new Date(lastKpis.watermark).toISOString(),
      lagMs,
      eventsPerSecond: lastKpis.eventsPerSecond,
      lap,
      clients: hub.size,
      bufferedBytes: hub.buffered(),
      ...memory(),
      checkpoint: store ? {dir: store.dir, written: checkpoints, lastAt: lastCheckpointAt} : null
    }),
    metrics: async () => {
      metrics.clients.set(hub.size);
      metrics.lag.set(lagMs / 1000);
      if (lastKpis.watermark !== null) metrics.watermark.set(lastKpis.watermark / 1000);
      return {contentType: metrics.registry.contentType, body: await metrics.registry.metrics()};
    },
    snapshot: (table) =>
      table === "hardware" ? (options.hardware?.arrow() ?? null) : table === "feed" ? (feed && feedArrow(feed.entries(), {watermark: lastKpis.watermark})) : liveArrow(table, {
        rows: (name) => live.rows(name),
        rejects: () => recentRejects.slice(-options.rejectHistory),
        watermark: lastKpis.watermark,
        parameters: {windowMs: options.engine.windowMs, latenessMs: options.engine.latenessMs, dimensions: options.engine.dimensions},
        inputRows: {rows: lastKpis.rowsRead}
      })
  });
  log(`serve: listening on ${http.url} (ws ${http.url.replace(/^http/, "ws")}/ws, server ${serverId})`);

  const timers = [setInterval(tick, options.tickMs), setInterval(() => hub.heartbeat(Date.now()), options.heartbeatMs)];
  if (store && options.checkpoint!.intervalMs > 0) timers.push(setInterval(() => status === "replaying" && checkpoint(), options.checkpoint!.intervalMs));

  const replayed = run().catch((error) => {
    status = "failed";
    failure = (error as Error).message;
    log(`replay: failed: ${failure}`);
  });

  let stopped: Promise<void> | null = null;
  return {
    url: http.url,
    port: http.port,
    server: serverId,
    replayed,
    stop() {
      stopped ??= (async () => {
        const wasReplaying = status === "replaying";
        stopping = true;
        stopWaiting();
        if (wasReplaying) status = "stopping";
        await replayed;
        for (const timer of timers) clearInterval(timer);
        for (const off of unsubscribe) off();
        await options.hardware?.stop();
        if (status !== "done" && status !== "failed") tick();
        if (store && wasReplaying) {
          await saving;
          await checkpoint();
        }
        await http.close();
      })();
      return stopped;
    }
  };
}

function memory() {
  const m = process.memoryUsage();
  // arrayBuffers holds Buffers (queued messages among them), so it shows what clients retain.
  return {rssBytes: m.rss, heapUsedBytes: m.heapUsed, arrayBuffersBytes: m.arrayBuffers};
}

function sameKpis(a: Kpis, b: Kpis): boolean {
  for (const key of Object.keys(a) as (keyof Kpis)[]) if (a[key] !== b[key]) return false;
  return true;
}
