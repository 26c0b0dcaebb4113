import type {Product, Store} from "../../stream-bridge/events.ts";
import type {InventoryRow} from "../inventory/forecastInventory.ts";
import {sortAlerts, type Alert} from "./alert.ts";
import {ANOMALY_DEFAULTS, revenueAnomalies, rollUp, type AnomalyOptions, type WindowRevenue} from "./revenueAnomalies.ts";
import {slowProducts, SLOW_DEFAULTS, type SlowProductOptions} from "./slowProducts.ts";
import {stockoutAlerts} from "./stockoutAlerts.ts";
import {weakStores} from "./weakStores.ts";

export interface AlertInputs {
  sales: Iterable<{time: number; productId: string; quantity: number}>;
  /** Hourly sale revenue (cents) per store and for "all" (the engine's windows, or windowRevenue). */
  hourly: WindowRevenue[];
  stores?: Map<string, Store>;
  products?: Map<string, Product>;
  /** The stock forecast (inventory.arrow rows), when inventory was given. */
  inventory?: InventoryRow[];
  asOf: number;
}

export interface AlertOptions {
  slow: Partial<Omit<SlowProductOptions, "asOf">>;
  weakStore: {warningZ: number; criticalZ: number};
  /** Chain-wide hourly windows (hourly) and per-store daily windows (daily). */
  anomalies: {hourly: Partial<Omit<AnomalyOptions, "asOf" | "windowMs">>; daily: Partial<Omit<AnomalyOptions, "asOf" | "windowMs">>};
}

export const ALERT_DEFAULTS: AlertOptions = {
  slow: SLOW_DEFAULTS,
  weakStore: {warningZ: -2, criticalZ: -3},
  anomalies: {hourly: {}, daily: {}}
};

const DAY_MS = 86_400_000;

/**
 * Every alert kind, most severe first. Revenue anomalies are judged chain-wide per hour and per
 * store per day: one store's hour holds a handful of baskets, so a single big basket would read as
 * a "spike" (on the bundled data most store-hours would be flagged).
 */
export function businessAlerts({sales, hourly, stores, products, inventory, asOf}: AlertInputs, options: Partial<AlertOptions> = {}): Alert[] {
  const o = {...ALERT_DEFAULTS, ...options};
  const storeNames = new Map([...(stores ?? [])].map(([id, s]) => [id, s.name]));
  const productNames = new Map([...(products ?? [])].map(([id, p]) => [id, p.name]));
  const alerts: Alert[] = [];

  const onHand = inventory ? new Map<string, number>() : undefined;
  for (const r of inventory ?? []) if (r.onHand !== null) onHand!.set(r.productId, (onHand!.get(r.productId) ?? 0) + r.onHand);
  const candidates = new Set<string>([...(products?.keys() ?? []), ...(onHand?.keys() ?? [])]);
  alerts.push(...slowProducts(sales, candidates, onHand, {...o.slow, asOf}, productNames));

  const storeHours = hourly.filter((r) => r.key !== "all");
  if (stores) {
    const revenue = new Map<string, number>();
    for (const r of storeHours) revenue.set(r.key, (revenue.get(r.key) ?? 0) + r.revenue);
    alerts.push(...weakStores(revenue, stores, {...o.weakStore, time: asOf}));
  }

  alerts.push(...revenueAnomalies(hourly.filter((r) => r.key === "all"), {...ANOMALY_DEFAULTS, ...o.anomalies.hourly, windowMs: 3_600_000, asOf}, storeNames));
  alerts.push(...revenueAnomalies(rollUp(storeHours, DAY_MS), {...ANOMALY_DEFAULTS, ...o.anomalies.daily, windowMs: DAY_MS, asOf}, storeNames));

  if (inventory) alerts.push(...stockoutAlerts(inventory, asOf, storeNames));
  return sortAlerts(alerts);
}
