// Stock levels, random-forest demand forecasts and the backtest (pulse forecast) → inventory.arrow,
// forecast.arrow, backtest.arrow; empty tables saying why when the data cannot give them (too few days).
import {commandArchive} from "../../loaders/aggregates/commandArchive.ts";
import {unavailableForecast} from "../../loaders/inventory/forecastColumns.ts";
import {dataArgs} from "./dataDir.ts";

process.stdout.write(
  await commandArchive([
    {
      command: "forecast",
      args: (dir) => [...dataArgs("transactions", "inventory", "products", "refunds"), "--out", dir],
      unavailable: unavailableForecast
    }
  ])
);
