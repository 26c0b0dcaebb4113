import {deltaMessage, encodeHello, encodeMessage, encodeSnapshot, rowId, type IngestSpan, type Row, type TableSchema} from "../protocol/protocol.ts";

export interface TableUpdate {
  upsert?: readonly object[];
  delete?: readonly string[];
}

export interface LiveUpdate {
  time: number;
  watermark: number | null;
  ingest: IngestSpan | null;
  tables: Record<string, TableUpdate | undefined>;
}

export interface LiveState {
  readonly server: string;
  readonly seq: number;
  readonly tables: Record<string, TableSchema>;
  /** Replaces every table's rows (start-up, resume from a checkpoint) without a delta: clients get snapshots. */
  seed(tables: Record<string, readonly object[]>, watermark: number | null, time: number): void;
  /** Turns one tick's changes into the next delta and applies it to the server's copy; null when nothing changed. */
  commit(update: LiveUpdate): {seq: number; text: string} | null;
  hello(time: number): string;
  /** The snapshot at the current seq (encoded once per seq). */
  snapshot(): string;
  rows(name: string): Row[];
  readonly watermark: number | null;
}

/**
 * The server's copy of what clients hold. It changes only through the deltas it sends, by the rule
 * the reference client (protocol.ts applyMessage) follows: upserts, then deletes. So a snapshot at
 * seq S is exactly the state a client has after delta S. It keeps the engine's row objects as they
 * are (no round trip through the wire arrays: this runs every tick). Tables listed in `bounded` keep
 * only their newest rows; the server sends the deletes.
 */
export function createLiveState(options: {server: string; tables: Record<string, TableSchema>; bounded?: Record<string, number>}): LiveState {
  const {server, tables} = options;
  const bounded = options.bounded ?? {};
  const rows: Record<string, Map<string, object>> = Object.fromEntries(Object.keys(tables).map((name) => [name, new Map()]));
  let seq = 0;
  let time = 0;
  let watermark: number | null = null;
  let cached: {seq: number; text: string} | null = null;

  function seed(initial: Record<string, readonly object[]>, w: number | null, t: number) {
    for (const [name, map] of Object.entries(rows)) {
      map.clear();
      let list = initial[name] ?? [];
      if (bounded[name] !== undefined) list = list.slice(-bounded[name]);
      for (const row of list) map.set(rowId(tables[name].key, row as Row), row);
    }
    watermark = w;
    time = t;
    cached = null;
  }

  function commit(update: LiveUpdate) {
    const changes: Record<string, {columns: readonly string[]; upsert: readonly object[]; delete: readonly string[]}> = {};
    let any = false;
    for (const [name, t] of Object.entries(update.tables)) {
      const map = rows[name];
      if (!t || !map) continue;
      const {key, columns} = tables[name];
      let upsert = t.upsert ?? [];
      let deleted = t.delete ?? [];
      const limit = bounded[name];
      if (limit !== undefined) {
        if (upsert.length > limit) upsert = upsert.slice(-limit);
        let fresh = 0;
        for (const row of upsert) if (!map.has(rowId(key, row as Row))) fresh++;
        // Rows are kept in insertion order (Map), so the oldest come first.
        let excess = map.size + fresh - limit;
        if (excess > 0) {
          const evict: string[] = [...deleted];
          for (const id of map.keys()) {
            if (excess-- <= 0) break;
            evict.push(id);
          }
          deleted = evict;
        }
      }
      if (!upsert.length && !deleted.length) continue;
      changes[name] = {columns, upsert, delete: deleted};
      any = true;
      for (const row of upsert) map.set(rowId(key, row as Row), row);
      for (const id of deleted) map.delete(id);
    }
    if (!any) return null;
    seq++;
    time = update.time;
    watermark = update.watermark;
    const text = encodeMessage(deltaMessage({seq, time, watermark, ingest: update.ingest, tables: changes}));
    return {seq, text};
  }

  return {
    server,
    tables,
    get seq() {
      return seq;
    },
    get watermark() {
      return watermark;
    },
    seed,
    commit,
    hello: (now) => encodeHello({seq, server, time: now, tables: Object.keys(tables)}),
    snapshot() {
      if (cached?.seq !== seq) {
        const out: Record<string, {key: readonly string[]; columns: readonly string[]; rows: Iterable<object>}> = {};
        for (const [name, t] of Object.entries(tables)) out[name] = {key: t.key, columns: t.columns, rows: rows[name].values()};
        cached = {seq, text: encodeSnapshot({seq, time, watermark, tables: out})};
      }
      return cached.text;
    },
    rows: (name) => [...(rows[name]?.values() ?? [])] as Row[]
  };
}
