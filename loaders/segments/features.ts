import type {RfmPoint} from "./clusterLabel.ts";

export interface Features {
  /** One [recency, frequency, monetary] row per customer, log-scaled and standardized. */
  points: number[][];
  mean: number[];
  sd: number[];
  /** Maps a point of feature space back to days, transactions and currency units. */
  invert(point: readonly number[]): RfmPoint;
}

/**
 * k-means inputs: log1p of recency (days; 0 is a valid value, hence log1p), of frequency, and of
 * monetary in units clamped at 0 (net spend can be ≤ 0 after refunds; those customers sit with the
 * lowest spenders instead of producing NaN). Each column is then z-scored with the population SD;
 * a constant column becomes all zeros.
 */
export function features(customers: readonly RfmPoint[]): Features {
  const raw = customers.map(({recency, frequency, monetary}) => [Math.log1p(recency), Math.log1p(frequency), Math.log1p(Math.max(0, monetary))]);
  const n = raw.length;
  const mean = [0, 1, 2].map((d) => raw.reduce((sum, row) => sum + row[d], 0) / (n || 1));
  const sd = [0, 1, 2].map((d) => Math.sqrt(raw.reduce((sum, row) => sum + (row[d] - mean[d]) ** 2, 0) / (n || 1)));
  const scale = sd.map((s) => (s > 0 ? s : 1));
  const points = raw.map((row) => row.map((x, d) => (x - mean[d]) / scale[d]));
  const invert = (point: readonly number[]): RfmPoint => {
    const [recency, frequency, monetary] = point.map((z, d) => Math.expm1(z * scale[d] + mean[d]));
    return {recency, frequency, monetary};
  };
  return {points, mean, sd, invert};
}
