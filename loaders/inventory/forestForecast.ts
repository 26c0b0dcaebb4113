import {trainDemandForest, type DemandModel, type ForestOptions} from "./demandForest.ts";
import {lagFeatures, level, trainingRows, WARMUP_DAYS, type Series} from "./lagFeatures.ts";
import {ShortHistoryError} from "./shortHistory.ts";

export type ModelScope = "global" | "per-product";

export interface ForestForecastOptions extends Partial<ForestOptions> {
  /** One model over all products (rows pooled) or one per product. */
  scope?: ModelScope;
  /** Cap on training rows per model (a seeded uniform sample): ml-cart training is quadratic in rows. */
  maxTrainRows?: number;
}

export const MAX_TRAIN_ROWS = 400;

/**
 * Trains on every (origin, days ahead) pair whose target day is before `origin`, then forecasts
 * days origin … origin + horizon − 1 directly from the history before `origin`.
 * Returns one forecast per series and the number of training rows used (summed over models).
 */
export function forestForecast(series: Series[], firstDay: number, origin: number, horizon: number, options: ForestForecastOptions = {}): {forecasts: Float64Array[]; trainRows: number} {
  const {scope = "global", maxTrainRows = MAX_TRAIN_ROWS, ...forest} = options;
  const seed = forest.seed ?? 42;
  if (origin <= WARMUP_DAYS) throw new ShortHistoryError(`need more than ${WARMUP_DAYS} days before the forecast origin, got ${origin}`);
  const rows = series.map((s) => trainingRows(s, firstDay, origin, horizon));
  let models: DemandModel[];
  let trainRows = 0;
  if (scope === "global") {
    const pooled = sample(rows, maxTrainRows, seed);
    trainRows = pooled.X.length;
    const model = trainDemandForest(pooled.X, pooled.y, forest);
    models = series.map(() => model);
  } else {
    models = rows.map((r) => {
      const capped = sample([r], maxTrainRows, seed);
      trainRows += capped.X.length;
      return trainDemandForest(capped.X, capped.y, forest);
    });
  }

  const forecasts = series.map(() => new Float64Array(horizon));
  for (let h = 0; h < horizon; ++h) {
    const X = series.map((s) => lagFeatures(s, origin, h, firstDay));
    const ratios = scope === "global" ? models[0].predict(X) : X.map((row, i) => models[i].predict([row])[0]);
    series.forEach((s, i) => (forecasts[i][h] = Math.max(0, ratios[i] * level(s, origin))));
  }
  return {forecasts, trainRows};
}

/** Pools rows; above `max`, keeps a uniform sample drawn with a seeded generator (deterministic). */
function sample(rows: {X: number[][]; y: number[]}[], max: number, seed: number): {X: number[][]; y: number[]} {
  const X: number[][] = [];
  const y: number[] = [];
  for (const r of rows) for (let i = 0; i < r.X.length; ++i) X.push(r.X[i]), y.push(r.y[i]);
  if (X.length <= max) return {X, y};
  // Partial Fisher–Yates with a 32-bit LCG (Numerical Recipes constants).
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const index = Array.from(X, (_, i) => i);
  for (let i = 0; i < max; ++i) {
    const j = i + Math.floor(next() * (index.length - i));
    [index[i], index[j]] = [index[j], index[i]];
  }
  const kept = index.slice(0, max).sort((a, b) => a - b);
  return {X: kept.map((i) => X[i]), y: kept.map((i) => y[i])};
}
