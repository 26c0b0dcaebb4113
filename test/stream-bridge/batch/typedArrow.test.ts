import {describe, expect, it} from "vitest";
import {fromArrow, tableRows, toArrow} from "../../../loaders/io/arrow.ts";
import {typedArrow} from "../../../stream-bridge/batch/typedArrow.ts";

describe("typedArrow", () => {
  it("writes the same schema, metadata and values as loaders/io/arrow.ts toArrow", () => {
    const meta = {source: "batch", asOf: 1_790_841_650_000, inputRows: {transactions: 3}, parameters: {window: "1m"}, generatedAt: 0};
    const start = [1_790_841_600_000, -60_000, 4_102_444_800_000];
    const columns = {
      window_start: {type: "timestamp" as const, values: start},
      key: {type: "utf8" as const, values: ["S01", "Zoë \"Z\"", "S01"]},
      revenue: {type: "float64" as const, values: [12.34, -0.01, 1e9 + 0.5]},
      lines: {type: "int32" as const, values: [1, 0, 2_000_000_000]},
      final: {type: "bool" as const, values: [true, false, true]}
    };
    const reference = fromArrow(toArrow(columns, meta));
    const typed = fromArrow(
      typedArrow(
        {
          window_start: {type: "timestamp", values: Float64Array.from(start)},
          key: columns.key,
          revenue: {type: "float64", values: Float64Array.from(columns.revenue.values)},
          lines: {type: "int32", values: Int32Array.from(columns.lines.values)},
          final: {type: "bool", values: Uint8Array.from([1, 0, 1])}
        },
        meta
      )
    );
    expect(typed.schema.fields.map((f) => `${f.name}:${f.type}:${f.nullable}`)).toEqual(reference.schema.fields.map((f) => `${f.name}:${f.type}:${f.nullable}`));
    expect([...typed.schema.metadata]).toEqual([...reference.schema.metadata]);
    expect(tableRows(typed)).toEqual(tableRows(reference));
    expect(tableRows(typed)[1]).toEqual({window_start: -60_000, key: 'Zoë "Z"', revenue: -0.01, lines: 0, final: false});
  });
});
