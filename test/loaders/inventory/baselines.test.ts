import {describe, expect, it} from "vitest";
import {lastWeekForecast, mae, mean7Forecast} from "../../../loaders/inventory/baselines.ts";

const y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 1, 1, 1, 1, 1, 1, 1];

describe("baselines", () => {
  it("mean7 repeats the mean of the 7 days before the origin", () => {
    expect(Array.from(mean7Forecast(y, 7, 3))).toEqual([4, 4, 4]);
    expect(Array.from(mean7Forecast(y, 10, 2))).toEqual([7, 7]);
  });

  it("lastweek repeats the last observed week", () => {
    expect(Array.from(lastWeekForecast(y, 7, 3))).toEqual([1, 2, 3]);
    // Origin 10: last week is y[3..9] = 4…10; day 17 (h = 7) wraps to y[3] again.
    expect(Array.from(lastWeekForecast(y, 10, 8))).toEqual([4, 5, 6, 7, 8, 9, 10, 4]);
  });

  it("MAEs on a hand-computed example", () => {
    const actual = y.slice(7, 10); // 8, 9, 10
    expect(mae(mean7Forecast(y, 7, 3), actual)).toBe(5); // (4 + 5 + 6) / 3
    expect(mae(lastWeekForecast(y, 7, 3), actual)).toBe(7); // (7 + 7 + 7) / 3
  });

  it("needs a week of history and equal lengths", () => {
    expect(() => mean7Forecast(y, 6, 1)).toThrow(/7 days of history, got 6/);
    expect(() => mae([1], [1, 2])).toThrow(/1 predictions for 2 actuals/);
  });
});
