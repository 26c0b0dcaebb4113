import * as d3 from "npm:d3";

/**
 * Per named segment: customers, share of customers and of spend, and mean recency, frequency and
 * net spend. Rows ordered by total spend.
 * @param {{segment: string, recency: number, frequency: number, monetary: number}[]} customers
 * @returns {{segment: string, customers: number, share: number, spendShare: number, recency: number, frequency: number, spend: number}[]}
 */
export function segmentStats(customers) {
  const total = d3.sum(customers, (d) => d.monetary);
  return d3
    .rollups(customers, (v) => ({customers: v.length, recency: d3.mean(v, (d) => d.recency), frequency: d3.mean(v, (d) => d.frequency), spend: d3.mean(v, (d) => d.monetary), sum: d3.sum(v, (d) => d.monetary)}), (d) => d.segment)
    .map(([segment, s]) => ({segment, customers: s.customers, share: s.customers / customers.length, spendShare: total ? s.sum / total : null, recency: s.recency, frequency: s.frequency, spend: s.spend}))
    .sort((a, b) => b.spendShare - a.spendShare);
}
