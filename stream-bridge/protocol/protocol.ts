/**
 * The Retail Pulse wire protocol, version 1: pure encode/decode functions and the reference
 * client `applyMessage`. This file imports nothing so the browser pages can reuse it as is.
 *
 * Server → client, one JSON text frame per message, keys always in the order written here:
 *   hello     {"type":"hello","v":1,"seq":S,"server":ID,"time":T,"tables":[names]}
 *   snapshot  {"type":"snapshot","v":1,"seq":S,"time":T,"watermark":W,"tables":{name:{"key":[cols],"columns":[cols],"rows":[[values]]}}}
 *   delta     {"type":"delta","v":1,"seq":S,"time":T,"watermark":W,"ingest":{"first":T0,"last":T1,"events":N}|null,
 *              "tables":{name:{"upsert":[[values]],"delete":[ids]}}}
 *   heartbeat {"type":"heartbeat","v":1,"seq":S,"time":T}
 * `seq` numbers state: a snapshot at S is the state after delta S; delta S applies to the state at S − 1.
 * hello and heartbeat carry the last seq sent so a client can tell it is current.
 * Rows travel as arrays in the snapshot's column order; a row's id is its key columns joined with "|"
 * ("" for a table without key columns, such as kpis). Deltas carry whole rows (not increments), so a
 * snapshot followed by a delta it already includes is still exact.
 */

export const PROTOCOL_VERSION = 1;

export type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

export interface TableSchema {
  key: readonly string[];
  columns: readonly string[];
}

export interface HelloMessage {
  type: "hello";
  v: number;
  seq: number;
  server: string;
  time: number;
  tables: string[];
}

export interface SnapshotTable extends TableSchema {
  rows: Value[][];
}

export interface SnapshotMessage {
  type: "snapshot";
  v: number;
  seq: number;
  time: number;
  watermark: number | null;
  tables: Record<string, SnapshotTable>;
}

/** Wall-clock ingest times of the events whose effect a delta carries, so clients can measure latency. */
export interface IngestSpan {
  first: number;
  last: number;
  events: number;
}

export interface TableChanges {
  upsert: Value[][];
  delete: string[];
}

export interface DeltaMessage {
  type: "delta";
  v: number;
  seq: number;
  time: number;
  watermark: number | null;
  ingest: IngestSpan | null;
  tables: Record<string, TableChanges>;
}

export interface HeartbeatMessage {
  type: "heartbeat";
  v: number;
  seq: number;
  time: number;
}

export type Message = HelloMessage | SnapshotMessage | DeltaMessage | HeartbeatMessage;

/** Close codes the server uses; 4xxx are application codes (RFC 6455 §7.4.2). */
export const CLOSE = {
  goingAway: 1001,
  unauthorized: 4001,
  forbiddenOrigin: 4003,
  tooSlow: 4008,
  tooManyClients: 4029,
  badRequest: 4400
} as const;

export function rowId(key: readonly string[], row: Row): string {
  if (key.length === 1) return String(row[key[0]]);
  let id = "";
  for (let i = 0; i < key.length; ++i) id += (i ? "|" : "") + String(row[key[i]]);
  return id;
}

/** Row object → array in column order (missing values become null). */
export function rowValues(columns: readonly string[], row: object): Value[] {
  const values = new Array<Value>(columns.length);
  for (let i = 0; i < columns.length; ++i) values[i] = ((row as Row)[columns[i]] ?? null) as Value;
  return values;
}

export function rowObject(columns: readonly string[], values: readonly Value[]): Row {
  const row: Row = {};
  for (let i = 0; i < columns.length; ++i) row[columns[i]] = values[i] ?? null;
  return row;
}

// Message builders create objects with keys in a fixed order; JSON.stringify keeps insertion order,
// which is what makes the bytes stable (and testable byte for byte). `encodeMessage` of a built
// message equals the matching encode* call, so a server can apply what it sends to its own state.

export function encodeHello(m: {seq: number; server: string; time: number; tables: readonly string[]}): string {
  return JSON.stringify({type: "hello", v: PROTOCOL_VERSION, seq: m.seq, server: m.server, time: m.time, tables: [...m.tables]});
}

/** Builds a snapshot message (keys in wire order) from row objects. */
export function snapshotMessage(m: {
  seq: number;
  time: number;
  watermark: number | null;
  tables: Record<string, {key: readonly string[]; columns: readonly string[]; rows: Iterable<object>}>;
}): SnapshotMessage {
  const tables: Record<string, SnapshotTable> = {};
  for (const [name, table] of Object.entries(m.tables)) {
    const rows: Value[][] = [];
    for (const row of table.rows) rows.push(rowValues(table.columns, row));
    tables[name] = {key: [...table.key], columns: [...table.columns], rows};
  }
  return {type: "snapshot", v: PROTOCOL_VERSION, seq: m.seq, time: m.time, watermark: m.watermark, tables};
}

export function encodeSnapshot(m: Parameters<typeof snapshotMessage>[0]): string {
  return JSON.stringify(snapshotMessage(m));
}

/** Builds a delta message (keys in wire order); tables without changes are left out. */
export function deltaMessage(m: {
  seq: number;
  time: number;
  watermark: number | null;
  ingest: IngestSpan | null;
  /** `columns` must match the snapshot's. */
  tables: Record<string, {columns: readonly string[]; upsert: Iterable<object>; delete: Iterable<string>}>;
}): DeltaMessage {
  const tables: Record<string, TableChanges> = {};
  for (const [name, table] of Object.entries(m.tables)) {
    const upsert: Value[][] = [];
    for (const row of table.upsert) upsert.push(rowValues(table.columns, row));
    const deleted = [...table.delete];
    if (upsert.length || deleted.length) tables[name] = {upsert, delete: deleted};
  }
  const ingest = m.ingest && {first: m.ingest.first, last: m.ingest.last, events: m.ingest.events};
  return {type: "delta", v: PROTOCOL_VERSION, seq: m.seq, time: m.time, watermark: m.watermark, ingest, tables};
}

export function encodeDelta(m: Parameters<typeof deltaMessage>[0]): string {
  return JSON.stringify(deltaMessage(m));
}

export function encodeHeartbeat(m: {seq: number; time: number}): string {
  return JSON.stringify({type: "heartbeat", v: PROTOCOL_VERSION, seq: m.seq, time: m.time});
}

export function encodeMessage(message: Message): string {
  return JSON.stringify(message);
}

/** An error with a stable code, shaped like lib/errors.ts PulseError (this file imports nothing). */
export class ProtocolError extends Error {
  readonly code = "E_PROTOCOL";
  constructor(message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}

function fail(message: string): never {
  throw new ProtocolError(message);
}

function isInt(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function isRows(value: unknown, width: number): value is Value[][] {
  return Array.isArray(value) && value.every((row) => Array.isArray(row) && row.length === width);
}

/** Parses and validates one server message; throws ProtocolError naming what is wrong. */
export function decodeMessage(text: string): Message {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    fail(`invalid message: not JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
  if (!isObject(m)) fail("invalid message: not an object");
  if (m.v !== PROTOCOL_VERSION) fail(`unsupported protocol version: ${JSON.stringify(m.v)} (expected ${PROTOCOL_VERSION})`);
  if (!isInt(m.seq) || m.seq < 0) fail(`invalid seq: ${JSON.stringify(m.seq)}`);
  if (typeof m.time !== "number") fail(`invalid time: ${JSON.stringify(m.time)}`);
  switch (m.type) {
    case "hello":
      if (typeof m.server !== "string") fail(`invalid hello server: ${JSON.stringify(m.server)}`);
      if (!isStrings(m.tables)) fail("invalid hello tables");
      return m as unknown as HelloMessage;
    case "heartbeat":
      return m as unknown as HeartbeatMessage;
    case "snapshot": {
      if (m.watermark !== null && typeof m.watermark !== "number") fail(`invalid watermark: ${JSON.stringify(m.watermark)}`);
      if (!isObject(m.tables)) fail("invalid snapshot tables");
      for (const [name, t] of Object.entries(m.tables)) {
        if (!isObject(t) || !isStrings(t.key) || !isStrings(t.columns) || !t.key.every((k) => (t.columns as string[]).includes(k))) {
          fail(`invalid snapshot table ${name}: schema`);
        }
        if (!isRows(t.rows, t.columns.length)) fail(`invalid snapshot table ${name}: rows`);
      }
      return m as unknown as SnapshotMessage;
    }
    case "delta": {
      if (m.watermark !== null && typeof m.watermark !== "number") fail(`invalid watermark: ${JSON.stringify(m.watermark)}`);
      const ingest = m.ingest;
      if (ingest !== null && !(isObject(ingest) && typeof ingest.first === "number" && typeof ingest.last === "number" && isInt(ingest.events))) {
        fail("invalid delta ingest");
      }
      if (!isObject(m.tables)) fail("invalid delta tables");
      for (const [name, t] of Object.entries(m.tables)) {
        if (!isObject(t) || !Array.isArray(t.upsert) || !t.upsert.every(Array.isArray) || !isStrings(t.delete)) fail(`invalid delta table ${name}`);
      }
      return m as unknown as DeltaMessage;
    }
    default:
      fail(`unknown message type: ${JSON.stringify(m.type)}`);
  }
}

/** What a client holds: per table its schema and rows by id. */
export interface ClientTable extends TableSchema {
  rows: Map<string, Row>;
}

export interface ClientState {
  server: string | null;
  /** Seq of the last snapshot or delta applied; -1 before the first snapshot. */
  seq: number;
  time: number | null;
  watermark: number | null;
  tables: Record<string, ClientTable>;
  /** Ingest span of the last delta applied (for latency measurements). */
  ingest: IngestSpan | null;
}

export function createState(): ClientState {
  return {server: null, seq: -1, time: null, watermark: null, tables: {}, ingest: null};
}

/**
 * Applies one decoded message to a client state (mutating and returning it).
 * A delta that does not follow the state's seq throws ProtocolError: the client should reconnect
 * with `since=<state.seq>` and will get the missing deltas or a fresh snapshot.
 */
export function applyMessage(state: ClientState, message: Message): ClientState {
  switch (message.type) {
    case "hello":
      // A different server (or a restart) numbers seq afresh: forget ours so we wait for its snapshot.
      if (state.server !== message.server) state.seq = -1;
      state.server = message.server;
      state.time = message.time;
      return state;
    case "heartbeat":
      state.time = message.time;
      return state;
    case "snapshot": {
      const tables: Record<string, ClientTable> = {};
      for (const [name, t] of Object.entries(message.tables)) {
        const rows = new Map<string, Row>();
        for (const values of t.rows) {
          const row = rowObject(t.columns, values);
          rows.set(rowId(t.key, row), row);
        }
        tables[name] = {key: t.key, columns: t.columns, rows};
      }
      state.tables = tables;
      state.seq = message.seq;
      state.time = message.time;
      state.watermark = message.watermark;
      state.ingest = null;
      return state;
    }
    case "delta": {
      if (state.seq < 0) fail(`delta ${message.seq} before any snapshot`);
      if (message.seq !== state.seq + 1) fail(`sequence gap: have ${state.seq}, got delta ${message.seq}`);
      for (const [name, changes] of Object.entries(message.tables)) {
        const table = state.tables[name];
        if (!table) fail(`delta for unknown table: ${JSON.stringify(name)}`);
        // Upserts first, then deletes: a row finalized and evicted in the same tick must end deleted.
        for (const values of changes.upsert) {
          const row = rowObject(table.columns, values);
          table.rows.set(rowId(table.key, row), row);
        }
        for (const id of changes.delete) table.rows.delete(id);
      }
      state.seq = message.seq;
      state.time = message.time;
      state.watermark = message.watermark;
      state.ingest = message.ingest;
      return state;
    }
  }
}

/** Rows of one table as an array (in id order, so two equal states list equal arrays). */
export function tableRowsOf(state: ClientState, name: string): Row[] {
  const table = state.tables[name];
  if (!table) return [];
  return [...table.rows.keys()].sort().map((id) => table.rows.get(id)!);
}
