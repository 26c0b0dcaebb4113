/**
 * Naive forecasts that the forest must beat. Both see only days before `origin` (the forecast is
 * made once, at the origin, for `horizon` days):
 *   mean7    — the mean of the 7 days before the origin, flat over the horizon;
 *   lastweek — the same weekday in the last observed week (day t takes y[t − 7k], the smallest k ≥ 1
 *              that lands before the origin), i.e. last week repeated.
 */
export function mean7Forecast(y: ArrayLike<number>, origin: number, horizon: number): Float64Array {
  if (origin < 7) throw new RangeError(`mean7 needs 7 days of history, got ${origin}`);
  let sum = 0;
  for (let i = origin - 7; i < origin; ++i) sum += y[i];
  return new Float64Array(horizon).fill(sum / 7);
}

export function lastWeekForecast(y: ArrayLike<number>, origin: number, horizon: number): Float64Array {
  if (origin < 7) throw new RangeError(`lastweek needs 7 days of history, got ${origin}`);
  const out = new Float64Array(horizon);
  for (let h = 0; h < horizon; ++h) out[h] = y[origin - 7 + (h % 7)];
  return out;
}

/** Mean absolute error over paired values; NaN when empty. */
export function mae(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  if (predicted.length !== actual.length) throw new RangeError(`mae: ${predicted.length} predictions for ${actual.length} actuals`);
  let sum = 0;
  for (let i = 0; i < actual.length; ++i) sum += Math.abs(predicted[i] - actual[i]);
  return actual.length ? sum / actual.length : NaN;
}
