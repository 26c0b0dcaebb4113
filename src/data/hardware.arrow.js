// Framework runs this in plain node; the loader itself is hardware.ts (see runTs.js for why).
import {runTs} from "./runTs.js";

await runTs("./hardware.ts", ["systeminformation"]);
