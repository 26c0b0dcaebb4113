import {describe, expect, it} from "vitest";
import {clusterLabel} from "../../../loaders/segments/clusterLabel.ts";
import {quintiles} from "../../../loaders/segments/quintiles.ts";
import {rfm, type RfmRefund, type RfmSale} from "../../../loaders/segments/rfm.ts";
import {segmentName} from "../../../loaders/segments/segmentName.ts";
import {segments} from "../../../loaders/segments/segments.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const sale = (customerId: string | null, transactionId: string, day: number, amount: number): RfmSale => ({customerId, transactionId, time: T0 + day * DAY, amount});

describe("rfm", () => {
  it("measures recency to the latest event, distinct transactions and net spend, leaving guests out", () => {
    const sales = [
      sale("A", "t1", 0, 1000),
      sale("A", "t1", 0, 500), // second line of the same transaction
      sale("A", "t2", 8, 250),
      sale("B", "t3", 10, 4000),
      sale(null, "t4", 9, 999),
      sale(null, "t4", 9, 1)
    ];
    const refunds: RfmRefund[] = [
      {customerId: "A", originalTransactionId: "t1", time: T0 + 9 * DAY, amount: 300},
      {customerId: null, originalTransactionId: "t3", time: T0 + 10 * DAY + 3600_000, amount: 4500}, // charged to B via t3
      {customerId: null, originalTransactionId: "t4", time: T0 + 9 * DAY, amount: 1}
    ];
    const result = rfm(sales, refunds);
    expect(result.asOf).toBe(T0 + 10 * DAY + 3600_000);
    expect(result.customers).toEqual([
      {customer: "A", recency: 2, frequency: 2, monetary: 1450, lastPurchase: T0 + 8 * DAY},
      {customer: "B", recency: 0, frequency: 1, monetary: -500, lastPurchase: T0 + 10 * DAY}
    ]);
    expect(result).toMatchObject({guestLines: 2, guestTransactions: 1, guestRefunds: 1, orphanRefunds: 0, afterAsOf: 0});
  });

  it("counts a receipt id that two customers share for each of them (numbering that restarts per store)", () => {
    const result = rfm([sale("A", "1001", 0, 100), sale("B", "1001", 1, 200), sale("A", "1002", 2, 50)]);
    expect(result.customers.map(({customer, frequency, monetary}) => ({customer, frequency, monetary}))).toEqual([
      {customer: "A", frequency: 2, monetary: 150},
      {customer: "B", frequency: 1, monetary: 200}
    ]);
  });

  it("ignores events after an explicit asOf", () => {
    const result = rfm([sale("A", "t1", 0, 100), sale("A", "t2", 5, 100)], [], {asOf: T0 + 3 * DAY});
    expect(result.customers).toEqual([{customer: "A", recency: 3, frequency: 1, monetary: 100, lastPurchase: T0}]);
    expect(result.afterAsOf).toBe(1);
  });
});

describe("quintiles", () => {
  it("gives distinct values two per score out of ten", () => {
    expect(Array.from(quintiles([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]))).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    expect(Array.from(quintiles([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], {lowerIsBetter: true}))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it("gives tied values the lowest score their block reaches", () => {
    // Six customers bought once: ranks 0–5 of 10 would span scores 1–3; all six get 1.
    expect(Array.from(quintiles([1, 1, 1, 1, 1, 1, 2, 2, 3, 9]))).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
    // Recency: the three customers 30 days out are the worst block; 0 days is best.
    expect(Array.from(quintiles([30, 30, 30, 0, 7], {lowerIsBetter: true}))).toEqual([1, 1, 1, 5, 4]);
    expect(Array.from(quintiles([5, 5, 5]))).toEqual([1, 1, 1]);
  });
});

describe("segmentName", () => {
  it("follows the R × F grid", () => {
    const grid = [1, 2, 3, 4, 5].map((r) => [1, 2, 3, 4, 5].map((f) => segmentName(r, f)));
    expect(grid).toEqual([
      ["Hibernating", "Hibernating", "At Risk", "At Risk", "Can't Lose"],
      ["Hibernating", "Hibernating", "At Risk", "At Risk", "Can't Lose"],
      ["About to Sleep", "About to Sleep", "Need Attention", "Loyal Customers", "Loyal Customers"],
      ["Promising", "Potential Loyalists", "Potential Loyalists", "Loyal Customers", "Loyal Customers"],
      ["New Customers", "Potential Loyalists", "Potential Loyalists", "Champions", "Champions"]
    ]);
    expect(() => segmentName(0, 3)).toThrow(/r=0/);
  });
});

describe("clusterLabel", () => {
  const medians = {recency: 10, frequency: 2, monetary: 80};
  const sd = {recency: 1, frequency: 0.5, monetary: 1};

  it("names each feature a quarter SD or more from the median, on the log1p scale", () => {
    expect(clusterLabel({recency: 2, frequency: 6, monetary: 500}, medians, sd)).toBe("high spend, frequent, recent");
    expect(clusterLabel({recency: 40, frequency: 1, monetary: 20}, medians, sd)).toBe("low spend, infrequent, lapsed");
  });

  it("leaves out features near the median and calls a centre near all three typical", () => {
    // log1p(2.01) − log1p(2) ≈ 0.0033, far below 0.25 × 0.5.
    expect(clusterLabel({recency: 30, frequency: 2.01, monetary: 20}, medians, sd)).toBe("low spend, lapsed");
    expect(clusterLabel({recency: 11, frequency: 2, monetary: 85}, medians, sd)).toBe("typical");
  });
});

describe("segments", () => {
  // Ten hand-made customers: C0 bought 10 times in the last days and spent most; C9 once, long ago.
  const sales: RfmSale[] = [];
  for (let c = 0; c < 10; ++c) {
    const visits = 10 - c;
    for (let v = 0; v < visits; ++v) sales.push(sale(`C${c}`, `C${c}-${v}`, 90 - c * 9 - v, 1000 * (10 - c)));
  }
  sales.push(sale(null, "guest-1", 90, 5000));

  it("scores and names hand-made customers by the grid", () => {
    const result = segments(sales, [], {seed: 42});
    const byId = new Map(result.customers.map((c) => [c.customer, c]));
    // Recency 0,9,…,81 days; frequency 10…1; monetary 100·10², …, 10·1² units: all distinct, two per score.
    expect(["C0", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9"].map((id) => [byId.get(id)!.r, byId.get(id)!.f, byId.get(id)!.m])).toEqual([
      [5, 5, 5], [5, 5, 5], [4, 4, 4], [4, 4, 4], [3, 3, 3], [3, 3, 3], [2, 2, 2], [2, 2, 2], [1, 1, 1], [1, 1, 1]
    ]);
    expect(result.customers.map((c) => c.segment)).toEqual([
      "Champions", "Champions", "Loyal Customers", "Loyal Customers", "Need Attention", "Need Attention", "Hibernating", "Hibernating", "Hibernating", "Hibernating"
    ]);
    expect(byId.get("C3")).toMatchObject({recency: 27, frequency: 7, monetary: 490});
    expect(result.rfm.guestLines).toBe(1);
  });

  it("gives tied customers one score, the lowest their block reaches, before naming them", () => {
    // Five customers: four bought once (tie), one twice; recencies 0, 0, 10, 20, 30 days.
    const tied = [sale("A", "a", 30, 100), sale("B", "b", 30, 100), sale("C", "c", 20, 100), sale("D", "d", 10, 100), sale("E", "e1", 0, 100), sale("E", "e2", 1, 100)];
    const byId = new Map(segments(tied, [], {k: 2}).customers.map((c) => [c.customer, c]));
    // F: A–D have 0 customers below them → 1; E has 4 of 5 below → 1 + floor(20 / 5) = 5.
    // R (days to day 30): A, B 0 days → both have 3 worse → 1 + floor(15 / 5) = 4; C 10 → 3; D 20 → 2; E 29 → 1.
    expect(["A", "B", "C", "D", "E"].map((id) => [byId.get(id)!.r, byId.get(id)!.f, byId.get(id)!.segment])).toEqual([
      [4, 1, "Promising"],
      [4, 1, "Promising"],
      [3, 1, "About to Sleep"],
      [2, 1, "Hibernating"],
      [1, 5, "Can't Lose"]
    ]);
  });

  it("chooses k by silhouette over 2..8 and describes each cluster", () => {
    const result = segments(sales, [], {seed: 42});
    expect(result.curve.map((p) => p.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const best = Math.max(...result.curve.map((p) => p.silhouette ?? -1));
    expect(result.curve.find((p) => p.silhouette === best)!.k).toBe(result.k);
    expect(result.clusters.reduce((sum, c) => sum + c.size, 0)).toBe(10);
    // Cluster 0 is the highest-spending centre.
    expect(result.clusters.map((c) => c.monetary)).toEqual([...result.clusters.map((c) => c.monetary)].sort((a, b) => b - a));
    expect(result.customers.find((c) => c.customer === "C0")!.cluster).toBe(0);
  });

  it("caps a requested k at the distinct customers and makes one cluster of identical customers", () => {
    const twins = [sale("A", "a", 0, 100), sale("B", "b", 0, 100), sale("C", "c", 5, 900)];
    const capped = segments(twins, [], {k: 5});
    expect(capped.k).toBe(2);
    const same = segments([sale("A", "a", 0, 100), sale("B", "b", 0, 100)], [], {k: "auto"});
    expect(same.k).toBe(1);
    expect(same.curve).toEqual([]);
    expect(same.clusters).toEqual([expect.objectContaining({cluster: 0, size: 2, silhouette: null})]);
  });

  it("is deterministic for a seed", () => {
    expect(segments(sales, [], {seed: 7}).customers).toEqual(segments(sales, [], {seed: 7}).customers);
  });
});
