#!/usr/bin/env node
// The `pulse` command. Sources are TypeScript with no build step: cli/main.ts runs from an esbuild
// bundle cached (and rebuilt whenever a source changes) by importBundled, or through tsx if it cannot be.
import {importBundled} from "./importBundled.js";
const {main} = await importBundled(new URL("../cli/main.ts", import.meta.url));
process.exitCode = await main(process.argv.slice(2));
