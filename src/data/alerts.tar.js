// Framework runs this in plain node; the loader itself is alerts.ts (see runTs.js for why).
import {runTs} from "./runTs.js";

await runTs("./alerts.ts", ["ml-random-forest"]);
