// Worker-thread entry of batch parsing: parseWorker.ts from its cached esbuild bundle, as bin/pulse.js
// runs cli/main.ts (no TypeScript loader in this thread unless the bundle cannot be built).
import {importBundled} from "../../bin/importBundled.js";
await importBundled(new URL("./parseWorker.ts", import.meta.url));
