import {describe, expect, it} from "vitest";
import type {InventoryRow} from "../../../loaders/inventory/forecastInventory.ts";
import {stockoutAlerts} from "../../../loaders/alerts/stockoutAlerts.ts";

const row = (storeId: string, onHand: number, daysLeft: number | null, alert: InventoryRow["alert"]): InventoryRow => ({
  storeId, productId: "P1", productName: "Milk", onHand, basis: "stock_count", dailyDemand: 2, sigmaDaily: 1, daysLeft, stockoutAt: null,
  leadTimeDays: 3, safetyStock: 2.8, reorderPoint: 8.8, alert, demandModel: "forest", oversold: 0
});
const asOf = Date.UTC(2026, 9, 31);

describe("stockoutAlerts", () => {
  it("turns urgent rows into critical alerts and soon rows into warnings", () => {
    const alerts = stockoutAlerts([row("S1", 0, 0, "urgent"), row("S2", 5, 2.5, "urgent"), row("S3", 8, 4, "soon"), row("S4", 50, 25, "ok")], asOf, new Map([["S1", "Leeds"]]));
    const tiny = stockoutAlerts([row("S5", 1, 0.04, "urgent"), row("S6", 1, null, "soon")], asOf).map((a) => a.message);
    expect(tiny).toEqual([
      "Milk (P1) at S5 has 1 unit left, less than 0.1 days of demand; a reorder takes 3 days",
      "Milk (P1) at S6 has 1 unit left, no demand forecast, at or below its reorder point of 8.8 units: reorder now"
    ]);
    expect(alerts.map((a) => [a.severity, a.subjectId, a.value, a.threshold])).toEqual([
      ["critical", "S1|P1", 0, 3],
      ["critical", "S2|P1", 2.5, 3],
      ["warning", "S3|P1", 8, 8.8]
    ]);
    expect(alerts.map((a) => a.message)).toEqual([
      "Milk (P1) at Leeds is out of stock; a reorder takes 3 days",
      "Milk (P1) at S2 has 5 units left, about 2.5 days of demand; a reorder takes 3 days",
      "Milk (P1) at S3 has 8 units left, about 4 days of demand, at or below its reorder point of 8.8 units: reorder now"
    ]);
  });
});
