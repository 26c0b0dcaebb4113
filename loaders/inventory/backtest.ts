import {lastWeekForecast, mae, mean7Forecast} from "./baselines.ts";
import {forestForecast, type ForestForecastOptions} from "./forestForecast.ts";
import {WARMUP_DAYS, type Series} from "./lagFeatures.ts";
import {ShortHistoryError} from "./shortHistory.ts";

export type Verdict = "forest_better" | "baseline_better" | "tie";
export const MODELS = ["forest", "mean7", "lastweek"] as const;
export type ModelName = (typeof MODELS)[number];

export interface BacktestSeries extends Series {
  id: string;
}

export interface ProductBacktest {
  id: string;
  actual: Float64Array;
  predicted: Record<ModelName, Float64Array>;
  mae: Record<ModelName, number>;
  verdict: Verdict;
}

export interface BacktestResult {
  /** Index of the first backtest day (the forecast origin). */
  origin: number;
  days: number;
  products: ProductBacktest[];
  /** MAE over every product-day of the window. */
  overall: Record<ModelName, number>;
  verdict: Verdict;
  trainRows: number;
}

/**
 * Holds out the last `days` days: every model forecasts them once, from the origin, with only the
 * history before it (the forest is trained on that history alone) — the same multi-day-ahead
 * situation as the stock-out forecast. The forest "wins" only when its MAE is below the better
 * baseline's.
 */
export function backtest(series: BacktestSeries[], firstDay: number, length: number, days: number, options: ForestForecastOptions = {}): BacktestResult {
  const origin = length - days;
  if (origin <= WARMUP_DAYS) throw new ShortHistoryError(`a ${days}-day backtest needs more than ${days + WARMUP_DAYS} days of sales, got ${length}`);
  const {forecasts, trainRows} = forestForecast(series, firstDay, origin, days, options);
  const sums: Record<ModelName, number> = {forest: 0, mean7: 0, lastweek: 0};
  let n = 0;
  const products = series.map((s, i): ProductBacktest => {
    const actual = Float64Array.from({length: days}, (_, h) => s.y[origin + h]);
    const predicted = {forest: forecasts[i], mean7: mean7Forecast(s.y, origin, days), lastweek: lastWeekForecast(s.y, origin, days)};
    const errors = {forest: mae(predicted.forest, actual), mean7: mae(predicted.mean7, actual), lastweek: mae(predicted.lastweek, actual)};
    for (const m of MODELS) sums[m] += errors[m] * days;
    n += days;
    return {id: s.id, actual, predicted, mae: errors, verdict: verdict(errors)};
  });
  const overall = {forest: sums.forest / n, mean7: sums.mean7 / n, lastweek: sums.lastweek / n};
  return {origin, days, products, overall, verdict: verdict(overall), trainRows};
}

// Relative tolerance so that float noise on equal errors (e.g. all zeros) reads as a tie.
export function verdict(errors: Record<ModelName, number>): Verdict {
  const baseline = Math.min(errors.mean7, errors.lastweek);
  const eps = 1e-9 * Math.max(1, baseline);
  if (errors.forest < baseline - eps) return "forest_better";
  if (errors.forest > baseline + eps) return "baseline_better";
  return "tie";
}
