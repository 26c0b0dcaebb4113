// Daily gross sales by region for the landing page (logic in loaders/landing/dailyRevenue.ts).
// Reads the sample CSVs in data/, or the folder named by PULSE_DATA_DIR.
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {dailyRevenue, dailyRevenueArrow} from "../../loaders/landing/dailyRevenue.ts";

const dir = process.env.PULSE_DATA_DIR ?? fileURLToPath(new URL("../../data/", import.meta.url));
const [transactions, stores] = await Promise.all(["transactions.csv", "store_locations.csv"].map((file) => readFile(join(dir, file), "utf-8")));
process.stdout.write(dailyRevenueArrow(dailyRevenue(transactions, stores)));
