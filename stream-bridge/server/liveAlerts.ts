import type {Alert} from "../../loaders/alerts/alert.ts";
import type {PulseEvent, Product, Store} from "../events.ts";
import {createRevenueMonitor, type RevenueMonitorState} from "./revenueMonitor.ts";
import {createStockMonitor, type StockMonitorState} from "./stockMonitor.ts";

/** A row of the live `alerts` table (stream-bridge/server/tables.ts); hardware alerts have the same shape, store null. */
export interface AlertRow {
  id: string;
  time: number;
  kind: string;
  severity: string;
  subject: string;
  message: string;
  value: number;
  threshold: number | null;
  store: string | null;
}

export interface LiveAlertsState {
  revenue: RevenueMonitorState;
  stock: StockMonitorState;
  /** Raised but not flushed yet (a checkpoint is captured between two events, not at a tick). */
  pending: Alert[];
}

export interface LiveAlerts {
  /** Hot path: every event the engine gets (sales and inventory matter). */
  event(event: PulseEvent): void;
  /** Once per tick, with the engine's flushed window rows and watermark: every alert raised since the last call. */
  flush(windows: Iterable<{dimension: string; key: string; windowStart: number; revenue: number; final: boolean}>, watermark: number | null): AlertRow[];
  /** Why revenue alerts are off (null when on). */
  readonly revenueDisabled: string | null;
  save(): LiveAlertsState;
  restore(state: LiveAlertsState): void;
}

/** Business alerts the bridge raises as it replays: revenue spikes and drops (revenueMonitor.ts) and stock-outs (stockMonitor.ts). */
export function createLiveAlerts(options: {windowMs: number; hopMs?: number; stores?: Map<string, Store>; products?: Map<string, Product>}): LiveAlerts {
  const names = new Map([...(options.stores ?? [])].map(([id, s]) => [id, s.name]));
  const revenue = createRevenueMonitor({windowMs: options.windowMs, hopMs: options.hopMs, names});
  const stock = createStockMonitor({stores: options.stores, products: options.products});
  let pending: Alert[] = [];
  return {
    event(e) {
      const alert = e.kind === "sale" ? stock.sale(e) : e.kind === "inventory" ? stock.inventory(e) : null;
      if (alert) pending.push(alert);
    },
    flush(windows, watermark) {
      const alerts = pending.concat(revenue.update(windows, watermark));
      pending = [];
      return alerts.map(alertRow);
    },
    revenueDisabled: revenue.disabled,
    save: () => ({revenue: revenue.save(), stock: stock.save(), pending: pending.slice()}),
    restore(state) {
      revenue.restore(state.revenue);
      stock.restore(state.stock);
      pending = state.pending.slice();
    }
  };
}

/** A loaders/alerts Alert as a wire row: the subject by name when known (the message names both). */
export function alertRow(a: Alert): AlertRow {
  return {
    id: a.id,
    time: a.time,
    kind: a.kind,
    severity: a.severity,
    subject: a.subjectName ?? a.subjectId,
    message: a.message,
    value: a.value,
    threshold: a.threshold,
    store: a.storeId
  };
}
