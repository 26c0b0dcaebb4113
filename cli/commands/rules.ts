import {mkdir, readFile, writeFile} from "node:fs/promises";
import {dirname} from "node:path";
import {badOption, PulseError} from "../../lib/errors.ts";
import {itemsetsColumns, rulesColumns} from "../../loaders/baskets/rulesColumns.ts";
import {parseBaskets} from "../../loaders/baskets/parseBaskets.ts";
import {readSaleLines} from "../../loaders/baskets/readSaleLines.ts";
import {rules} from "../../loaders/baskets/rules.ts";
import {transactionBaskets} from "../../loaders/baskets/transactionBaskets.ts";
import {UNKNOWN_KEY} from "../../stream-bridge/engine/types.ts";
import {toArrow} from "../../loaders/io/arrow.ts";
import {readDimensions} from "../../stream-bridge/ingest/dimensions.ts";
import type {Command, ParsedOptions} from "../args.ts";
import {mappingOption, readMappingOption} from "../inputFiles.ts";
import type {Mapping} from "../../stream-bridge/ingest/mapping.ts";

export const command: Command = {
  name: "rules",
  summary: "market-basket association rules (FP-growth) from transactions or a basket file, written as Arrow",
  details: `
Exactly one of --transactions and --baskets. A basket file has one basket per line, items separated
by commas (CSV quoting allowed). Supports and confidences are exact decimals: --min-support 0.07 over
100 baskets means 7 baskets. Rules come sorted by lift, then confidence, then count.

examples:
  pulse rules --baskets ../shared/data/groceries.csv --min-support 0.001 --out /tmp/rules.arrow
  pulse rules --transactions data/transactions.csv --by category --products data/product_catalog.csv --out rules.arrow`,
  options: {
    transactions: {type: "string", arg: "FILE", help: "transactions.csv: one basket per transaction_id (distinct products)"},
    baskets: {type: "string", arg: "FILE", help: "basket file: one basket per line, comma-separated items"},
    "min-support": {type: "number", default: 0.01, help: "minimum support, a fraction of baskets in (0, 1]"},
    "min-confidence": {type: "number", default: 0.5, min: 0, max: 1, help: "minimum confidence"},
    "max-consequent": {type: "integer", default: 1, min: 1, help: "largest consequent (items)"},
    "max-length": {type: "integer", default: 10, min: 2, help: "largest itemset, antecedent + consequent (arules' default 10)"},
    by: {type: "choice", choices: ["product", "category"], default: "product", help: "items are products or their categories"},
    products: {type: "string", arg: "FILE", help: "product_catalog.csv: categories for --by category (without it: the transactions file's category column)"},
    mapping: mappingOption,
    out: {type: "string", arg: "FILE", required: true, help: "rules.arrow to write"},
    itemsets: {type: "string", arg: "FILE", help: "also write the frequent itemsets here (itemsets.arrow)"}
  },
  run
};

async function run(options: ParsedOptions): Promise<number> {
  const started = performance.now();
  const transactions = options.transactions as string | undefined;
  const basketFile = options.baskets as string | undefined;
  const minSupport = options["min-support"] as number;
  const by = options.by as "product" | "category";
  const products = options.products as string | undefined;
  if (!transactions === !basketFile) throw new PulseError("E_BAD_OPTION", transactions ? "--transactions and --baskets cannot be combined" : "missing required option --transactions or --baskets");
  if (!(minSupport > 0 && minSupport <= 1)) throw badOption("min-support", String(minSupport), "a fraction in (0, 1]");
  if (by === "category" && basketFile) throw new PulseError("E_BAD_OPTION", "--by category applies to --transactions, not --baskets");

  let baskets: string[][];
  let inputRows: Record<string, number>;
  let asOf: number | null = null;
  if (basketFile) {
    baskets = parseBaskets(await readText(basketFile, "basket"));
    inputRows = {baskets: baskets.length};
  } else {
    const mapping = await readMappingOption(options);
    const {lines, categories, asOf: latest, read} = await readSaleLines(transactions!, mapping);
    // Categories: the catalog's, else the transactions file's own category column (first line of a product decides).
    let categoryOf: Map<string, string> | undefined;
    if (by === "category") categoryOf = products ? await readCategories(products, mapping) : inlineCategories(categories);
    asOf = latest;
    if (read.rejects) process.stderr.write(`rules: ${read.rejects} of ${read.rowsRead} transaction rows rejected (${read.reasons})\n`);
    if (read.hint) process.stderr.write(`rules: hint: ${read.hint}\n`);
    const grouped = transactionBaskets(lines, categoryOf);
    if (grouped.unmapped.size) {
      const total = [...grouped.unmapped.values()].reduce((a, b) => a + b, 0);
      process.stderr.write(`rules: ${total} lines of ${grouped.unmapped.size} products not in the catalog were left out (e.g. ${[...grouped.unmapped.keys()].slice(0, 3).join(", ")})\n`);
    }
    baskets = grouped.baskets;
    inputRows = {transactions: read.rowsRead};
  }
  const loaded = performance.now();

  const parameters = {
    minSupport,
    minConfidence: options["min-confidence"] as number,
    maxConsequent: options["max-consequent"] as number,
    maxLength: options["max-length"] as number,
    by: basketFile ? "item" : by
  };
  const result = rules(baskets, parameters);
  const mined = performance.now();

  const metadata = {
    source: "batch",
    asOf,
    inputRows,
    parameters,
    baskets: String(result.n),
    min_count: String(result.minCount),
    itemsets: String(result.itemsets.length),
    rules: String(result.rules.length)
  };
  await write(options.out as string, toArrow(rulesColumns(result.rules), metadata));
  if (options.itemsets) await write(options.itemsets as string, toArrow(itemsetsColumns(result.itemsets, result.n), metadata));
  const items = result.itemsets.filter((s) => s.items.length === 1).length;
  const seconds = (t: number) => (t / 1000).toFixed(2);
  process.stderr.write(
    `rules: ${result.n} baskets, ${items} frequent items (min count ${result.minCount}), ${result.itemsets.length} itemsets, ${result.rules.length} rules; ` +
      `mining ${seconds(mined - loaded)} s, total ${seconds(performance.now() - started)} s\n`
  );
  return 0;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new PulseError("E_IO", `cannot read ${what} file ${path}: ${(error as Error).message}`);
  }
}

/** product_id → category through the bridge's dimension reader (same mapping and validation as ingest). */
/**
 * Without a catalog: each product's category from the sales file's category column at its first line,
 * as the engine decides it; "unknown" when that cell is empty or there is no such column (said on stderr).
 */
function inlineCategories(categories: Map<string, string | null>): Map<string, string> {
  const categoryOf = new Map<string, string>();
  let unknown = 0;
  for (const [productId, category] of categories) {
    categoryOf.set(productId, category ?? UNKNOWN_KEY);
    if (category === null) ++unknown;
  }
  if (unknown) process.stderr.write(`rules: ${unknown} products in category ${UNKNOWN_KEY} (no --products, and no category on their first line in the transactions file)\n`);
  return categoryOf;
}

async function readCategories(path: string, mapping: Mapping | undefined): Promise<Map<string, string>> {
  const {products, rejects} = await readDimensions({products: path}, {mapping});
  if (rejects.length) process.stderr.write(`rules: ${rejects.length} product catalog rows rejected (first: line ${rejects[0].line}, ${rejects[0].reason})\n`);
  return new Map(Array.from(products ?? [], ([id, product]) => [id, product.category]));
}

async function write(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), {recursive: true});
  await writeFile(path, bytes);
}
