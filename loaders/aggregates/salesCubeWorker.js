// Worker-thread entry of readSalesCubeInWorker: sources are TypeScript run through tsx, as bin/pulse.js does.
import {register} from "tsx/esm/api";
register();
await import("./salesCubeWorker.ts");
