import {toArrow, type Columns} from "../io/arrow.ts";
import type {ForecastResult} from "./forecastInventory.ts";

/** inventory.arrow: one row per store × product. */
export function inventoryColumns({inventory}: ForecastResult): Columns {
  return {
    store: {type: "utf8", values: inventory.map((r) => r.storeId)},
    product: {type: "utf8", values: inventory.map((r) => r.productId)},
    product_name: {type: "utf8", values: inventory.map((r) => r.productName)},
    on_hand: {type: "int32", values: inventory.map((r) => r.onHand)},
    stock_basis: {type: "utf8", values: inventory.map((r) => r.basis)},
    daily_demand: {type: "float64", values: inventory.map((r) => r.dailyDemand)},
    sigma_daily: {type: "float64", values: inventory.map((r) => r.sigmaDaily)},
    days_left: {type: "float64", values: inventory.map((r) => r.daysLeft)},
    stockout_at: {type: "timestamp", values: inventory.map((r) => r.stockoutAt)},
    lead_time_days: {type: "int32", values: inventory.map((r) => r.leadTimeDays)},
    safety_stock: {type: "float64", values: inventory.map((r) => r.safetyStock)},
    reorder_point: {type: "float64", values: inventory.map((r) => r.reorderPoint)},
    alert: {type: "utf8", values: inventory.map((r) => r.alert)},
    demand_model: {type: "utf8", values: inventory.map((r) => r.demandModel)},
    oversold: {type: "int32", values: inventory.map((r) => r.oversold)}
  };
}

/** forecast.arrow: backtest days (with actuals) and forecast days (actual null), one row per model. */
export function forecastColumns({forecast}: ForecastResult): Columns {
  return {
    date: {type: "timestamp", values: forecast.map((r) => r.date)},
    product: {type: "utf8", values: forecast.map((r) => r.productId)},
    predicted: {type: "float64", values: forecast.map((r) => r.predicted)},
    actual: {type: "float64", values: forecast.map((r) => r.actual)},
    model: {type: "utf8", values: forecast.map((r) => r.model)},
    phase: {type: "utf8", values: forecast.map((r) => r.phase)}
  };
}

/** backtest.arrow: per product (scope "product") plus one "overall" row over every product-day. */
export function backtestColumns({backtest, overall, verdict}: ForecastResult): Columns {
  const rows = [...backtest.map((r) => ({...r, scope: "product"})), {productId: "all", productName: null, maeForest: overall.forest, maeMean7: overall.mean7, maeLastweek: overall.lastweek, verdict, scope: "overall"}];
  return {
    product: {type: "utf8", values: rows.map((r) => r.productId)},
    product_name: {type: "utf8", values: rows.map((r) => r.productName)},
    scope: {type: "utf8", values: rows.map((r) => r.scope)},
    mae_forest: {type: "float64", values: rows.map((r) => r.maeForest)},
    mae_mean7: {type: "float64", values: rows.map((r) => r.maeMean7)},
    mae_lastweek: {type: "float64", values: rows.map((r) => r.maeLastweek)},
    verdict: {type: "utf8", values: rows.map((r) => r.verdict)}
  };
}

/**
 * The three files with no rows, for data that cannot give a forecast (`reason`, e.g. too few days
 * for the backtest): metadata `unavailable` carries the reason for the page to show.
 */
export function unavailableForecast(reason: string): Record<string, Uint8Array> {
  // The column builders over a result with no rows give the schemas (backtest's "overall" row is dropped).
  const empty = {inventory: [], forecast: [], backtest: [], overall: {forest: NaN, mean7: NaN, lastweek: NaN}, verdict: "unavailable"} as unknown as ForecastResult;
  const none = (columns: Columns) => toArrow(Object.fromEntries(Object.entries(columns).map(([name, column]) => [name, {...column, values: []}])), {source: "batch", asOf: null, unavailable: reason});
  return {"inventory.arrow": none(inventoryColumns(empty)), "forecast.arrow": none(forecastColumns(empty)), "backtest.arrow": none(backtestColumns(empty))};
}
