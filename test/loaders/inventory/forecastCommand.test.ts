import {readFileSync, rmSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {fromArrow, tableRows} from "../../../loaders/io/arrow.ts";
import {generatedData} from "../../fixtures/inventory/generated.ts";
import {pulse, pulseInProcess} from "../../helpers/pulse.ts";

const inProcess = pulseInProcess;

let data: Awaited<ReturnType<typeof generatedData>>;
beforeAll(async () => {
  data = await generatedData({seed: 3, days: 24, transactions: 5000});
});
afterAll(() => rmSync(data.dir, {recursive: true, force: true}));

describe("pulse forecast", () => {
  it("writes inventory, forecast and backtest tables with batch metadata", async () => {
    const out = join(data.dir, "out");
    const {code, stdout, stderr} = await pulse("forecast", "--transactions", data.path("transactions"), "--inventory", data.path("inventory"),
      "--refunds", data.path("refunds"), "--products", data.path("products"), "--trees", "10", "--out", out);
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toEqual(["inventory.arrow", "forecast.arrow", "backtest.arrow"].map((f) => join(out, f)));
    expect(stderr).toMatch(/forecast: backtest: forest MAE [\d.]+, mean7 [\d.]+, lastweek [\d.]+ units\/day over 200 products × 14 days/);

    const inventory = fromArrow(readFileSync(join(out, "inventory.arrow")));
    expect(inventory.numRows).toBe(2000); // 10 stores × 200 products
    expect(inventory.schema.fields.map((f) => f.name)).toEqual(["store", "product", "product_name", "on_hand", "stock_basis", "daily_demand", "sigma_daily",
      "days_left", "stockout_at", "lead_time_days", "safety_stock", "reorder_point", "alert", "demand_model", "oversold"]);
    const meta = inventory.schema.metadata;
    expect(meta.get("source")).toBe("batch");
    expect(JSON.parse(meta.get("input_rows")!)).toMatchObject({transactions: 5000, products: 200});
    expect(JSON.parse(meta.get("parameters")!)).toMatchObject({trees: 10, seed: 42, horizon: 14, backtestDays: 14, serviceLevel: 0.95, scope: "global"});
    const overall = JSON.parse(meta.get("overall_mae")!);
    const verdict = meta.get("verdict");
    expect(meta.get("forest_beats_baseline")).toBe(String(verdict === "forest_better"));
    if (verdict !== "forest_better") expect(stderr).toMatch(/the forest does NOT beat the better baseline/);

    const backtest = tableRows(fromArrow(readFileSync(join(out, "backtest.arrow"))));
    const all = backtest.find((r) => r.scope === "overall")!;
    expect(all).toMatchObject({product: "all", mae_forest: overall.forest, mae_mean7: overall.mean7, verdict});
    expect(backtest.filter((r) => r.scope === "product")).toHaveLength(200);

    const forecast = fromArrow(readFileSync(join(out, "forecast.arrow")));
    expect(forecast.numRows).toBe(200 * 3 * (14 + 14));
    // The overall MAE is the mean absolute error over the backtest rows of each model.
    const rows = tableRows(forecast).filter((r) => r.phase === "backtest" && r.model === "mean7");
    expect(rows.reduce((a, r) => a + Math.abs((r.predicted as number) - (r.actual as number)), 0) / rows.length).toBeCloseTo(overall.mean7, 9);
  });

  it("names a bad option in one line and exits 2", async () => {
    const {code, stderr} = await inProcess("forecast", "--transactions", data.path("transactions"), "--inventory", data.path("inventory"), "--service-level", "1.5", "--out", "/tmp/x");
    expect(code).toBe(2);
    expect(stderr).toBe('pulse forecast: invalid --service-level: "1.5" (expected 0.5 to 0.9999)\n');
  });

  it("refuses too little history as bad input (exit 1)", async () => {
    const {code, stderr} = await inProcess("forecast", "--transactions", data.path("transactions"), "--inventory", data.path("inventory"), "--backtest-days", "20", "--out", join(data.dir, "x"));
    expect(code).toBe(1);
    expect(stderr).toMatch(/pulse forecast: a 20-day backtest needs more than 27 days of sales, got 24/);
  });
});
