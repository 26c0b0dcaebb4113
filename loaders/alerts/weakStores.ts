import type {Store} from "../../stream-bridge/events.ts";
import {alertId, fmt, type Alert} from "./alert.ts";
import {named} from "./named.ts";

export interface WeakStoreOptions {
  /** z against the other stores at or below which a store is a warning / critical. */
  warningZ: number;
  criticalZ: number;
  /** Time the alert is stamped with (the as-of). */
  time: number;
}

export interface StorePerformance {
  storeId: string;
  revenue: number;
  sizeSqft: number;
  /** Revenue (cents) per square foot. */
  perSqft: number;
  /** Mean and sample σ of perSqft over the other stores. */
  peerMean: number;
  peerSd: number;
  /** (perSqft − peerMean) / peerSd: leave-one-out, so a single bad store does not inflate its own yardstick. */
  z: number;
}

/**
 * Revenue per square foot of each store against its peers. A plain z-score over all stores cannot
 * flag one outlier among n (|z| ≤ (n − 1)/√n: 2.85 for 10 stores) because the outlier inflates σ;
 * comparing each store with the mean and σ of the *other* stores has no such bound.
 * Stores without size_sqft, and fewer than 3 sized stores, give no alert.
 */
export function storePerformance(revenueByStore: Map<string, number>, stores: Map<string, Store>): StorePerformance[] {
  const sized = [...stores.values()].filter((s) => s.sizeSqft !== undefined && s.sizeSqft > 0);
  const perSqft = sized.map((s) => (revenueByStore.get(s.storeId) ?? 0) / s.sizeSqft!);
  if (sized.length < 3) return [];
  return sized.map((s, i) => {
    const peers = perSqft.filter((_, j) => j !== i);
    const mean = peers.reduce((a, b) => a + b, 0) / peers.length;
    const sd = Math.sqrt(peers.reduce((a, b) => a + (b - mean) ** 2, 0) / (peers.length - 1));
    const z = sd > 0 ? (perSqft[i] - mean) / sd : perSqft[i] === mean ? 0 : perSqft[i] < mean ? -Infinity : Infinity;
    return {storeId: s.storeId, revenue: revenueByStore.get(s.storeId) ?? 0, sizeSqft: s.sizeSqft!, perSqft: perSqft[i], peerMean: mean, peerSd: sd, z};
  });
}

export function weakStores(revenueByStore: Map<string, number>, stores: Map<string, Store>, {warningZ = -2, criticalZ = -3, time}: Partial<WeakStoreOptions> & {time: number}): Alert[] {
  const alerts: Alert[] = [];
  for (const p of storePerformance(revenueByStore, stores)) {
    if (!(p.z <= warningZ)) continue;
    const store = stores.get(p.storeId)!;
    const severity = p.z <= criticalZ ? "critical" : "warning";
    const value = p.perSqft / 100;
    const peer = p.peerMean / 100;
    alerts.push({
      id: alertId("weak_store", p.storeId, time),
      severity,
      kind: "weak_store",
      subjectType: "store",
      subjectId: p.storeId,
      subjectName: store.name,
      storeId: p.storeId,
      productId: null,
      message: `${named(store.name, p.storeId)} sold ${value.toFixed(2)} per sq ft over the period against ${peer.toFixed(2)} at its peers (z = ${fmt(p.z, 1)} against the other stores, ${(100 * (1 - p.perSqft / p.peerMean)).toFixed(0)}% below their mean)`,
      value,
      threshold: (p.peerMean + warningZ * p.peerSd) / 100,
      baseline: peer,
      time
    });
  }
  return alerts;
}
