// Stock levels, random-forest demand forecasts and the backtest (pulse forecast) → inventory.arrow,
// forecast.arrow, backtest.arrow.
import {commandArchive} from "../../loaders/aggregates/commandArchive.ts";
import {dataFile} from "./dataDir.ts";

process.stdout.write(
  await commandArchive([
    {
      command: "forecast",
      args: (dir) => [
        "--transactions", dataFile("transactions.csv"), "--inventory", dataFile("inventory.csv"),
        "--products", dataFile("product_catalog.csv"), "--refunds", dataFile("refunds.csv"), "--out", dir
      ]
    }
  ])
);
