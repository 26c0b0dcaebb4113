/**
 * The data is valid but covers too few days for the analysis asked (a backtest, a forecast origin):
 * callers that can do without it (alerts, the site's inventory page) tell it apart from a bug.
 */
export class ShortHistoryError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "ShortHistoryError";
  }
}
