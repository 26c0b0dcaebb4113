import * as Plot from "npm:@observablehq/plot";

/** Gross sales per UTC day, stacked by region. `data` has day (epoch ms), region and revenue columns. */
export function dailySalesChart(data, {width, height = 300} = {}) {
  return Plot.plot({
    width,
    height,
    marginLeft: 60,
    x: {type: "utc", label: null},
    y: {grid: true, label: "Gross sales", tickFormat: "~s"},
    color: {legend: true, label: "Region"},
    marks: [
      Plot.rectY(data, {x: "day", interval: "day", y: "revenue", fill: "region", tip: true}),
      Plot.ruleY([0])
    ]
  });
}
