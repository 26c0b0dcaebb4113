// Customer segments (pulse segments: RFM, k-means, silhouette) → customers.arrow, clusters.arrow, silhouette.arrow.
import {commandArchive} from "../../loaders/aggregates/commandArchive.ts";
import {dataArgs} from "./dataDir.ts";

process.stdout.write(
  await commandArchive([
    {command: "segments", args: (dir) => [...dataArgs("transactions", "refunds"), "--out", dir]}
  ])
);
