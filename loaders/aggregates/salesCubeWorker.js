// Worker-thread entry of readSalesCubeInWorker: salesCubeWorker.ts from its cached esbuild bundle, as
// bin/pulse.js runs cli/main.ts (no TypeScript loader in this thread unless the bundle cannot be built).
import {importBundled} from "../../bin/importBundled.js";
await importBundled(new URL("./salesCubeWorker.ts", import.meta.url));
