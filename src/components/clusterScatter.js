import * as Plot from "npm:@observablehq/plot";
import {money} from "./format.js";

/**
 * The k-means clusters: each customer at (recency, spend), coloured by cluster, with each
 * cluster's centroid as a large ringed dot. Spend is on a log scale (a few big spenders would
 * otherwise squash everyone else); customers with no net spend sit at the bottom edge.
 * @param {{recency: number, monetary: number, cluster: number}[]} customers
 * @param {{cluster: number, recency: number, monetary: number, label: string, size: number}[]} clusters
 * @param {object} options
 * @param {number} options.width
 * @param {number} [options.height]
 * @returns {SVGElement}
 */
export function clusterScatter(customers, clusters, {width, height = 380} = {}) {
  const label = new Map(clusters.map((c) => [c.cluster, `${c.cluster}: ${c.label}`]));
  const floor = 1;
  const top = Math.max(floor, ...customers.map((d) => d.monetary));
  // Decades up to the top spend: one above it stretched the axis into the legend's row.
  const decades = Array.from({length: Math.floor(Math.log10(top)) + 1}, (_, i) => 10 ** i);
  return Plot.plot({
    width,
    height,
    marginLeft: 60,
    marginTop: 28,
    ariaLabel: "Customers by recency and spend, coloured by k-means cluster, with centroids",
    ariaDescription: `${customers.length} customers in ${clusters.length} clusters; large ringed dots are the cluster centroids.`,
    x: {label: "Recency (days since last purchase) →", grid: true},
    y: {type: "log", label: "↑ Net spend (log scale)", grid: true, ticks: decades, tickFormat: (x) => money(x).replace(/\.00$/, "")},
    color: {legend: true, type: "ordinal", scheme: "observable10", domain: clusters.map((c) => label.get(c.cluster)), label: "Cluster"},
    marks: [
      Plot.dot(customers, {x: "recency", y: (d) => Math.max(floor, d.monetary), fill: (d) => label.get(d.cluster), r: 1.6, fillOpacity: 0.45}),
      Plot.dot(clusters, {x: "recency", y: (d) => Math.max(floor, d.monetary), fill: (d) => label.get(d.cluster), r: 9, stroke: "var(--theme-background)", strokeWidth: 2.5, tip: {format: {y: money}}, channels: {customers: "size"}}),
      Plot.dot(clusters, {x: "recency", y: (d) => Math.max(floor, d.monetary), r: 12, stroke: "currentColor", strokeWidth: 1.5})
    ]
  });
}
