export interface RfmPoint {
  recency: number;
  frequency: number;
  monetary: number;
}

/**
 * A short human label for a cluster centre compared with the medians of all customers, e.g.
 * "high spend, frequent, recent". Only strictly better than the median counts as high, frequent or
 * recent: frequency's median is often 1, and a cluster of one-time buyers is not "frequent".
 */
export function clusterLabel(centre: RfmPoint, medians: RfmPoint): string {
  return [
    centre.monetary > medians.monetary ? "high spend" : "low spend",
    centre.frequency > medians.frequency ? "frequent" : "infrequent",
    centre.recency < medians.recency ? "recent" : "lapsed"
  ].join(", ");
}
