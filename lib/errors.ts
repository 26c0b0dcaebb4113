/** Stable error codes; a code never changes meaning once published. */
export type ErrorCode =
  | "E_BAD_OPTION" // a command-line option or config value is invalid
  | "E_BAD_COMMAND" // unknown subcommand
  | "E_BAD_ROW" // a data row could not be turned into an event
  | "E_BAD_INPUT" // a whole input (file, mapping) is unusable
  | "E_SHORT_HISTORY" // the input is valid but covers too few days for the analysis (a forecast's backtest)
  | "E_IO" // a file or network operation failed
  | "E_PROTOCOL" // a malformed wire message
  | "E_LIMIT" // a configured limit was reached
  | "E_NOT_FOUND" // HTTP: no such path or table
  | "E_UNAUTHORIZED" // HTTP/WS: missing or wrong bearer token
  | "E_METHOD"; // HTTP: method other than GET/HEAD/OPTIONS

export class PulseError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "PulseError";
    this.code = code;
  }
}

/** An invalid option: the message names the option and the bad value. */
export function badOption(name: string, value: unknown, expected?: string): PulseError {
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  return new PulseError("E_BAD_OPTION", `invalid --${name}: ${shown}${expected ? ` (expected ${expected})` : ""}`);
}
