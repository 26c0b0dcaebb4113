export type SegmentName =
  | "Champions"
  | "Loyal Customers"
  | "Potential Loyalists"
  | "New Customers"
  | "Promising"
  | "Need Attention"
  | "About to Sleep"
  | "At Risk"
  | "Can't Lose"
  | "Hibernating";

/** The named segment for recency and frequency scores 1–5 (5 = most recent, most frequent). */
export function segmentName(r: number, f: number): SegmentName {
  if (!(r >= 1 && r <= 5 && f >= 1 && f <= 5 && Number.isInteger(r) && Number.isInteger(f))) throw new RangeError(`invalid scores: r=${r}, f=${f}`);
  if (r === 5) return f === 1 ? "New Customers" : f <= 3 ? "Potential Loyalists" : "Champions";
  if (r === 4) return f === 1 ? "Promising" : f <= 3 ? "Potential Loyalists" : "Loyal Customers";
  if (r === 3) return f <= 2 ? "About to Sleep" : f === 3 ? "Need Attention" : "Loyal Customers";
  return f <= 2 ? "Hibernating" : f <= 4 ? "At Risk" : "Can't Lose";
}
