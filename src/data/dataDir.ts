import {fileURLToPath} from "node:url";
import {join} from "node:path";

/** The sample data the loaders read: data/ at the project root, or PULSE_DATA_DIR. */
export const dataDir = process.env.PULSE_DATA_DIR ?? fileURLToPath(new URL("../../data/", import.meta.url));

export const dataFile = (name: string) => join(dataDir, name);
