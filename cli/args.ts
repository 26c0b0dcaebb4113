import {badOption, PulseError} from "../lib/errors.ts";
import {parseDuration} from "../lib/duration.ts";

/** One option of a subcommand. `type` decides how the text is checked and converted. */
export interface OptionSpec {
  type: "string" | "number" | "integer" | "boolean" | "duration" | "choice";
  help: string;
  default?: string | number | boolean;
  required?: boolean;
  choices?: readonly string[];
  /** For number/integer: inclusive bounds. */
  min?: number;
  max?: number;
  /** Option takes a placeholder name in help, e.g. FILE. */
  arg?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;
export type ParsedOptions = Record<string, string | number | boolean | undefined>;

export interface Command {
  name: string;
  summary: string;
  /** Extra lines shown under --help (examples, notes). */
  details?: string;
  options: OptionSpecs;
  run(options: ParsedOptions, positionals: string[]): Promise<number | void>;
}

/** Parses `--name value`, `--name=value` and `--flag`; rejects unknown options by name. */
export function parseOptions(argv: readonly string[], specs: OptionSpecs): {options: ParsedOptions; positionals: string[]} {
  const options: ParsedOptions = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = specs[name];
    if (!spec) throw new PulseError("E_BAD_OPTION", `unknown option --${name}`);
    if (spec.type === "boolean") {
      options[name] = eq < 0 ? true : parseBoolean(name, arg.slice(eq + 1));
      continue;
    }
    let value: string | undefined = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq < 0 && value.startsWith("--"))) throw new PulseError("E_BAD_OPTION", `missing value for --${name}`);
    options[name] = convert(name, value, spec);
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (options[name] !== undefined) continue;
    if (spec.default !== undefined) options[name] = typeof spec.default === "string" ? convert(name, spec.default, spec) : spec.default;
    else if (spec.required) throw new PulseError("E_BAD_OPTION", `missing required option --${name}`);
  }
  return {options, positionals};
}

function parseBoolean(name: string, value: string): boolean {
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw badOption(name, value, "true or false");
}

function convert(name: string, value: string, spec: OptionSpec): string | number {
  switch (spec.type) {
    case "string":
      return value;
    case "choice":
      if (!spec.choices?.includes(value)) throw badOption(name, value, `one of ${spec.choices?.join(", ")}`);
      return value;
    case "duration":
      try {
        return parseDuration(value);
      } catch {
        throw badOption(name, value, "a duration such as 500ms, 10s, 1m, 2h, 7d");
      }
    case "number":
    case "integer": {
      const n = value.trim() === "" ? NaN : Number(value);
      if (!Number.isFinite(n) || (spec.type === "integer" && !Number.isInteger(n))) throw badOption(name, value, spec.type === "integer" ? "an integer" : "a number");
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
        throw badOption(name, value, `${spec.min ?? "-∞"} to ${spec.max ?? "∞"}`);
      }
      return n;
    }
    default:
      return value;
  }
}

export function formatHelp(command: Command): string {
  const lines = [`usage: pulse ${command.name} [options]`, "", command.summary, "", "options:"];
  const rows = Object.entries(command.options).map(([name, spec]) => {
    const flag = `--${name}${spec.type === "boolean" ? "" : ` ${spec.arg ?? (spec.type === "choice" ? spec.choices?.join("|") : spec.type.toUpperCase())}`}`;
    const extra = spec.required ? " (required)" : spec.default !== undefined ? ` (default ${spec.default})` : "";
    return [flag, spec.help + extra] as const;
  });
  rows.push(["--help", "show this help"]);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  for (const [flag, help] of rows) lines.push(`  ${flag.padEnd(width)}  ${help}`);
  if (command.details) lines.push("", command.details.trim());
  return lines.join("\n") + "\n";
}
