import type {Columns} from "../io/arrow.ts";
import type {SegmentsResult} from "./segments.ts";

/** Arrow columns for customers.arrow, clusters.arrow and silhouette.arrow. */
export function segmentColumns({customers, clusters, curve}: SegmentsResult): {customers: Columns; clusters: Columns; silhouette: Columns} {
  return {
    customers: {
      customer: {type: "utf8", values: customers.map((c) => c.customer)},
      recency: {type: "int32", values: customers.map((c) => c.recency)},
      frequency: {type: "int32", values: customers.map((c) => c.frequency)},
      monetary: {type: "float64", values: customers.map((c) => c.monetary)},
      r: {type: "int32", values: customers.map((c) => c.r)},
      f: {type: "int32", values: customers.map((c) => c.f)},
      m: {type: "int32", values: customers.map((c) => c.m)},
      segment: {type: "utf8", values: customers.map((c) => c.segment)},
      cluster: {type: "int32", values: customers.map((c) => c.cluster)}
    },
    clusters: {
      cluster: {type: "int32", values: clusters.map((c) => c.cluster)},
      recency: {type: "float64", values: clusters.map((c) => c.recency)},
      frequency: {type: "float64", values: clusters.map((c) => c.frequency)},
      monetary: {type: "float64", values: clusters.map((c) => c.monetary)},
      size: {type: "int32", values: clusters.map((c) => c.size)},
      silhouette: {type: "float64", values: clusters.map((c) => c.silhouette)},
      label: {type: "utf8", values: clusters.map((c) => c.label)}
    },
    silhouette: {
      k: {type: "int32", values: curve.map((p) => p.k)},
      silhouette: {type: "float64", values: curve.map((p) => p.silhouette)}
    }
  };
}
