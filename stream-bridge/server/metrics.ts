import {collectDefaultMetrics, Counter, Gauge, Histogram, Registry} from "prom-client";
import type {HubEvents} from "./hub.ts";

/**
 * The bridge's Prometheus metrics, on a registry of its own (not prom-client's global one, so tests
 * and several bridges in one process do not collide). Counters are bumped once per tick from
 * counts the bridge keeps, never per event: the event loop is the hot path.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({register: registry, prefix: "pulse_"});
  const m = {
    registry,
    events: new Counter({name: "pulse_events_ingested_total", help: "Events pushed into the engine, by kind", labelNames: ["kind"] as const, registers: [registry]}),
    rejects: new Counter({name: "pulse_rows_rejected_total", help: "Rows rejected at ingest, by reason", labelNames: ["reason"] as const, registers: [registry]}),
    late: new Counter({name: "pulse_late_events_total", help: "Events that arrived after their window was final", registers: [registry]}),
    clients: new Gauge({name: "pulse_ws_clients", help: "Connected WebSocket clients", registers: [registry]}),
    deltas: new Counter({name: "pulse_deltas_total", help: "Delta messages produced (one per tick with changes)", registers: [registry]}),
    messages: new Counter({name: "pulse_ws_messages_sent_total", help: "Messages queued to clients", registers: [registry]}),
    bytes: new Counter({name: "pulse_ws_bytes_sent_total", help: "Bytes queued to clients", registers: [registry]}),
    coalesced: new Counter({name: "pulse_ws_buffer_drops_total", help: "Times a client over its send-buffer cap stopped receiving deltas (it is later caught up)", registers: [registry]}),
    resynced: new Counter({name: "pulse_ws_resyncs_total", help: "Clients caught up after a gap, by how", labelNames: ["how"] as const, registers: [registry]}),
    closed: new Counter({name: "pulse_ws_closed_total", help: "Clients closed by the server, by reason", labelNames: ["reason"] as const, registers: [registry]}),
    refused: new Counter({name: "pulse_ws_refused_total", help: "Connections refused, by reason", labelNames: ["reason"] as const, registers: [registry]}),
    broadcast: new Histogram({
      name: "pulse_broadcast_seconds",
      help: "Time to flush the engine, encode one delta and queue it to every client",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry]
    }),
    latency: new Histogram({
      name: "pulse_ingest_to_broadcast_seconds",
      help: "From the ingest of the oldest event in a delta to the delta being queued to clients",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5],
      registers: [registry]
    }),
    watermark: new Gauge({name: "pulse_watermark_seconds", help: "Engine watermark (event time, Unix seconds)", registers: [registry]}),
    lag: new Gauge({name: "pulse_replay_lag_seconds", help: "How far the replay is behind its pacing schedule", registers: [registry]}),
    checkpoints: new Counter({name: "pulse_checkpoints_total", help: "Checkpoints written", registers: [registry]}),
    checkpointErrors: new Counter({name: "pulse_checkpoint_errors_total", help: "Checkpoint writes that failed", registers: [registry]}),
    checkpointSeconds: new Histogram({
      name: "pulse_checkpoint_seconds",
      help: "Time to capture and durably write a checkpoint",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry]
    })
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;

export function hubEvents(m: Metrics): HubEvents {
  return {
    sent(messages, bytes) {
      m.messages.inc(messages);
      m.bytes.inc(bytes);
    },
    coalesced: () => m.coalesced.inc(),
    resynced: (how) => m.resynced.inc({how}),
    closed: (reason) => m.closed.inc({reason}),
    refused: (reason) => m.refused.inc({reason})
  };
}
