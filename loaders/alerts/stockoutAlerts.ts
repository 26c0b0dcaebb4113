import type {InventoryRow} from "../inventory/forecastInventory.ts";
import {alertId, fmt, type Alert} from "./alert.ts";
import {named} from "./named.ts";

/** Forecast stock-outs: urgent → critical, soon → warning (thresholds in loaders/inventory/reorderPoint.ts). */
export function stockoutAlerts(rows: Iterable<InventoryRow>, asOf: number, storeNames: Map<string, string> = new Map()): Alert[] {
  const alerts: Alert[] = [];
  for (const r of rows) {
    if (r.alert !== "urgent" && r.alert !== "soon") continue;
    const subject = `${r.storeId}|${r.productId}`;
    const where = `${named(r.productName, r.productId)} at ${storeNames.get(r.storeId) ?? r.storeId}`;
    const units = r.onHand ?? 0;
    const left = units === 0 ? "is out of stock" : `has ${units} ${units === 1 ? "unit" : "units"} left, ${daysText(r.daysLeft)}`;
    const message =
      r.alert === "urgent"
        ? `${where} ${left}; a reorder takes ${r.leadTimeDays} days`
        : `${where} ${left}, at or below its reorder point of ${fmt(r.reorderPoint)} units: reorder now`;
    alerts.push({
      id: alertId("stockout", subject, asOf),
      severity: r.alert === "urgent" ? "critical" : "warning",
      kind: "stockout",
      subjectType: "store_product",
      subjectId: subject,
      subjectName: r.productName,
      storeId: r.storeId,
      productId: r.productId,
      message,
      value: r.alert === "urgent" ? r.daysLeft ?? 0 : r.onHand ?? 0,
      threshold: r.alert === "urgent" ? r.leadTimeDays : r.reorderPoint,
      baseline: r.dailyDemand,
      time: asOf
    });
  }
  return alerts;
}

function daysText(days: number | null): string {
  if (days === null) return "no demand forecast";
  if (days < 0.1) return "less than 0.1 days of demand";
  return `about ${fmt(days)} days of demand`;
}
