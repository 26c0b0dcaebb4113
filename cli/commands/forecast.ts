import {mkdir, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {PulseError} from "../../lib/errors.ts";
import {toArrow, type SnapshotMetadata} from "../../loaders/io/arrow.ts";
import {backtestColumns, forecastColumns, inventoryColumns} from "../../loaders/inventory/forecastColumns.ts";
import {forecastInventory, FORECAST_DEFAULTS, type ForecastOptions, type ForecastResult} from "../../loaders/inventory/forecastInventory.ts";
import {readInputs} from "../../loaders/inventory/readInputs.ts";
import {RESTOCKING_REASONS} from "../../loaders/inventory/stockLevels.ts";
import type {Command, ParsedOptions} from "../args.ts";
import {mappingOption, readMappingOption} from "../inputFiles.ts";
import {ShortHistoryError} from "../../loaders/inventory/shortHistory.ts";

export const command: Command = {
  name: "forecast",
  summary: "stock on hand, random-forest demand forecasts with a backtest against naive baselines, and stock-out alerts",
  details: `
Writes inventory.arrow (store × product: on hand, daily demand, days left, reorder point, alert),
forecast.arrow (date × product × model, backtest days with actuals, then the forecast) and
backtest.arrow (MAE per product and overall for forest, mean7 and lastweek, and a verdict).
Refunds put units back on the shelf only for reasons ${RESTOCKING_REASONS.join(" and ")}.
See docs/analytics-forecast-alerts.md for the features, formulas and thresholds.

example:
  pulse forecast --transactions data/transactions.csv --inventory data/inventory.csv \\
    --products data/product_catalog.csv --refunds data/refunds.csv --out /tmp/forecast`,
  options: {
    transactions: {type: "string", arg: "FILE", required: true, help: "transactions.csv"},
    inventory: {type: "string", arg: "FILE", help: "inventory.csv (stock_count and restock events); without it stock is unknown and only demand is forecast"},
    products: {type: "string", arg: "FILE", help: "product_catalog.csv (names, starting_stock, lead_time_days)"},
    mapping: mappingOption,
    refunds: {type: "string", arg: "FILE", help: "refunds.csv (resellable returns go back into stock)"},
    horizon: {type: "integer", default: 14, min: 1, max: 366, help: "days to forecast"},
    "backtest-days": {type: "integer", default: 14, min: 1, max: 366, help: "days held out for the backtest"},
    trees: {type: "integer", default: 100, min: 1, max: 2000, help: "trees in the forest"},
    seed: {type: "integer", default: 42, min: 0, max: 2 ** 31 - 1, help: "forest seed"},
    "service-level": {type: "number", default: 0.95, min: 0.5, max: 0.9999, help: "cycle service level for the safety stock"},
    scope: {type: "choice", choices: ["global", "per-product"], default: "global", help: "one forest over all products, or one per product"},
    "demand-model": {type: "choice", choices: ["forest", "best"], default: "forest", help: "forecast behind days left: the forest, or per product whichever model won its backtest"},
    "lead-time": {type: "integer", default: 7, min: 0, max: 365, help: "lead time in days for products without lead_time_days"},
    "max-train-rows": {type: "integer", default: FORECAST_DEFAULTS.maxTrainRows, min: 10, help: "training rows per forest, most recent first (training is quadratic in rows)"},
    "max-features": {type: "number", default: FORECAST_DEFAULTS.maxFeatures, min: 0.01, max: 1, help: "fraction of the features each tree sees"},
    out: {type: "string", arg: "DIR", required: true, help: "directory for inventory.arrow, forecast.arrow and backtest.arrow"}
  },
  run
};

async function run(options: ParsedOptions): Promise<number> {
  const started = performance.now();
  const log = (line: string) => process.stderr.write(`forecast: ${line}\n`);
  const input = await readInputs(
    {
      transactions: options.transactions as string,
      inventory: options.inventory as string | undefined,
      refunds: options.refunds as string | undefined,
      products: options.products as string | undefined,
      mapping: await readMappingOption(options)
    },
    log
  );
  if (!input.sales.length) throw new PulseError("E_BAD_INPUT", `no valid sale in ${options.transactions}${input.hints.transactions ? ` (hint: ${input.hints.transactions})` : ""}`);
  const loaded = performance.now();
  const parameters: Partial<ForecastOptions> = {
    horizon: options.horizon as number,
    backtestDays: options["backtest-days"] as number,
    trees: options.trees as number,
    seed: options.seed as number,
    serviceLevel: options["service-level"] as number,
    scope: options.scope as ForecastOptions["scope"],
    demandModel: options["demand-model"] as ForecastOptions["demandModel"],
    defaultLeadTime: options["lead-time"] as number,
    maxTrainRows: options["max-train-rows"] as number,
    maxFeatures: options["max-features"] as number
  };
  let result: ForecastResult;
  try {
    result = forecastInventory({sales: input.sales, refunds: input.refunds, inventory: input.inventory, products: input.products}, parameters);
  } catch (error) {
    if (error instanceof ShortHistoryError) throw new PulseError("E_SHORT_HISTORY", error.message);
    if (error instanceof RangeError) throw new PulseError("E_BAD_INPUT", error.message);
    throw error;
  }
  const computed = performance.now();

  const {overall, verdict} = result;
  const beaten = result.backtest.filter((r) => r.verdict === "forest_better").length;
  const summary = `forest MAE ${overall.forest.toFixed(3)}, mean7 ${overall.mean7.toFixed(3)}, lastweek ${overall.lastweek.toFixed(3)} units/day over ${result.backtest.length} products × ${parameters.backtestDays} days`;
  log(`backtest: ${summary}; the forest wins on ${beaten} of ${result.backtest.length} products`);
  if (verdict !== "forest_better") log(`backtest: the forest does NOT beat the better baseline overall (${verdict})`);
  const levels = {urgent: 0, soon: 0, ok: 0, unknown: 0};
  for (const r of result.inventory) levels[r.alert]++;
  log(`stock: ${result.inventory.length} store × product rows: ${levels.urgent} urgent, ${levels.soon} soon, ${levels.ok} ok${levels.unknown ? `, ${levels.unknown} unknown (no count, no catalog stock)` : ""}`);
  if (result.unmatchedReturns) log(`stock: ${result.unmatchedReturns} resellable refunds point at no known sale line (no units returned)`);

  const meta: SnapshotMetadata = {
    source: "batch",
    asOf: result.asOf,
    inputRows: input.inputRows,
    parameters: {...FORECAST_DEFAULTS, ...parameters, restockingReasons: RESTOCKING_REASONS},
    rejects: input.rejects,
    days: result.days,
    first_day: new Date(result.firstDay * 86_400_000).toISOString().slice(0, 10),
    train_rows: result.trainRows,
    overall_mae: overall,
    verdict,
    forest_beats_baseline: String(verdict === "forest_better"),
    backtest_summary: summary
  };
  const dir = options.out as string;
  await mkdir(dir, {recursive: true});
  await Promise.all([
    writeFile(join(dir, "inventory.arrow"), toArrow(inventoryColumns(result), meta)),
    writeFile(join(dir, "forecast.arrow"), toArrow(forecastColumns(result), meta)),
    writeFile(join(dir, "backtest.arrow"), toArrow(backtestColumns(result), meta))
  ]);
  const done = performance.now();
  log(`read ${input.sales.length} sale lines in ${((loaded - started) / 1000).toFixed(2)} s, forecast in ${((computed - loaded) / 1000).toFixed(2)} s, wrote ${dir} in ${((done - computed) / 1000).toFixed(2)} s`);
  process.stdout.write(`${join(dir, "inventory.arrow")}\n${join(dir, "forecast.arrow")}\n${join(dir, "backtest.arrow")}\n`);
  return 0;
}
