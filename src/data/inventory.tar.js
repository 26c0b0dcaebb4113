// Framework runs this in plain node; the loader itself is inventory.ts (see runTs.js for why).
import {runTs} from "./runTs.js";

await runTs("./inventory.ts", ["ml-random-forest"]);
