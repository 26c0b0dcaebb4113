// Business alerts (pulse alerts: slow products, weak stores, revenue spikes and drops, stock-outs) → alerts.arrow.
import {commandArchive} from "../../loaders/aggregates/commandArchive.ts";
import {dataArgs} from "./dataDir.ts";

process.stdout.write(
  await commandArchive([
    {
      command: "alerts",
      args: (dir) => [
        ...dataArgs("transactions", "refunds", "inventory", "stores", "products"), "--out", `${dir}/alerts.arrow`
      ]
    }
  ])
);
