// Framework runs this in plain node; the loader itself is segments.ts (see runTs.js for why).
import {runTs} from "./runTs.js";

await runTs("./segments.ts", ["ml-kmeans"]);
