import type {Columns} from "../io/arrow.ts";
import type {Alert} from "./alert.ts";

/** alerts.arrow: one row per alert (value, threshold and baseline in the unit the message uses). */
export function alertColumns(alerts: Alert[]): Columns {
  const col = <K extends keyof Alert>(key: K) => alerts.map((a) => a[key]);
  return {
    id: {type: "utf8", values: col("id")},
    severity: {type: "utf8", values: col("severity")},
    kind: {type: "utf8", values: col("kind")},
    subject_type: {type: "utf8", values: col("subjectType")},
    subject_id: {type: "utf8", values: col("subjectId")},
    subject_name: {type: "utf8", values: col("subjectName")},
    store: {type: "utf8", values: col("storeId")},
    product: {type: "utf8", values: col("productId")},
    message: {type: "utf8", values: col("message")},
    value: {type: "float64", values: col("value")},
    threshold: {type: "float64", values: col("threshold")},
    baseline: {type: "float64", values: col("baseline")},
    time: {type: "timestamp", values: col("time")}
  };
}
