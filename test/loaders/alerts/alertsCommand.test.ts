import {readFileSync, rmSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {fromArrow, tableRows} from "../../../loaders/io/arrow.ts";
import {generatedData} from "../../fixtures/inventory/generated.ts";
import {pulse, pulseInProcess} from "../../helpers/pulse.ts";

const inProcess = pulseInProcess;

let data: Awaited<ReturnType<typeof generatedData>>;
beforeAll(async () => {
  data = await generatedData({seed: 5, days: 24, transactions: 5000});
});
afterAll(() => rmSync(data.dir, {recursive: true, force: true}));

describe("pulse alerts", () => {
  it("flags the generator's underperforming store and writes every alert field", async () => {
    const out = join(data.dir, "alerts.arrow");
    const {code, stdout, stderr} = await pulse("alerts", "--transactions", data.path("transactions"), "--refunds", data.path("refunds"), "--inventory", data.path("inventory"),
      "--stores", data.path("stores"), "--products", data.path("products"), "--trees", "10", "--out", out);
    expect(code).toBe(0);
    expect(stdout).toBe(`${out}\n`);
    const table = fromArrow(readFileSync(out));
    expect(table.schema.fields.map((f) => f.name)).toEqual(["id", "severity", "kind", "subject_type", "subject_id", "subject_name", "store", "product", "message", "value", "threshold", "baseline", "time"]);
    const alerts = tableRows(table);
    // generator/stores.ts plants S10: a big store with a fraction of its peers' footfall.
    const weak = alerts.filter((a) => a.kind === "weak_store");
    expect(weak.map((a) => a.subject_id)).toEqual(["S10"]);
    expect(["critical", "warning"]).toContain(weak[0].severity);
    expect(weak[0].value as number).toBeLessThan(0.5 * (weak[0].baseline as number));
    expect(alerts.some((a) => a.kind === "stockout")).toBe(true);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
    const rank = {critical: 0, warning: 1, info: 2} as Record<string, number>;
    expect(alerts.map((a) => rank[a.severity as string])).toEqual(alerts.map((a) => rank[a.severity as string]).sort());
    expect(table.schema.metadata.get("source")).toBe("batch");
    const counts = JSON.parse(table.schema.metadata.get("counts")!);
    expect(Object.values(counts).reduce((a: number, b) => a + (b as number), 0)).toBe(alerts.length);
    expect(stderr).toMatch(/alerts: \d+ alerts: /);
  });

  it("names a bad option in one line and exits 2", async () => {
    const {code, stderr} = await inProcess("alerts", "--transactions", data.path("transactions"), "--weak-z", "2", "--out", "/tmp/x.arrow");
    expect(code).toBe(2);
    expect(stderr).toBe('pulse alerts: invalid --weak-z: "2" (expected -∞ to 0)\n');
  });
});
