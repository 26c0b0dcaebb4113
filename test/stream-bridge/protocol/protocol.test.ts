import {describe, expect, it} from "vitest";
import {
  applyMessage,
  createState,
  decodeMessage,
  encodeDelta,
  encodeHeartbeat,
  encodeHello,
  encodeSnapshot,
  ProtocolError,
  rowId,
  tableRowsOf,
  type Row
} from "../../../stream-bridge/protocol/protocol.ts";

const windows = {key: ["dimension", "key", "windowStart"], columns: ["windowStart", "dimension", "key", "revenue", "final"]};
const kpis = {key: [], columns: ["netRevenue", "rowsRead"]};

describe("encode*", () => {
  it("encodeHello writes these exact bytes", () => {
    expect(encodeHello({seq: 0, server: "s1", time: 1700000000000, tables: ["windows", "kpis"]})).toBe(
      '{"type":"hello","v":1,"seq":0,"server":"s1","time":1700000000000,"tables":["windows","kpis"]}'
    );
  });

  it("encodeSnapshot writes rows as arrays in column order, missing values as null", () => {
    const text = encodeSnapshot({
      seq: 3,
      time: 1700000000100,
      watermark: 1699999990000,
      tables: {
        windows: {...windows, rows: [{dimension: "store", key: "S01", windowStart: 60000, revenue: 1299, final: false, extra: "dropped"}]},
        kpis: {...kpis, rows: [{netRevenue: -5, rowsRead: 2}]}
      }
    });
    expect(text).toBe(
      '{"type":"snapshot","v":1,"seq":3,"time":1700000000100,"watermark":1699999990000,"tables":{' +
        '"windows":{"key":["dimension","key","windowStart"],"columns":["windowStart","dimension","key","revenue","final"],"rows":[[60000,"store","S01",1299,false]]},' +
        '"kpis":{"key":[],"columns":["netRevenue","rowsRead"],"rows":[[-5,2]]}}}'
    );
    expect(encodeSnapshot({seq: 0, time: 1, watermark: null, tables: {kpis: {...kpis, rows: [{rowsRead: 0}]}}})).toBe(
      '{"type":"snapshot","v":1,"seq":0,"time":1,"watermark":null,"tables":{"kpis":{"key":[],"columns":["netRevenue","rowsRead"],"rows":[[null,0]]}}}'
    );
  });

  it("encodeDelta writes these exact bytes and omits tables without changes", () => {
    const text = encodeDelta({
      seq: 4,
      time: 1700000000200,
      watermark: 1699999991000,
      ingest: {first: 1700000000101, last: 1700000000199, events: 42},
      tables: {
        windows: {columns: windows.columns, upsert: [{windowStart: 60000, dimension: "all", key: "all", revenue: 10, final: true}], delete: ["store|S01|0"]},
        totals: {columns: ["key"], upsert: [], delete: []}
      }
    });
    expect(text).toBe(
      '{"type":"delta","v":1,"seq":4,"time":1700000000200,"watermark":1699999991000,' +
        '"ingest":{"first":1700000000101,"last":1700000000199,"events":42},' +
        '"tables":{"windows":{"upsert":[[60000,"all","all",10,true]],"delete":["store|S01|0"]}}}'
    );
    expect(encodeDelta({seq: 5, time: 2, watermark: null, ingest: null, tables: {}})).toBe(
      '{"type":"delta","v":1,"seq":5,"time":2,"watermark":null,"ingest":null,"tables":{}}'
    );
  });

  it("encodeHeartbeat writes these exact bytes", () => {
    expect(encodeHeartbeat({seq: 9, time: 1700000005000})).toBe('{"type":"heartbeat","v":1,"seq":9,"time":1700000005000}');
  });

  it("escapes text so ids with quotes and unicode survive", () => {
    const text = encodeDelta({seq: 1, time: 0, watermark: null, ingest: null, tables: {t: {columns: ["k"], upsert: [{k: 'a"b\u00e9\n'}], delete: []}}});
    expect(text).toBe('{"type":"delta","v":1,"seq":1,"time":0,"watermark":null,"ingest":null,"tables":{"t":{"upsert":[["a\\"bé\\n"]],"delete":[]}}}');
  });
});

describe("decodeMessage", () => {
  it("round-trips every message type", () => {
    for (const text of [
      encodeHello({seq: 0, server: "s", time: 1, tables: ["kpis"]}),
      encodeSnapshot({seq: 2, time: 3, watermark: null, tables: {kpis: {...kpis, rows: [{netRevenue: 1, rowsRead: 2}]}}}),
      encodeDelta({seq: 3, time: 4, watermark: 5, ingest: {first: 1, last: 2, events: 3}, tables: {kpis: {columns: kpis.columns, upsert: [{netRevenue: 7, rowsRead: 8}], delete: []}}}),
      encodeHeartbeat({seq: 3, time: 6})
    ]) {
      expect(JSON.stringify(decodeMessage(text))).toBe(text);
    }
  });

  it("rejects malformed messages with E_PROTOCOL naming the problem", () => {
    const cases: [string, RegExp][] = [
      ["not json", /not JSON/],
      ["[1]", /not an object/],
      ['{"type":"hello","v":2,"seq":0,"time":0}', /unsupported protocol version: 2/],
      ['{"type":"hello","v":1,"seq":-1,"time":0}', /invalid seq: -1/],
      ['{"type":"nope","v":1,"seq":0,"time":0}', /unknown message type: "nope"/],
      ['{"type":"snapshot","v":1,"seq":0,"time":0,"watermark":null,"tables":{"t":{"key":["x"],"columns":["y"],"rows":[]}}}', /table t: schema/],
      ['{"type":"snapshot","v":1,"seq":0,"time":0,"watermark":null,"tables":{"t":{"key":[],"columns":["y"],"rows":[[1,2]]}}}', /table t: rows/],
      ['{"type":"delta","v":1,"seq":0,"time":0,"watermark":null,"ingest":{"first":1},"tables":{}}', /ingest/]
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        decodeMessage(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as ProtocolError).code).toBe("E_PROTOCOL");
      expect((error as Error).message).toMatch(message);
    }
  });
});

describe("applyMessage", () => {
  const snapshot = (rows: Row[], seq = 1) => decodeMessage(encodeSnapshot({seq, time: 10, watermark: 0, tables: {windows: {...windows, rows}}}));
  const delta = (seq: number, upsert: Row[], deleted: string[] = []) =>
    decodeMessage(encodeDelta({seq, time: 20 + seq, watermark: seq, ingest: null, tables: {windows: {columns: windows.columns, upsert, delete: deleted}}}));
  const a = {windowStart: 0, dimension: "all", key: "all", revenue: 5, final: false};
  const b = {windowStart: 60000, dimension: "all", key: "all", revenue: 7, final: false};

  it("rebuilds a snapshot's rows keyed by id", () => {
    const state = applyMessage(createState(), snapshot([a, b]));
    expect(state.seq).toBe(1);
    expect([...state.tables.windows.rows.keys()]).toEqual(["all|all|0", "all|all|60000"]);
    expect(state.tables.windows.rows.get("all|all|60000")).toEqual(b);
  });

  it("applies upserts before deletes and advances seq and watermark", () => {
    const state = applyMessage(createState(), snapshot([a]));
    applyMessage(state, delta(2, [{...a, revenue: 9, final: true}, b]));
    expect(tableRowsOf(state, "windows")).toEqual([{...a, revenue: 9, final: true}, b]);
    applyMessage(state, delta(3, [{...a, revenue: 11}], ["all|all|0"]));
    expect(tableRowsOf(state, "windows")).toEqual([b]);
    expect(state.seq).toBe(3);
    expect(state.watermark).toBe(3);
  });

  it("throws on a sequence gap or a delta before any snapshot", () => {
    expect(() => applyMessage(createState(), delta(1, [a]))).toThrow(/before any snapshot/);
    const state = applyMessage(createState(), snapshot([a]));
    expect(() => applyMessage(state, delta(3, [b]))).toThrow(/sequence gap: have 1, got delta 3/);
  });

  it("forgets its seq when a hello comes from a different server", () => {
    const state = applyMessage(createState(), decodeMessage(encodeHello({seq: 0, server: "one", time: 0, tables: []})));
    applyMessage(state, snapshot([a], 5));
    applyMessage(state, decodeMessage(encodeHello({seq: 5, server: "one", time: 0, tables: []})));
    expect(state.seq).toBe(5);
    applyMessage(state, decodeMessage(encodeHello({seq: 0, server: "two", time: 0, tables: []})));
    expect(state.seq).toBe(-1);
  });

  it("rowId joins key columns with | and uses the bare value for one key", () => {
    expect(rowId(["dimension", "key", "windowStart"], {dimension: "store", key: "S1", windowStart: 60000})).toBe("store|S1|60000");
    expect(rowId(["time"], {time: 5})).toBe("5");
    expect(rowId([], {x: 1})).toBe("");
  });
});
