import {centsToUnits} from "../../lib/money.ts";
import {clusterLabel, type RfmPoint} from "./clusterLabel.ts";
import {features} from "./features.ts";
import {countDistinct, kmeans, type KmeansFit} from "./kmeans.ts";
import {quintiles} from "./quintiles.ts";
import {rfm, type RfmRefund, type RfmResult, type RfmSale} from "./rfm.ts";
import {sample} from "./sample.ts";
import {segmentName, type SegmentName} from "./segmentName.ts";
import {silhouette} from "./silhouette.ts";

export interface SegmentsOptions {
  /** Reference time in epoch ms; default: the latest sale or refund. */
  asOf?: number;
  seed?: number;
  /** "auto" picks k in 2..8 by silhouette; a number is capped at the distinct points. */
  k?: "auto" | number;
  /** Silhouettes (and the search for k) use at most this many customers. */
  sampleSize?: number;
  restarts?: number;
  /** Progress lines (stderr in the CLI). */
  log?: (message: string) => void;
}

export interface CustomerSegment {
  customer: string;
  recency: number;
  frequency: number;
  /** Net spend in currency units. */
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: SegmentName;
  cluster: number;
}

export interface ClusterSummary extends RfmPoint {
  cluster: number;
  size: number;
  silhouette: number | null;
  label: string;
}

export interface SegmentsResult {
  rfm: RfmResult;
  customers: CustomerSegment[];
  clusters: ClusterSummary[];
  /** Mean silhouette for each k tried. */
  curve: {k: number; silhouette: number | null}[];
  k: number;
  /** Customers the silhouettes were computed on. */
  sampled: number;
  distinct: number;
  medians: RfmPoint;
}

const K_MIN = 2;
const K_MAX = 8;

/**
 * RFM scores and named segments, then k-means on standardized log(R, F, M).
 * With more than `sampleSize` customers, k is chosen on a deterministic sample (fits and
 * silhouettes both on the sample) and the chosen k is then fit on every customer.
 */
export function segments(sales: Iterable<RfmSale>, refunds: Iterable<RfmRefund> = [], options: SegmentsOptions = {}): SegmentsResult {
  return segmentsFromRfm(rfm(sales, refunds, {asOf: options.asOf}), options);
}

/** The same from RFM already computed (the CLI streams events into an RfmAccumulator). */
export function segmentsFromRfm(base: RfmResult, options: Omit<SegmentsOptions, "asOf"> = {}): SegmentsResult {
  const {seed = 42, k = "auto", sampleSize = 3000, restarts = 10, log = () => {}} = options;
  if (k !== "auto" && !(Number.isInteger(k) && k >= 1)) throw new RangeError(`invalid k: ${k}`);
  const list = base.customers.map((c) => ({recency: c.recency, frequency: c.frequency, monetary: centsToUnits(c.monetary)}));
  const n = list.length;
  if (n === 0) return {rfm: base, customers: [], clusters: [], curve: [], k: 0, sampled: 0, distinct: 0, medians: {recency: NaN, frequency: NaN, monetary: NaN}};

  const R = quintiles(list.map((c) => c.recency), {lowerIsBetter: true});
  const F = quintiles(list.map((c) => c.frequency));
  const M = quintiles(list.map((c) => c.monetary));
  const {points, invert, sd} = features(list);
  const distinct = countDistinct(points);
  const picked = sample(n, sampleSize, seed);
  const samplePoints = Array.from(picked, (i) => points[i]);

  const curve: {k: number; silhouette: number | null}[] = [];
  let chosen: number;
  let sampleFit: KmeansFit | undefined;
  if (k === "auto") {
    const sweepStart = performance.now();
    const sampleDistinct = countDistinct(samplePoints);
    let best = -Infinity;
    chosen = 1;
    for (let kk = K_MIN; kk <= Math.min(K_MAX, sampleDistinct); ++kk) {
      const fit = kmeans(samplePoints, kk, {seed, restarts});
      const score = silhouette(samplePoints, fit.labels, fit.k).mean;
      curve.push({k: kk, silhouette: score});
      log(`k=${kk}: silhouette ${score?.toFixed(4) ?? "n/a"}, inertia ${fit.inertia.toFixed(1)}`);
      if (score !== null && score > best) [best, chosen, sampleFit] = [score, kk, fit];
    }
    log(`chose k=${chosen} on ${samplePoints.length} customers in ${((performance.now() - sweepStart) / 1000).toFixed(2)} s`);
  } else {
    chosen = Math.min(k, distinct);
    if (chosen < k) log(`k=${k} capped at ${chosen}: only ${distinct} distinct customers`);
  }

  // Without sampling the sweep already fit every customer with the same seeds: reuse it.
  const fitStart = performance.now();
  const fit = sampleFit && picked.length === n ? sampleFit : kmeans(points, chosen, {seed, restarts});
  if (fit !== sampleFit) log(`k=${chosen} fit on all ${n} customers in ${((performance.now() - fitStart) / 1000).toFixed(2)} s`);
  const order = ordering(fit, invert);
  const labels = Int32Array.from(fit.labels, (label) => order[label]);
  const centres: RfmPoint[] = [];
  for (let c = 0; c < fit.k; ++c) centres[order[c]] = invert(fit.centroids[c]);

  const sampleLabels = Array.from(picked, (i) => labels[i]);
  const quality = silhouette(samplePoints, sampleLabels, fit.k);
  if (k !== "auto") curve.push({k: fit.k, silhouette: quality.mean});
  const medians = {
    recency: median(list.map((c) => c.recency)),
    frequency: median(list.map((c) => c.frequency)),
    monetary: median(list.map((c) => c.monetary))
  };
  const sizes = new Array<number>(fit.k).fill(0);
  for (const label of labels) sizes[label]++;
  const clusters = centres.map((centre, cluster) => ({
    cluster,
    ...centre,
    size: sizes[cluster],
    silhouette: quality.byCluster[cluster],
    label: clusterLabel(centre, medians, {recency: sd[0], frequency: sd[1], monetary: sd[2]})
  }));

  const customers = base.customers.map((c, i) => ({
    customer: c.customer,
    ...list[i],
    r: R[i],
    f: F[i],
    m: M[i],
    segment: segmentName(R[i], F[i]),
    cluster: labels[i]
  }));
  return {rfm: base, customers, clusters, curve, k: fit.k, sampled: picked.length, distinct, medians};
}

/** New cluster numbers: highest spending centre first, then most recent, so a rerun numbers clusters alike. */
function ordering(fit: KmeansFit, invert: (p: readonly number[]) => RfmPoint): Int32Array {
  const centres = fit.centroids.map((c) => invert(c));
  const ids = Array.from({length: fit.k}, (_, c) => c).sort((a, b) => centres[b].monetary - centres[a].monetary || centres[a].recency - centres[b].recency || a - b);
  const order = new Int32Array(fit.k);
  ids.forEach((c, rank) => (order[c] = rank));
  return order;
}

function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
