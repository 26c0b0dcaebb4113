// The sales aggregates (loaders/aggregates/aggregatesArchive.ts): the bridge's live snapshot when one
// answers at BRIDGE_URL (default http://127.0.0.1:8787), else the batch engine over data/ (or
// PULSE_DATA_DIR); plus hourly/daily windows and the filter tables. Pages read data/aggregates/<table>.arrow.
import {aggregatesArchive} from "../../loaders/aggregates/aggregatesArchive.ts";
import {dataDir} from "./dataDir.ts";

const bridge = process.env.BRIDGE_URL === "off" ? null : (process.env.BRIDGE_URL ?? undefined);
const log = (message: string) => process.stderr.write(`aggregates: ${message}\n`);
process.stdout.write((await aggregatesArchive({dataDir, bridge, token: process.env.BRIDGE_TOKEN, log})).bytes);
