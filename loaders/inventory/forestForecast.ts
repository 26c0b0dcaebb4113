import {trainDemandForest, type DemandModel, type ForestOptions} from "./demandForest.ts";
import {lagFeatures, level, trainingRows, WARMUP_DAYS, type Series} from "./lagFeatures.ts";

export type ModelScope = "global" | "per-product";

export interface ForestForecastOptions extends Partial<ForestOptions> {
  /** One model over all products (rows pooled) or one per product. */
  scope?: ModelScope;
  /** Cap on training rows per model, most recent days first: ml-cart training is quadratic in rows. */
  maxTrainRows?: number;
}

export const MAX_TRAIN_ROWS = 1500;

/**
 * Trains on target days WARMUP_DAYS…origin−1 and forecasts days origin…origin+horizon−1 recursively:
 * each predicted day becomes history (lags and level) for the next; promotions are unknown ahead and
 * taken as 0 after the first day. Returns one forecast per series and the number of training rows used.
 */
export function forestForecast(series: Series[], firstDay: number, origin: number, horizon: number, options: ForestForecastOptions = {}): {forecasts: Float64Array[]; trainRows: number} {
  const {scope = "global", maxTrainRows = MAX_TRAIN_ROWS, ...forest} = options;
  if (origin <= WARMUP_DAYS) throw new RangeError(`need more than ${WARMUP_DAYS} days before the forecast origin, got ${origin}`);
  const rows = series.map((s) => trainingRows(s, firstDay, WARMUP_DAYS, origin));
  let models: DemandModel[];
  let trainRows = 0;
  if (scope === "global") {
    const pooled = recent(rows, maxTrainRows);
    trainRows = pooled.X.length;
    const model = trainDemandForest(pooled.X, pooled.y, forest);
    models = series.map(() => model);
  } else {
    models = rows.map((r) => {
      const capped = recent([r], maxTrainRows);
      trainRows += capped.X.length;
      return trainDemandForest(capped.X, capped.y, forest);
    });
  }

  const extended = series.map(({y, promo}) => {
    const ey = new Float64Array(origin + horizon);
    const ep = new Float64Array(origin + horizon);
    for (let i = 0; i < origin; ++i) {
      ey[i] = y[i];
      ep[i] = promo?.[i] ?? 0;
    }
    return {y: ey, promo: ep};
  });
  for (let h = 0; h < horizon; ++h) {
    const t = origin + h;
    const X = extended.map((s) => lagFeatures(s, t, firstDay));
    const ratios = scope === "global" ? models[0].predict(X) : X.map((row, i) => models[i].predict([row])[0]);
    extended.forEach((s, i) => (s.y[t] = Math.max(0, ratios[i] * level(s.y, t))));
  }
  return {forecasts: extended.map((s) => s.y.slice(origin)), trainRows};
}

/** Pools rows and keeps the most recent target days (all series of a day together) up to `max` rows. */
function recent(rows: {X: number[][]; y: number[]; days: number[]}[], max: number): {X: number[][]; y: number[]} {
  const all: {x: number[]; y: number; day: number}[] = [];
  for (const r of rows) for (let i = 0; i < r.X.length; ++i) all.push({x: r.X[i], y: r.y[i], day: r.days[i]});
  all.sort((a, b) => b.day - a.day);
  const kept = all.length > max ? all.slice(0, max) : all;
  return {X: kept.map((r) => r.x), y: kept.map((r) => r.y)};
}
