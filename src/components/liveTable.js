import {Table, TimestampMillisecond, Float64, Int32, Utf8, vectorFromArray, tableToIPC} from "npm:apache-arrow";

const SCHEMA = {
  seq: new Int32(),
  received_at: new TimestampMillisecond(),
  event_time: new TimestampMillisecond(),
  store: new Utf8(),
  revenue: new Float64(),
  units: new Float64(),
  lines: new Int32(),
  transactions: new Int32(),
  refund_amount: new Float64(),
  refund_count: new Int32(),
  net_revenue: new Float64()
};

/**
 * The SQL explorer's `live` table in DuckDB-WASM: the bridge's per-store changes (deltaLog rows)
 * appended as they arrive. Rows wait in a buffer and go in as one Arrow batch before each query
 * (flush), so a query sees everything received until it ran. It uses the DuckDBClient's AsyncDuckDB
 * (`db._db`, defined by Framework's client/stdlib/duckdb.js) for insertArrowFromIPCStream, which
 * takes ownership of the bytes it is given: each batch is serialized afresh.
 * The client may still be starting (a promise): rows wait until it is there and the table made.
 * @param {object | Promise<object>} db a DuckDBClient, or a promise of one
 * @returns {{append(rows: object[]): void, flush(): Promise<number>, reset(): void, readonly pending: number}}
 */
export function createLiveTable(db) {
  const columns = Object.entries(SCHEMA).map(([name, type]) => `"${name}" ${duckType(type)}`).join(", ");
  const created = Promise.resolve(db).then(async (client) => {
    await client.query(`CREATE TABLE live (${columns})`);
    return client;
  });
  created.catch(() => {}); // reported by the flush (and the query) that waits on it
  let pending = [];
  let clear = false;
  let flushing = Promise.resolve(0);
  async function write(rows, truncate) {
    const client = await created;
    const connection = await client._db.connect();
    try {
      if (truncate) await connection.query("DELETE FROM live");
      if (!rows.length) return 0;
      const vectors = Object.fromEntries(Object.entries(SCHEMA).map(([name, type]) => [name, vectorFromArray(rows.map((r) => r[name] ?? null), type)]));
      await connection.insertArrowFromIPCStream(tableToIPC(new Table(vectors), "stream"), {name: "live", create: false});
      return rows.length;
    } finally {
      await connection.close();
    }
  }
  return {
    append(rows) {
      for (const row of rows) pending.push(row);
    },
    /** A bridge restart: what was logged no longer adds up to its totals, so the table starts over. */
    reset() {
      pending = [];
      clear = true;
    },
    flush() {
      const rows = pending;
      const truncate = clear;
      pending = [];
      clear = false;
      // One write at a time, in order. A failed write fails its query and puts its rows back, so the
      // table still adds up to the bridge's totals once a later flush succeeds.
      const written = flushing.then(() => write(rows, truncate));
      flushing = written.catch(() => {
        pending = rows.concat(pending);
        clear ||= truncate;
        return 0;
      });
      return written;
    },
    get pending() {
      return pending.length;
    }
  };
}

function duckType(type) {
  if (type instanceof TimestampMillisecond) return "TIMESTAMP";
  if (type instanceof Float64) return "DOUBLE";
  if (type instanceof Int32) return "INTEGER";
  return "VARCHAR";
}
