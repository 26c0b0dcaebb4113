import {applyMessage, createState, decodeMessage} from "./protocol.js";

/**
 * A live connection to the bridge's WebSocket (`pulse serve`, protocol in
 * stream-bridge/protocol/protocol.ts, which this page imports as is). It applies hello, snapshot
 * and deltas with the protocol's own `applyMessage`, reconnects with exponential backoff and, when
 * it has a state, resumes with `?since=<seq>&server=<id>` so the bridge sends only what was missed.
 *
 * Use it in a page as an Observable generator:
 *   const live = Generators.observe((change) => connectBridge(url, {onChange: change}).close);
 *
 * `onChange` gets a fresh view object (at most every `throttle` ms while deltas flow, at once when
 * the status changes): {status, url, state, seq, server, watermark, attempt, retryAt, error,
 * messages, receivedAt, latency}. status is "connecting" (first attempt), "live" (open and current),
 * or "reconnecting" (waiting `retryAt − now` before the next attempt).
 *
 * @param {string} url ws: or wss: URL of the bridge's /ws endpoint (see bridgeUrl.js)
 * @param {object} options
 * @param {(view: object) => void} options.onChange
 * @param {(message: object, state: object) => void} [options.onMessage] every message, right after it is applied (unthrottled)
 * @param {() => void} [options.onReset] the state was dropped (new server, sequence gap): derived data must start over
 * @param {number} [options.minDelay] first retry delay, ms (doubles per failed attempt)
 * @param {number} [options.maxDelay] longest retry delay, ms
 * @param {number} [options.throttle] minimum ms between two onChange calls while live
 * @param {number} [options.stallMs] reconnect when nothing (not even a heartbeat) arrived for this long
 * @param {typeof WebSocket} [options.WebSocket] for tests
 * @param {() => number} [options.now] wall clock, for tests
 * @returns {{close: () => void, view: () => object}}
 */
export function connectBridge(url, options) {
  const {
    onChange,
    onMessage,
    onReset,
    minDelay = 500,
    maxDelay = 10_000,
    throttle = 200,
    stallMs = 15_000,
    WebSocket = globalThis.WebSocket,
    now = () => Date.now()
  } = options;
  let state = createState();
  let status = "connecting";
  let attempt = 0;
  let retryAt = null;
  let error = null;
  let messages = 0;
  let receivedAt = null;
  let socket = null;
  let closed = false;
  let retryTimer = null;
  let stallTimer = null;
  let notifyTimer = null;
  let lastNotify = -Infinity;
  const latency = createLatencyWindow();

  function view() {
    return {
      status,
      url,
      state,
      seq: state.seq,
      server: state.server,
      watermark: state.watermark,
      attempt,
      retryAt,
      error,
      messages,
      receivedAt,
      latency: latency.summary(now())
    };
  }

  function notify(force = false) {
    if (closed) return;
    const t = now();
    if (!force && t - lastNotify < throttle) {
      notifyTimer ??= setTimeout(() => {
        notifyTimer = null;
        notify(true);
      }, throttle - (t - lastNotify));
      return;
    }
    if (notifyTimer !== null) clearTimeout(notifyTimer);
    notifyTimer = null;
    lastNotify = t;
    onChange(view());
  }

  function setStatus(next) {
    if (status === next) return;
    status = next;
    notify(true);
  }

  function reset() {
    state = createState();
    onReset?.();
  }

  function connect() {
    retryTimer = null;
    retryAt = null;
    const target = new URL(url);
    if (state.seq >= 0 && state.server !== null) {
      target.searchParams.set("since", String(state.seq));
      target.searchParams.set("server", state.server);
    }
    let ws;
    try {
      ws = new WebSocket(target.href);
    } catch (e) {
      // An invalid URL or a blocked port throws synchronously: treat it like a refused connection.
      error = e.message;
      return scheduleRetry();
    }
    socket = ws;
    ws.binaryType = "arraybuffer";
    ws.onopen = () => armStall();
    ws.onmessage = (event) => {
      if (socket !== ws) return;
      armStall();
      onFrame(typeof event.data === "string" ? event.data : new TextDecoder().decode(event.data));
    };
    ws.onerror = () => {
      // Browsers give no detail; the close event that follows schedules the retry.
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      disarmStall();
      if (closed) return;
      error = event.code === 1006 ? "connection failed or lost" : `closed by the bridge: ${event.code}${event.reason ? ` ${event.reason}` : ""}`;
      scheduleRetry();
    };
  }

  function onFrame(text) {
    let message;
    const server = state.server;
    try {
      message = decodeMessage(text);
      applyMessage(state, message);
    } catch (e) {
      // A sequence gap or a message we cannot read: start over with a fresh snapshot.
      error = e.message;
      reset();
      return restart();
    }
    ++messages;
    receivedAt = now();
    if (message.type === "delta" && message.ingest) latency.add(receivedAt, message.ingest);
    onMessage?.(message, state);
    // A different server (or a restarted one) numbers its state afresh: what was derived from the old one goes.
    if (message.type === "hello" && server !== null && server !== message.server) onReset?.();
    if (state.seq >= 0 && (message.type === "snapshot" || message.type === "hello" || status !== "live")) {
      attempt = 0;
      error = null;
      setStatus("live");
    }
    notify(message.type === "snapshot");
  }

  function scheduleRetry() {
    if (closed) return;
    ++attempt;
    const base = Math.min(maxDelay, minDelay * 2 ** (attempt - 1));
    // ±20% jitter so many tabs do not reconnect in lockstep after a bridge restart.
    const delay = Math.round(base * (0.8 + 0.4 * Math.random()));
    retryAt = now() + delay;
    retryTimer = setTimeout(connect, delay);
    status = attempt === 1 && state.seq < 0 && messages === 0 ? "connecting" : "reconnecting";
    notify(true);
  }

  /** Drops the socket and reconnects at once (after a protocol error or a stall). */
  function restart() {
    const ws = socket;
    socket = null;
    disarmStall();
    try {
      ws?.close(4000, "client resync");
    } catch {
      // already closing
    }
    status = "reconnecting";
    attempt = 0;
    notify(true);
    retryTimer = setTimeout(connect, 0);
  }

  function armStall() {
    disarmStall();
    stallTimer = setTimeout(() => {
      error = `no message for ${stallMs / 1000} s`;
      const ws = socket;
      socket = null;
      try {
        ws?.close(4000, "stalled");
      } catch {
        // already closed
      }
      scheduleRetry();
    }, stallMs);
  }

  function disarmStall() {
    if (stallTimer !== null) clearTimeout(stallTimer);
    stallTimer = null;
  }

  connect();
  onChange(view());

  return {
    view,
    close() {
      closed = true;
      for (const timer of [retryTimer, notifyTimer]) if (timer !== null) clearTimeout(timer);
      disarmStall();
      const ws = socket;
      socket = null;
      try {
        ws?.close(1000, "page closed");
      } catch {
        // already closed
      }
    }
  };
}

/**
 * Ingest-to-browser latency of recent deltas: for each delta, now minus the wall-clock ingest time
 * of its oldest event (the worst case in it), kept for `spanMs`.
 */
function createLatencyWindow(spanMs = 60_000) {
  const samples = [];
  return {
    add(t, ingest) {
      samples.push({t, value: Math.max(0, t - ingest.first), events: ingest.events});
      while (samples.length && samples[0].t < t - spanMs) samples.shift();
    },
    summary(t) {
      while (samples.length && samples[0].t < t - spanMs) samples.shift();
      if (!samples.length) return null;
      const sorted = samples.map((s) => s.value).sort((a, b) => a - b);
      const q = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
      return {p50: q(0.5), p99: q(0.99), deltas: sorted.length};
    }
  };
}
