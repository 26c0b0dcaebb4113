// Worker-thread entry of batch parsing: sources are TypeScript run through tsx, as bin/pulse.js does.
import {register} from "tsx/esm/api";
register();
await import("./parseWorker.ts");
