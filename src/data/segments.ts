// Customer segments (pulse segments: RFM, k-means, silhouette) → customers.arrow, clusters.arrow, silhouette.arrow.
import {commandArchive} from "../../loaders/aggregates/commandArchive.ts";
import {dataFile} from "./dataDir.ts";

process.stdout.write(
  await commandArchive([
    {command: "segments", args: (dir) => ["--transactions", dataFile("transactions.csv"), "--refunds", dataFile("refunds.csv"), "--out", dir]}
  ])
);
