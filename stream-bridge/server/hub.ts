import {CLOSE, encodeHeartbeat} from "../protocol/protocol.ts";
import type {ReplayBuffer} from "./replayBuffer.ts";

/** The part of a `ws` WebSocket the hub uses (a fake in unit tests). */
export interface ClientSocket {
  readonly bufferedAmount: number;
  send(data: Buffer, options: {binary: boolean}): void;
  close(code: number, reason: string): void;
  terminate(): void;
  ping(): void;
}

export interface HubEvents {
  sent?(messages: number, bytes: number): void;
  /** Deltas not sent to a client that was behind (it later gets the missed deltas or a snapshot). */
  coalesced?(): void;
  resynced?(how: "replay" | "snapshot"): void;
  closed?(reason: "too_slow" | "no_pong" | "shutdown" | "message_too_big"): void;
  refused?(reason: "max_clients" | "unauthorized" | "origin"): void;
}

export interface HubOptions {
  maxClients: number;
  /** Per-client cap on bytes queued in the bridge (ws + socket buffers). */
  maxBuffer: number;
  /** A client that stays above the cap this long is closed with 4008. */
  slowTimeoutMs: number;
  live: {readonly server: string; readonly seq: number; hello(time: number): string; snapshot(): string};
  replay: ReplayBuffer;
  events?: HubEvents;
}

interface Client {
  socket: ClientSocket;
  /** Seq of the last delta or snapshot queued to this client. */
  seq: number;
  /** Over its buffer cap: deltas are held back until it drains, then it catches up at once. */
  behindSince: number | null;
  /** When the ping still unanswered was sent (null: answered, or none sent yet). */
  pingedAt: number | null;
}

export interface Hub {
  readonly size: number;
  /** Sends hello then the missed deltas (resume) or a snapshot; false when refused. */
  connect(socket: ClientSocket, resume: {since?: number; server?: string}, now: number): boolean;
  /** A client's socket closed; `code` 1009 is ws closing it for a message over maxPayload (counted as message_too_big). */
  disconnect(socket: ClientSocket, code?: number): void;
  broadcast(seq: number, data: Buffer, now: number): void;
  /** Catches up (or closes) clients that are behind; the bridge calls it every tick, delta or not. */
  check(now: number): void;
  /** App-level heartbeat plus a ws ping; terminates clients that did not answer the previous ping. */
  heartbeat(now: number): void;
  pong(socket: ClientSocket): void;
  closeAll(code: number, reason: string): void;
  /** Bytes queued to all clients (for /health). */
  buffered(): number;
}

/**
 * Fans deltas out to WebSocket clients without letting a slow one grow the bridge's memory: a client
 * whose queue would pass `maxBuffer` stops receiving deltas (so it holds at most the cap plus one
 * message); once it drains below half the cap it gets the deltas it missed (from the replay buffer)
 * or, when those are gone or bigger, one fresh snapshot — it is coalesced to the latest state. One
 * that does not drain within `slowTimeoutMs` is closed (4008).
 */
export function createHub(options: HubOptions): Hub {
  const {maxClients, maxBuffer, slowTimeoutMs, live, replay} = options;
  const events = options.events ?? {};
  const clients = new Map<ClientSocket, Client>();

  function send(client: Client, data: Buffer) {
    // JSON text frames (docs/protocol.md): a browser's event.data is then a string, not a Blob.
    client.socket.send(data, {binary: false});
    events.sent?.(1, data.length);
  }

  // One Buffer per snapshot text, shared by every client that needs it (ws queues it without copying).
  let snapshotText = "";
  let snapshotBytes = Buffer.alloc(0);
  function sendSnapshot(client: Client) {
    const text = live.snapshot();
    if (text !== snapshotText) [snapshotText, snapshotBytes] = [text, Buffer.from(text)];
    send(client, snapshotBytes);
    client.seq = live.seq;
  }

  /** Brings a client to live.seq with whichever is smaller: the deltas it missed (when still held) or a snapshot. */
  function catchUp(client: Client) {
    const missed = client.seq === live.seq ? [] : replay.since(client.seq);
    let bytes = 0;
    if (missed) for (const data of missed) bytes += data.length;
    if (missed && (bytes <= maxBuffer || bytes <= Buffer.byteLength(live.snapshot()))) {
      for (const data of missed) send(client, data);
      client.seq = live.seq;
      if (missed.length) events.resynced?.("replay");
    } else {
      sendSnapshot(client);
      events.resynced?.("snapshot");
    }
  }

  function drop(client: Client, reason: "too_slow" | "no_pong") {
    clients.delete(client.socket);
    events.closed?.(reason);
    if (reason === "too_slow") {
      client.socket.close(CLOSE.tooSlow, "too slow");
      // The close frame sits behind the unread data; do not wait for it.
      setTimeout(() => client.socket.terminate(), 1000).unref();
    } else {
      client.socket.terminate();
    }
  }

  /** For a client that is behind: catch up if it drained, close it if it has been stuck too long. */
  function checkBehind(client: Client, now: number) {
    if (client.socket.bufferedAmount <= maxBuffer / 2) {
      client.behindSince = null;
      catchUp(client);
    } else if (now - client.behindSince! > slowTimeoutMs) {
      drop(client, "too_slow");
    }
  }

  return {
    get size() {
      return clients.size;
    },
    connect(socket, resume, now) {
      if (clients.size >= maxClients) {
        socket.close(CLOSE.tooManyClients, `too many clients (max ${maxClients})`);
        events.refused?.("max_clients");
        return false;
      }
      const client: Client = {socket, seq: -1, behindSince: null, pingedAt: null};
      clients.set(socket, client);
      send(client, Buffer.from(live.hello(now)));
      if (resume.server === live.server && resume.since !== undefined && resume.since <= live.seq) {
        client.seq = resume.since;
        catchUp(client);
      } else {
        sendSnapshot(client);
      }
      return true;
    },
    disconnect(socket, code) {
      if (clients.delete(socket) && code === 1009) events.closed?.("message_too_big");
    },
    broadcast(seq, data, now) {
      for (const client of clients.values()) {
        if (client.behindSince !== null) checkBehind(client, now);
        else if (client.seq >= seq) continue;
        else if (client.seq !== seq - 1) catchUp(client);
        // A message bigger than the cap still goes to a client with nothing queued: the bound is
        // the cap plus one message, and a big delta must not turn every client into a slow one.
        else if (client.socket.bufferedAmount > 0 && client.socket.bufferedAmount + data.length > maxBuffer) {
          client.behindSince = now;
          events.coalesced?.();
        } else {
          send(client, data);
          client.seq = seq;
        }
      }
    },
    check(now) {
      for (const client of [...clients.values()]) if (client.behindSince !== null) checkBehind(client, now);
    },
    heartbeat(now) {
      const beat = Buffer.from(encodeHeartbeat({seq: live.seq, time: now}));
      for (const client of [...clients.values()]) {
        if (client.pingedAt !== null) {
          // No answer to the last ping. With nothing queued it reached the client long ago: dead.
          // With data still queued the ping may be behind it (a slow reader): the slow rule judges,
          // closing with 4008 once the ping stays unanswered longer than slowTimeoutMs.
          if (client.socket.bufferedAmount === 0) {
            drop(client, "no_pong");
            continue;
          }
          if (now - client.pingedAt > slowTimeoutMs) {
            drop(client, "too_slow");
            continue;
          }
        } else {
          client.pingedAt = now;
          client.socket.ping();
        }
        if (client.behindSince !== null) checkBehind(client, now);
        else if (client.socket.bufferedAmount + beat.length <= maxBuffer) send(client, beat);
      }
    },
    pong(socket) {
      const client = clients.get(socket);
      if (client) client.pingedAt = null;
    },
    closeAll(code, reason) {
      for (const client of clients.values()) {
        client.socket.close(code, reason);
        events.closed?.("shutdown");
      }
      clients.clear();
    },
    buffered() {
      let total = 0;
      for (const client of clients.values()) total += client.socket.bufferedAmount;
      return total;
    }
  };
}
