import {tableToIPC} from "apache-arrow";
import {makeTable, type Columns} from "../io/arrow.ts";
import {readSalesCubeInWorker} from "./readSalesCubeInWorker.ts";
import {batchAggregates, DEFAULT_BRIDGE_URL, liveSnapshot, toIpcStream} from "./snapshot.ts";
import {tarArchive, type TarEntry} from "./tarArchive.ts";

export interface AggregatesOptions {
  /** Folder of the sample CSVs. */
  dataDir: string;
  /** Bridge HTTP base; null skips the live attempt. */
  bridge?: string | null;
  token?: string;
  log?: (message: string) => void;
}

/**
 * Everything the workbench's sales pages read, as one tar of Arrow IPC streams (docs/pages.md):
 * - windows, totals, kpis, late, rejects: the bridge's live state when one answers, else the same
 *   tables from the batch engine (metadata `source` says which);
 * - hourly, daily: engine windows per dimension at 1 h and 1 d (batch, whole data);
 * - sales_daily, transactions_hourly, products_daily, refunds_daily, stores, products: the
 *   cross-dimensional tables behind the filters (loaders/aggregates/salesCube.ts).
 */
export async function aggregatesArchive({dataDir, bridge = DEFAULT_BRIDGE_URL, token, log = () => {}}: AggregatesOptions): Promise<{bytes: Uint8Array; source: "live" | "batch"}> {
  const live = bridge ? await liveSnapshot(bridge, {token}) : null;
  log(live ? `snapshot: live state of the bridge at ${bridge}` : `snapshot: no bridge${bridge ? ` at ${bridge}` : ""}; batch engine over ${dataDir}`);
  // The sales cube on its own thread while the engines run here; one read of the data for the time
  // series and, without a bridge, the snapshot.
  const pendingCube = readSalesCubeInWorker(dataDir, log);
  pendingCube.catch(() => {}); // awaited below; a failure must not go unhandled while the engines run
  const series = await batchAggregates(dataDir, {snapshot: live ? undefined : {}});
  const snapshot = live ?? series.snapshot!;
  const entries: TarEntry[] = Object.entries(snapshot.tables).map(([name, bytes]) => ({name: `${name}.arrow`, bytes: toIpcStream(bytes)}));
  entries.push({name: "hourly.arrow", bytes: toIpcStream(series.hourly)}, {name: "daily.arrow", bytes: toIpcStream(series.daily)});
  log("time series: hourly and daily windows written");
  const cube = await pendingCube;
  const meta = {source: "batch", asOf: cube.asOf, inputRows: cube.inputRows, rejected: cube.rejected};
  const stream = (columns: Columns, grain: string) => tableToIPC(makeTable(columns, {...meta, parameters: {grain}}), "stream");
  entries.push(
    {name: "sales_daily.arrow", bytes: stream(cube.salesDaily, "day × store × category × payment")},
    {name: "transactions_hourly.arrow", bytes: stream(cube.transactionsHourly, "hour × store × payment")},
    {name: "products_daily.arrow", bytes: stream(cube.productsDaily, "day × store × product")},
    {name: "refunds_daily.arrow", bytes: stream(cube.refundsDaily, "day × store × product × reason")},
    {name: "stores.arrow", bytes: stream(cube.stores, "store")},
    {name: "products.arrow", bytes: stream(cube.products, "product")}
  );
  return {bytes: tarArchive(entries), source: snapshot.source};
}
