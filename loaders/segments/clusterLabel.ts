export interface RfmPoint {
  recency: number;
  frequency: number;
  monetary: number;
}

/** How far from the median (in SDs of the log1p feature) a centre must sit to earn a word. */
const MARGIN = 0.25;

/**
 * A short human label for a cluster centre, e.g. "high spend, recent": each of spend, frequency and
 * recency is compared with the median of all customers on the clustering scale (log1p, in units of
 * that feature's SD) and named only when it is at least a quarter SD away, so a centre at 2.01
 * visits against a median of 2 is not called "frequent". A centre near the median on all three
 * is "typical".
 */
export function clusterLabel(centre: RfmPoint, medians: RfmPoint, sd: RfmPoint): string {
  const words: string[] = [];
  const offset = (key: keyof RfmPoint) => (sd[key] > 0 ? (log(centre[key]) - log(medians[key])) / sd[key] : 0);
  const spend = offset("monetary");
  const frequency = offset("frequency");
  const recency = offset("recency");
  if (Math.abs(spend) >= MARGIN) words.push(spend > 0 ? "high spend" : "low spend");
  if (Math.abs(frequency) >= MARGIN) words.push(frequency > 0 ? "frequent" : "infrequent");
  if (Math.abs(recency) >= MARGIN) words.push(recency < 0 ? "recent" : "lapsed");
  return words.length ? words.join(", ") : "typical";
}

function log(x: number): number {
  return Math.log1p(Math.max(0, x));
}
