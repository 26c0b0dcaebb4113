// Framework runs this in plain node; the loader itself is baskets.ts (see runTs.js for why).
import {runTs} from "./runTs.js";

await runTs("./baskets.ts", []);
