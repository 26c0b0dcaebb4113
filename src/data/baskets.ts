// Market-basket rules (pulse rules, FP-growth) by product and by category → rules.arrow, itemsets.arrow,
// category_rules.arrow. Thresholds are low on purpose: the baskets page filters them with sliders.
import {commandArchive} from "../../loaders/aggregates/commandArchive.ts";
import {dataArgs} from "./dataDir.ts";

const common = [...dataArgs("transactions", "products"), "--max-length", "3"];
process.stdout.write(
  await commandArchive([
    {command: "rules", args: (dir) => [...common, "--min-support", "0.001", "--min-confidence", "0.05", "--out", `${dir}/rules.arrow`, "--itemsets", `${dir}/itemsets.arrow`]},
    {command: "rules", args: (dir) => [...common, "--by", "category", "--min-support", "0.005", "--min-confidence", "0.05", "--out", `${dir}/category_rules.arrow`]}
  ])
);
