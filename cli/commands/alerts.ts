import {mkdir, writeFile} from "node:fs/promises";
import {dirname} from "node:path";
import {PulseError} from "../../lib/errors.ts";
import type {Alert} from "../../loaders/alerts/alert.ts";
import {alertColumns} from "../../loaders/alerts/alertColumns.ts";
import {ALERT_DEFAULTS, businessAlerts} from "../../loaders/alerts/businessAlerts.ts";
import {ANOMALY_DEFAULTS, windowRevenue} from "../../loaders/alerts/revenueAnomalies.ts";
import {toArrow} from "../../loaders/io/arrow.ts";
import {forecastInventory, FORECAST_DEFAULTS, type ForecastResult} from "../../loaders/inventory/forecastInventory.ts";
import {readInputs} from "../../loaders/inventory/readInputs.ts";
import type {Command, ParsedOptions} from "../args.ts";
import {mappingOption, readMappingOption} from "../inputFiles.ts";
import {ShortHistoryError} from "../../loaders/inventory/shortHistory.ts";

const HOUR = 3_600_000;
// Like the site's hourly charts (loaders/aggregates/snapshot.ts timeSeries): nothing is left out as late.
const LATENESS_MS = 3650 * 86_400_000;

export const command: Command = {
  name: "alerts",
  summary: "business alerts: slow products, weak stores, revenue spikes and drops, forecast stock-outs",
  details: `
Writes one Arrow table, one row per alert: id, severity (critical, warning, info), kind
(slow_product, weak_store, revenue_spike, revenue_drop, stockout), subject, message, value,
threshold, baseline, time. Weak stores need --stores (size_sqft); stock-outs need --inventory (they
run the same forecast as 'pulse forecast' with its defaults). Hourly revenue is the engine's hourly
windows (summed from the lines read, as the engine sums them with nothing late). Thresholds: docs/analytics-forecast-alerts.md.

example:
  pulse alerts --transactions data/transactions.csv --refunds data/refunds.csv --inventory data/inventory.csv \\
    --stores data/store_locations.csv --products data/product_catalog.csv --out /tmp/alerts.arrow`,
  options: {
    transactions: {type: "string", arg: "FILE", required: true, help: "transactions.csv"},
    refunds: {type: "string", arg: "FILE", help: "refunds.csv (resellable returns go back into stock)"},
    inventory: {type: "string", arg: "FILE", help: "inventory.csv: enables stock-out alerts and in-stock checks"},
    stores: {type: "string", arg: "FILE", help: "store_locations.csv: names and size_sqft (weak-store alerts)"},
    products: {type: "string", arg: "FILE", help: "product_catalog.csv: names, starting stock, lead times"},
    mapping: mappingOption,
    "slow-days": {type: "integer", default: SLOW_DEFAULT_DAYS(), min: 1, max: 365, help: "look-back for slow products, days"},
    "weak-z": {type: "number", default: ALERT_DEFAULTS.weakStore.warningZ, max: 0, help: "revenue/sq ft z against peers at or below which a store is weak"},
    "anomaly-score": {type: "number", default: ANOMALY_DEFAULTS.warningScore, min: 1, help: "robust score at or above which a window is a spike or drop"},
    trees: {type: "integer", default: FORECAST_DEFAULTS.trees, min: 1, max: 2000, help: "trees of the stock-out forecast"},
    seed: {type: "integer", default: FORECAST_DEFAULTS.seed, min: 0, max: 2 ** 31 - 1, help: "forest seed"},
    out: {type: "string", arg: "FILE", required: true, help: "alerts.arrow to write"}
  },
  run
};

function SLOW_DEFAULT_DAYS(): number {
  return ALERT_DEFAULTS.slow.days ?? 7;
}

async function run(options: ParsedOptions): Promise<number> {
  const started = performance.now();
  const log = (line: string) => process.stderr.write(`alerts: ${line}\n`);
  const paths = {
    transactions: options.transactions as string,
    refunds: options.refunds as string | undefined,
    inventory: options.inventory as string | undefined,
    stores: options.stores as string | undefined,
    products: options.products as string | undefined,
    mapping: await readMappingOption(options)
  };
  const input = await readInputs(paths, log);
  if (!input.sales.length) throw new PulseError("E_BAD_INPUT", `no valid sale in ${paths.transactions}${input.hints.transactions ? ` (hint: ${input.hints.transactions})` : ""}`);
  const read = performance.now();

  // The engine's hourly windows (all, store) with nothing late are sums of sale amounts per hour, so
  // they are summed from the lines already read rather than parsing transactions.csv again through
  // the engine (half of this command's time on 1M lines). Lines the engine rejects when given the
  // dimension files (unknown store or product) are left out as it leaves them out;
  // test/loaders/alerts/windowRevenue.test.ts checks the sums against the engine.
  const known = input.sales.filter((s) => (!input.stores || input.stores.has(s.storeId)) && (!input.products || input.products.has(s.productId)));
  const hourly = windowRevenue(known, HOUR);
  const windowed = performance.now();

  let asOf = -Infinity;
  for (const list of [input.sales, input.refunds, input.inventory] as {time: number}[][]) for (const e of list) if (e.time > asOf) asOf = e.time;

  let forecast: ForecastResult | undefined;
  // Alert kinds this data cannot give, and why: logged, and kept in the file's metadata for the page.
  const skipped: string[] = [];
  const skip = (reason: string) => {
    skipped.push(reason);
    log(`no ${reason}`);
  };
  if (paths.inventory) {
    try {
      forecast = forecastInventory(input, {trees: options.trees as number, seed: options.seed as number});
    } catch (error) {
      // Too little history for the forecast's backtest: the other alerts still stand.
      if (!(error instanceof ShortHistoryError)) throw error;
      skip(`stock-out alerts: ${error.message}`);
    }
    if (forecast && forecast.verdict !== "forest_better") log(`stock-out forecast: the forest does NOT beat the better baseline in its backtest (${forecast.verdict})`);
  } else skip("stock-out alerts: no --inventory (slow products are judged without stock)");
  if (!paths.stores) skip("weak-store alerts: no --stores (they need size_sqft)");
  const forecasted = performance.now();

  const parameters = {
    slow: {...ALERT_DEFAULTS.slow, days: options["slow-days"] as number},
    weakStore: {...ALERT_DEFAULTS.weakStore, warningZ: options["weak-z"] as number, criticalZ: Math.min(options["weak-z"] as number, ALERT_DEFAULTS.weakStore.criticalZ)},
    anomalies: {hourly: {warningScore: options["anomaly-score"] as number}, daily: {warningScore: options["anomaly-score"] as number}}
  };
  const alerts = businessAlerts({sales: input.sales, hourly, stores: input.stores, products: input.products, inventory: forecast?.inventory, asOf}, parameters);
  const counts = count(alerts);
  log(`${alerts.length} alerts: ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(", ") || "none"}`);
  for (const a of alerts.filter((a) => a.severity === "critical").slice(0, 5)) log(`critical: ${a.message}`);

  const out = options.out as string;
  await mkdir(dirname(out), {recursive: true});
  await writeFile(
    out,
    toArrow(alertColumns(alerts), {
      source: "batch",
      asOf,
      inputRows: input.inputRows,
      parameters: {...parameters, windowMs: HOUR, latenessMs: LATENESS_MS, anomalyDefaults: ANOMALY_DEFAULTS, forecast: paths.inventory ? {...FORECAST_DEFAULTS, trees: options.trees, seed: options.seed} : null},
      rejects: input.rejects,
      counts,
      forecast_verdict: forecast?.verdict ?? "",
      skipped
    })
  );
  const done = performance.now();
  const s = (a: number, b: number) => ((b - a) / 1000).toFixed(2);
  log(`read ${input.sales.length} sale lines in ${s(started, read)} s, hourly windows in ${s(read, windowed)} s, forecast in ${s(windowed, forecasted)} s, alerts in ${s(forecasted, done)} s`);
  process.stdout.write(`${out}\n`);
  return 0;
}

function count(alerts: Alert[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of alerts) counts[`${a.kind}/${a.severity}`] = (counts[`${a.kind}/${a.severity}`] ?? 0) + 1;
  return counts;
}
