import {
  applyMessage,
  createState,
  deltaMessage,
  encodeHello,
  encodeMessage,
  encodeSnapshot,
  rowId,
  type ClientState,
  type IngestSpan,
  type Row,
  type TableSchema
} from "../protocol/protocol.ts";

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
  /** Turns one tick's changes into the next delta, applies it to the mirror; null when nothing changed. */
  commit(update: LiveUpdate): {seq: number; text: string} | null;
  hello(time: number): string;
  /** The snapshot at the current seq (encoded once per seq). */
  snapshot(): string;
  rows(name: string): Row[];
  readonly watermark: number | null;
}

/**
 * The server's copy of what clients hold. It changes only by applying the deltas the server sends,
 * through the same applyMessage the clients run, so a snapshot at seq S is exactly the state a client
 * has after delta S. Tables listed in `bounded` keep only their newest rows; the server sends the deletes.
 */
export function createLiveState(options: {server: string; tables: Record<string, TableSchema>; bounded?: Record<string, number>}): LiveState {
  const {server, tables} = options;
  const bounded = options.bounded ?? {};
  const state: ClientState = createState();
  state.server = server;
  state.seq = 0;
  state.tables = Object.fromEntries(Object.entries(tables).map(([name, t]) => [name, {key: t.key, columns: t.columns, rows: new Map()}]));
  let cached: {seq: number; text: string} | null = null;

  function seed(rows: Record<string, readonly object[]>, watermark: number | null, time: number) {
    for (const [name, table] of Object.entries(state.tables)) {
      table.rows.clear();
      let list = rows[name] ?? [];
      if (bounded[name] !== undefined) list = list.slice(-bounded[name]);
      for (const row of list) table.rows.set(rowId(table.key, row as Row), {...(row as Row)});
    }
    state.watermark = watermark;
    state.time = time;
    cached = null;
  }

  function commit(update: LiveUpdate) {
    const changes: Record<string, {columns: readonly string[]; upsert: readonly object[]; delete: readonly string[]}> = {};
    let any = false;
    for (const [name, t] of Object.entries(update.tables)) {
      const table = state.tables[name];
      if (!t || !table) continue;
      let upsert = t.upsert ?? [];
      let deleted = t.delete ?? [];
      const limit = bounded[name];
      if (limit !== undefined) {
        if (upsert.length > limit) upsert = upsert.slice(-limit);
        // Rows are kept in insertion order (Map), so the oldest are first.
        const fresh = new Set<string>();
        for (const row of upsert) {
          const id = rowId(table.key, row as Row);
          if (!table.rows.has(id)) fresh.add(id);
        }
        let excess = table.rows.size + fresh.size - limit;
        if (excess > 0) {
          const evict: string[] = [...deleted];
          for (const id of table.rows.keys()) {
            if (excess-- <= 0) break;
            evict.push(id);
          }
          deleted = evict;
        }
      }
      if (upsert.length || deleted.length) {
        changes[name] = {columns: table.columns, upsert, delete: deleted};
        any = true;
      }
    }
    if (!any) return null;
    const message = deltaMessage({seq: state.seq + 1, time: update.time, watermark: update.watermark, ingest: update.ingest, tables: changes});
    applyMessage(state, message);
    return {seq: message.seq, text: encodeMessage(message)};
  }

  return {
    server,
    tables,
    get seq() {
      return state.seq;
    },
    get watermark() {
      return state.watermark;
    },
    seed,
    commit,
    hello: (time) => encodeHello({seq: state.seq, server, time, tables: Object.keys(state.tables)}),
    snapshot() {
      if (cached?.seq !== state.seq) {
        const out: Record<string, {key: readonly string[]; columns: readonly string[]; rows: Iterable<object>}> = {};
        for (const [name, t] of Object.entries(state.tables)) out[name] = {key: t.key, columns: t.columns, rows: t.rows.values()};
        cached = {seq: state.seq, text: encodeSnapshot({seq: state.seq, time: state.time ?? 0, watermark: state.watermark, tables: out})};
      }
      return cached.text;
    },
    rows: (name) => [...(state.tables[name]?.rows.values() ?? [])]
  };
}
