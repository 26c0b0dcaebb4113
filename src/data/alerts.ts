// Business alerts (pulse alerts: slow products, weak stores, revenue spikes and drops, stock-outs) → alerts.arrow.
import {commandArchive} from "../../loaders/aggregates/commandArchive.ts";
import {dataFile} from "./dataDir.ts";

process.stdout.write(
  await commandArchive([
    {
      command: "alerts",
      args: (dir) => [
        "--transactions", dataFile("transactions.csv"), "--refunds", dataFile("refunds.csv"), "--inventory", dataFile("inventory.csv"),
        "--stores", dataFile("store_locations.csv"), "--products", dataFile("product_catalog.csv"), "--out", `${dir}/alerts.arrow`
      ]
    }
  ])
);
