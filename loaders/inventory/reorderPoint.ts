/**
 * Reorder arithmetic (docs/analytics-forecast-alerts.md):
 *   safety stock  = z × σ_daily × √lead time        (z = Φ⁻¹(service level))
 *   reorder point = daily demand × lead time + safety stock
 *   alert         = urgent when out of stock or days left ≤ lead time (an order placed now lands too late),
 *                   soon when on hand ≤ reorder point (order now), else ok.
 */

export type AlertLevel = "urgent" | "soon" | "ok";

/** Φ⁻¹(p), the standard normal quantile (Acklam's rational approximation, |relative error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`invalid probability: ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function standardDeviation(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  let mean = 0;
  for (let i = 0; i < n; ++i) mean += values[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; ++i) ss += (values[i] - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
}

export function safetyStock(sigmaDaily: number, leadTimeDays: number, serviceLevel: number): number {
  return normalQuantile(serviceLevel) * sigmaDaily * Math.sqrt(leadTimeDays);
}

export function reorderPoint(dailyDemand: number, sigmaDaily: number, leadTimeDays: number, serviceLevel: number): number {
  return dailyDemand * leadTimeDays + safetyStock(sigmaDaily, leadTimeDays, serviceLevel);
}

/**
 * Days until the stock runs out, walking the daily forecast (fractional within the day it runs out);
 * past the forecast horizon the mean forecast rate continues. null when no demand is forecast.
 */
export function daysLeft(onHand: number, forecast: ArrayLike<number>): number | null {
  if (onHand <= 0) return 0;
  let left = onHand;
  let total = 0;
  for (let i = 0; i < forecast.length; ++i) {
    const demand = forecast[i];
    total += demand;
    if (demand > 0 && left <= demand) return i + left / demand;
    left -= demand;
  }
  if (!(total > 0)) return null;
  return forecast.length + left / (total / forecast.length);
}

export function alertLevel({onHand, daysLeft, reorderPoint, leadTimeDays}: {onHand: number; daysLeft: number | null; reorderPoint: number; leadTimeDays: number}): AlertLevel {
  if (onHand <= 0 || (daysLeft !== null && daysLeft <= leadTimeDays)) return "urgent";
  if (onHand <= reorderPoint) return "soon";
  return "ok";
}
