import * as Plot from "npm:@observablehq/plot";

/** One bar per region: gross sales, labelled with the number of transaction lines. */
export function regionSalesChart(rows, {width, height} = {}) {
  return Plot.plot({
    width,
    height,
    marginLeft: 80,
    x: {grid: true, label: "Gross sales", tickFormat: "~s"},
    y: {label: null},
    marks: [
      Plot.barX(rows, {x: "revenue", y: "region", fill: "region", sort: {y: "-x"}, tip: true}),
      Plot.text(rows, {x: "revenue", y: "region", text: (d) => `${d.lines.toLocaleString("en-US")} lines`, textAnchor: "end", dx: -6, fill: "white"}),
      Plot.ruleX([0])
    ]
  });
}
