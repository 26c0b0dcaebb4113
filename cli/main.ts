import {PulseError} from "../lib/errors.ts";
import {formatHelp, parseOptions, type Command} from "./args.ts";

/** Subcommands, loaded lazily so `pulse generate` does not pay for DuckDB or ws. */
const commands: Record<string, () => Promise<{command: Command}>> = {
  generate: () => import("./commands/generate.ts"),
  aggregate: () => import("./commands/aggregate.ts"),
  serve: () => import("./commands/serve.ts"),
  segments: () => import("./commands/segments.ts"),
  rules: () => import("./commands/rules.ts"),
  forecast: () => import("./commands/forecast.ts"),
  alerts: () => import("./commands/alerts.ts"),
  hardware: () => import("./commands/hardware.ts")
};

const usage = `usage: pulse <command> [options]

commands:
  generate   write a deterministic sample data set (stores, products, transactions, refunds, inventory)
  aggregate  run the windowing engine in batch over CSV files and write Arrow tables
  serve      replay CSV files as a live stream and serve aggregates over HTTP and WebSocket
  segments   RFM scores, named segments and k-means clusters of customers
  rules      market-basket association rules (FP-growth)
  forecast   stock levels, random-forest demand forecasts and stock-out alerts
  alerts     business alerts: slow products, weak stores, anomalous windows, stock-outs
  hardware   sample this machine's CPU, memory, disk, network, GPU and temperatures

Run 'pulse <command> --help' for a command's options.
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage);
    return name === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(`pulse: unknown command ${JSON.stringify(name)} (run 'pulse --help')\n`);
    return 2;
  }
  let command: Command;
  try {
    ({command} = await load());
  } catch (error) {
    process.stderr.write(`pulse ${name}: not available in this build (${(error as Error).message})\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(formatHelp(command));
    return 0;
  }
  try {
    const {options, positionals} = parseOptions(rest, command.options);
    if (positionals.length) throw new PulseError("E_BAD_OPTION", `unexpected argument ${JSON.stringify(positionals[0])} (every argument is an --option; see pulse ${name} --help)`);
    return (await command.run(options, positionals)) ?? 0;
  } catch (error) {
    if (error instanceof PulseError) {
      process.stderr.write(`pulse ${name}: ${error.message}\n`);
      return error.code === "E_BAD_OPTION" || error.code === "E_BAD_COMMAND" ? 2 : 1;
    }
    throw error;
  }
}
