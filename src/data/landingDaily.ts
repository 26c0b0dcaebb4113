// Daily gross sales by region for the landing page (logic in loaders/landing/dailyRevenue.ts).
// Reads the sample data in data/, or the folder named by PULSE_DATA_DIR (with its mapping.json).
import {dailyRevenue, dailyRevenueArrow} from "../../loaders/landing/dailyRevenue.ts";
import {dataInputs} from "../../cli/inputFiles.ts";
import {dataDir} from "./dataDir.ts";

process.stdout.write(dailyRevenueArrow(await dailyRevenue(dataInputs(dataDir))));
