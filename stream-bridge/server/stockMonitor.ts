import type {Alert} from "../../loaders/alerts/alert.ts";
import {stockoutAlerts} from "../../loaders/alerts/stockoutAlerts.ts";
import type {InventoryRow} from "../../loaders/inventory/forecastInventory.ts";
import type {InventoryEvent, Product, SaleEvent, Store} from "../events.ts";

/** Saved in checkpoints: [store, product, units on hand, out of stock]. */
export type StockMonitorState = [string, string, number, boolean][];

export interface StockMonitor {
  inventory(event: InventoryEvent): Alert | null;
  sale(event: SaleEvent): Alert | null;
  /** Units on the book, or null for a shelf no stock_count has been seen for. */
  onHand(storeId: string, productId: string): number | null;
  save(): StockMonitorState;
  restore(state: StockMonitorState): void;
}

interface Cell {
  onHand: number;
  out: boolean;
}

/**
 * Live stock-outs from the inventory stream, with the book of loaders/inventory/stockLevels.ts: a
 * `stock_count` sets the units on hand (a physical count resets the book), a `restock` adds, a
 * sale takes its quantity away (clamped at 0). A shelf is tracked from its first stock_count, so
 * without an inventory file nothing is tracked and nothing is raised. One alert when a shelf
 * reaches 0 (by a sale, or by a count of 0), worded and identified like the batch stock-out alert
 * (loaders/alerts/stockoutAlerts.ts: critical, "… is out of stock; a reorder takes N days"), timed
 * at the event that emptied it; it is raised again only after the shelf was above 0. Restocking
 * refunds are not added back live (that needs the refunded line, which the bridge does not keep).
 */
export function createStockMonitor({stores = new Map(), products = new Map(), defaultLeadTime = 7}: {stores?: Map<string, Store>; products?: Map<string, Product>; defaultLeadTime?: number} = {}): StockMonitor {
  const cells = new Map<string, Map<string, Cell>>();
  const storeNames = new Map([...stores].map(([id, s]) => [id, s.name]));

  function cellOf(storeId: string, productId: string): Cell | undefined {
    return cells.get(storeId)?.get(productId);
  }

  function out(storeId: string, productId: string, time: number): Alert {
    const product = products.get(productId);
    const row: InventoryRow = {
      storeId,
      productId,
      productName: product?.name ?? null,
      onHand: 0,
      basis: "stock_count",
      dailyDemand: 0,
      sigmaDaily: 0,
      daysLeft: 0,
      stockoutAt: time,
      leadTimeDays: product?.leadTimeDays ?? defaultLeadTime,
      safetyStock: 0,
      reorderPoint: 0,
      alert: "urgent",
      demandModel: "mean7" as InventoryRow["demandModel"],
      oversold: 0
    };
    const [alert] = stockoutAlerts([row], time, storeNames);
    // The batch alert's baseline is the forecast daily demand, which the bridge does not have.
    return {...alert, baseline: null};
  }

  function level(cell: Cell, storeId: string, productId: string, time: number): Alert | null {
    if (cell.onHand > 0) {
      cell.out = false;
      return null;
    }
    cell.onHand = 0;
    if (cell.out) return null;
    cell.out = true;
    return out(storeId, productId, time);
  }

  return {
    inventory(e) {
      let cell = cellOf(e.storeId, e.productId);
      if (e.type === "stock_count") {
        if (!cell) {
          let shelf = cells.get(e.storeId);
          if (!shelf) cells.set(e.storeId, (shelf = new Map()));
          shelf.set(e.productId, (cell = {onHand: e.quantity, out: false}));
        }
        cell.onHand = e.quantity;
      } else if (cell) cell.onHand += e.quantity;
      else return null;
      return level(cell, e.storeId, e.productId, e.time);
    },
    sale(e) {
      if (cells.size === 0) return null;
      const cell = cellOf(e.storeId, e.productId);
      if (!cell) return null;
      cell.onHand -= e.quantity;
      return level(cell, e.storeId, e.productId, e.time);
    },
    onHand: (storeId, productId) => cellOf(storeId, productId)?.onHand ?? null,
    save() {
      const state: StockMonitorState = [];
      for (const [storeId, shelf] of cells) for (const [productId, cell] of shelf) state.push([storeId, productId, cell.onHand, cell.out]);
      return state;
    },
    restore(state) {
      cells.clear();
      for (const [storeId, productId, onHand, isOut] of state) {
        let shelf = cells.get(storeId);
        if (!shelf) cells.set(storeId, (shelf = new Map()));
        shelf.set(productId, {onHand, out: isOut});
      }
    }
  };
}
