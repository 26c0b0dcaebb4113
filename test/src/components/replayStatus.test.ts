import {describe, expect, test} from "vitest";
import {applyMessage, createState} from "../../../stream-bridge/protocol/protocol.ts";
// @ts-expect-error: a page module in plain JavaScript, without types
import {replayStatus} from "../../../src/components/replayStatus.js";

/** A client state after a snapshot whose `replay` table holds `row` (none: a bridge without the table). */
function stateWith(row?: {status: string; lap: number; error: string | null}) {
  const state = createState();
  const tables: Record<string, unknown> = {kpis: {key: [], columns: ["rowsRead"], rows: [[1]]}};
  if (row) tables.replay = {key: [], columns: ["status", "lap", "error"], rows: [[row.status, row.lap, row.error]]};
  applyMessage(state, {type: "snapshot", v: 1, seq: 1, time: 0, watermark: null, tables} as never);
  return state;
}

describe("replayStatus(state)", () => {
  test("names an ended, failed or stopping replay from the replay table", () => {
    expect(replayStatus(stateWith({status: "done", lap: 0, error: null}))).toBe("replay ended");
    expect(replayStatus(stateWith({status: "failed", lap: 0, error: "EACCES: transactions.csv"}))).toBe("replay failed: EACCES: transactions.csv");
    expect(replayStatus(stateWith({status: "stopping", lap: 2, error: null}))).toBe("bridge stopping");
  });

  test("is null while replaying, and for a bridge that sends no replay table", () => {
    expect(replayStatus(stateWith({status: "replaying", lap: 3, error: null}))).toBeNull();
    expect(replayStatus(stateWith())).toBeNull();
    expect(replayStatus(null)).toBeNull();
  });
});
