import type {Product} from "../../stream-bridge/events.ts";
import {lastWeekForecast, mean7Forecast} from "./baselines.ts";
import {backtest, MODELS, type BacktestResult, type ModelName, type Verdict} from "./backtest.ts";
import {dailyUnits, DAY_MS, storeKey} from "./dailyUnits.ts";
import {FOREST_DEFAULTS} from "./demandForest.ts";
import {forestForecast, MAX_TRAIN_ROWS, type ModelScope} from "./forestForecast.ts";
import {alertLevel, daysLeft, reorderPoint, safetyStock, standardDeviation, type AlertLevel} from "./reorderPoint.ts";
import type {InventoryRecord, RefundRecord, SaleRecord} from "./readInputs.ts";
import {RESTOCKING_REASONS, stockLevels, type StockLevel} from "./stockLevels.ts";

export interface ForecastInputs {
  sales: SaleRecord[];
  refunds?: RefundRecord[];
  inventory?: InventoryRecord[];
  products?: Map<string, Product>;
}

export interface ForecastOptions {
  horizon: number;
  backtestDays: number;
  trees: number;
  seed: number;
  serviceLevel: number;
  scope: ModelScope;
  /** Which forecast drives stock-out dates: always the forest, or per product the model that won its backtest. */
  demandModel: "forest" | "best";
  /** Lead time for products missing from the catalog (or without lead_time_days). */
  defaultLeadTime: number;
  /** Days of history behind each store's share of a product and the daily σ. */
  historyDays: number;
  maxTrainRows: number;
  maxFeatures: number;
  maxDepth: number;
  minNumSamples: number;
}

export const FORECAST_DEFAULTS: ForecastOptions = {
  horizon: 14,
  backtestDays: 14,
  trees: FOREST_DEFAULTS.trees,
  seed: FOREST_DEFAULTS.seed,
  serviceLevel: 0.95,
  scope: "global",
  demandModel: "forest",
  defaultLeadTime: 7,
  historyDays: 28,
  maxTrainRows: MAX_TRAIN_ROWS,
  maxFeatures: FOREST_DEFAULTS.maxFeatures,
  maxDepth: FOREST_DEFAULTS.maxDepth,
  minNumSamples: FOREST_DEFAULTS.minNumSamples
};

export interface InventoryRow {
  storeId: string;
  productId: string;
  productName: string | null;
  /** null when nothing tells where the book starts (no stock_count, no catalog starting_stock). */
  onHand: number | null;
  basis: StockLevel["basis"];
  /** Mean forecast units per day over the horizon for this store. */
  dailyDemand: number;
  sigmaDaily: number;
  daysLeft: number | null;
  /** Epoch ms of the forecast stock-out (asOf + daysLeft days). */
  stockoutAt: number | null;
  leadTimeDays: number;
  safetyStock: number;
  reorderPoint: number;
  alert: AlertLevel | "unknown";
  demandModel: ModelName;
  oversold: number;
}

export interface ForecastRow {
  /** Epoch ms of the day (UTC midnight). */
  date: number;
  productId: string;
  predicted: number;
  actual: number | null;
  model: ModelName;
  phase: "backtest" | "forecast";
}

export interface BacktestRow {
  productId: string;
  productName: string | null;
  maeForest: number;
  maeMean7: number;
  maeLastweek: number;
  verdict: Verdict;
}

export interface ForecastResult {
  asOf: number;
  firstDay: number;
  days: number;
  inventory: InventoryRow[];
  forecast: ForecastRow[];
  backtest: BacktestRow[];
  overall: BacktestResult["overall"];
  verdict: Verdict;
  unmatchedReturns: number;
  trainRows: {backtest: number; forecast: number};
}

/**
 * The whole stock-out pipeline on events: book stock per store × product, a daily demand series per
 * product (all stores), a backtest of the forest against the baselines, the forest's forecast from
 * the as-of day, then each store's share of it (its share of the product's units over the last
 * `historyDays`) for days left, reorder point and alert level.
 *
 * Forecasting per product and splitting by store share keeps the model's training set small
 * (products × days instead of stores × products × days; ml-cart is quadratic in rows).
 */
export function forecastInventory({sales, refunds = [], inventory = [], products}: ForecastInputs, partial: Partial<ForecastOptions> = {}): ForecastResult {
  const options = {...FORECAST_DEFAULTS, ...partial};
  const {horizon, backtestDays, serviceLevel, historyDays} = options;
  let asOf = -Infinity;
  for (const list of [sales, refunds, inventory] as {time: number}[][]) for (const e of list) if (e.time > asOf) asOf = e.time;
  if (asOf === -Infinity) throw new RangeError("no events");

  // The catalog's starting stock counts only beside inventory events: without any (no inventory file)
  // no restock is known, and starting stock minus a month of sales would invent stock-outs.
  const startingStock = new Map<string, number>();
  if (inventory.length) for (const [id, p] of products ?? []) if (p.startingStock !== undefined) startingStock.set(id, p.startingStock);
  const stock = stockLevels({sales, refunds, inventory, startingStock, restockingReasons: RESTOCKING_REASONS});
  const grid = dailyUnits(sales, {extraProducts: stock.levels.map((l) => l.productId), lastDay: Math.floor(asOf / DAY_MS)});
  const series = grid.products.map((id) => ({id, y: grid.units.get(id)!, promo: grid.promo.get(id)!, chainPromo: grid.chainPromo}));
  const forest = {trees: options.trees, seed: options.seed, maxFeatures: options.maxFeatures, maxDepth: options.maxDepth, minNumSamples: options.minNumSamples};
  const model = {...forest, scope: options.scope, maxTrainRows: options.maxTrainRows};

  const tested = backtest(series, grid.firstDay, grid.length, backtestDays, model);
  const future = forestForecast(series, grid.firstDay, grid.length, horizon, model);
  const name = (id: string) => products?.get(id)?.name ?? null;

  const forecast: ForecastRow[] = [];
  const perProduct = new Map<string, {forecast: Float64Array; model: ModelName}>();
  series.forEach((s, i) => {
    const bt = tested.products[i];
    for (const m of MODELS) {
      for (let h = 0; h < backtestDays; ++h) {
        forecast.push({date: (grid.firstDay + tested.origin + h) * DAY_MS, productId: s.id, predicted: bt.predicted[m][h], actual: bt.actual[h], model: m, phase: "backtest"});
      }
    }
    const ahead: Record<ModelName, Float64Array> = {forest: future.forecasts[i], mean7: mean7Forecast(s.y, grid.length, horizon), lastweek: lastWeekForecast(s.y, grid.length, horizon)};
    for (const m of MODELS) {
      for (let h = 0; h < horizon; ++h) forecast.push({date: (grid.firstDay + grid.length + h) * DAY_MS, productId: s.id, predicted: ahead[m][h], actual: null, model: m, phase: "forecast"});
    }
    let chosen: ModelName = "forest";
    if (options.demandModel === "best" && bt.verdict === "baseline_better") chosen = bt.mae.mean7 <= bt.mae.lastweek ? "mean7" : "lastweek";
    perProduct.set(s.id, {forecast: ahead[chosen], model: chosen});
  });

  const from = Math.max(0, grid.length - historyDays);
  const productUnits = new Map<string, number>();
  for (const s of series) productUnits.set(s.id, sum(s.y, from, grid.length));
  const storesOf = new Map<string, number>();
  for (const l of stock.levels) storesOf.set(l.productId, (storesOf.get(l.productId) ?? 0) + 1);

  const inventoryRows = stock.levels.map((l): InventoryRow => {
    const storeSeries = grid.storeUnits.get(storeKey(l.storeId, l.productId));
    const total = productUnits.get(l.productId) ?? 0;
    const share = total > 0 ? (storeSeries ? sum(storeSeries, from, grid.length) : 0) / total : 1 / storesOf.get(l.productId)!;
    const {forecast: productForecast, model: demandModel} = perProduct.get(l.productId)!;
    const storeForecast = productForecast.map((v) => v * share);
    const dailyDemand = horizon ? sum(storeForecast, 0, horizon) / horizon : 0;
    const sigmaDaily = storeSeries ? standardDeviation(storeSeries.subarray(from)) : 0;
    const leadTimeDays = products?.get(l.productId)?.leadTimeDays ?? options.defaultLeadTime;
    const rop = reorderPoint(dailyDemand, sigmaDaily, leadTimeDays, serviceLevel);
    const known = l.basis !== "unknown";
    const left = known ? daysLeft(l.onHand, storeForecast) : null;
    return {
      storeId: l.storeId,
      productId: l.productId,
      productName: name(l.productId),
      onHand: known ? l.onHand : null,
      basis: l.basis,
      dailyDemand,
      sigmaDaily,
      daysLeft: left,
      stockoutAt: left === null ? null : asOf + Math.round(left * DAY_MS),
      leadTimeDays,
      safetyStock: safetyStock(sigmaDaily, leadTimeDays, serviceLevel),
      reorderPoint: rop,
      alert: known ? alertLevel({onHand: l.onHand, daysLeft: left, reorderPoint: rop, leadTimeDays}) : "unknown",
      demandModel,
      oversold: l.oversold
    };
  });

  const backtestRows = tested.products.map((p): BacktestRow => ({productId: p.id, productName: name(p.id), maeForest: p.mae.forest, maeMean7: p.mae.mean7, maeLastweek: p.mae.lastweek, verdict: p.verdict}));
  return {
    asOf,
    firstDay: grid.firstDay,
    days: grid.length,
    inventory: inventoryRows,
    forecast,
    backtest: backtestRows,
    overall: tested.overall,
    verdict: tested.verdict,
    unmatchedReturns: stock.unmatchedReturns,
    trainRows: {backtest: tested.trainRows, forecast: future.trainRows}
  };
}

function sum(values: ArrayLike<number>, from: number, to: number): number {
  let total = 0;
  for (let i = from; i < to; ++i) total += values[i];
  return total;
}
