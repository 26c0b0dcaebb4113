import {describe, expect, it} from "vitest";
import {slowProducts} from "../../../loaders/alerts/slowProducts.ts";

const DAY = 86_400_000;
const asOf = Date.UTC(2026, 9, 31);
const sale = (productId: string, daysAgo: number, quantity: number) => ({productId, time: asOf - daysAgo * DAY, quantity});

describe("slowProducts", () => {
  // Units in the last 7 days: A 0 (sold 10 days ago), B 1, C 5, D 9, E 0 but out of stock, F never sold.
  const sales = [sale("A", 10, 4), sale("B", 2, 1), sale("C", 1, 5), sale("D", 0.5, 9), sale("E", 9, 3)];
  const onHand = new Map([["A", 12], ["B", 3], ["C", 7], ["D", 2], ["E", 0], ["F", 5]]);
  const names = new Map([["A", "Apples"]]);

  it("warns about in-stock products without a sale in the window", () => {
    const alerts = slowProducts(sales, ["A", "B", "C", "D", "E", "F"], onHand, {asOf, bottomShare: 0.34}, names);
    const warnings = alerts.filter((a) => a.severity === "warning");
    expect(warnings.map((a) => a.subjectId)).toEqual(["A", "F"]);
    expect(warnings[0].message).toBe("No sale of Apples (A) in the last 7 days, 12 units on hand");
  });

  it("lists the bottom share of in-stock sellers as info, ties at the cut included", () => {
    // Sellers in stock: B 1, C 5, D 9 → bottom 34% of 3 = 1 product (B).
    const info = slowProducts(sales, ["A", "B", "C", "D", "E", "F"], onHand, {asOf, bottomShare: 0.34}).filter((a) => a.severity === "info");
    expect(info.map((a) => [a.subjectId, a.value, a.threshold, a.baseline])).toEqual([["B", 1, 1, 5]]);
    const tie = slowProducts([sale("B", 2, 1), sale("C", 1, 1), sale("D", 1, 9)], ["B", "C", "D"], onHand, {asOf, bottomShare: 0.34}).filter((a) => a.severity === "info");
    expect(tie.map((a) => a.subjectId)).toEqual(["B", "C"]);
  });

  it("without inventory, judges every candidate and says stock is not known", () => {
    const alerts = slowProducts(sales, ["A", "E"], undefined, {asOf});
    expect(alerts.filter((a) => a.severity === "warning").map((a) => a.message)).toEqual(["No sale of A in the last 7 days, stock not known", "No sale of E in the last 7 days, stock not known"]);
  });
});
