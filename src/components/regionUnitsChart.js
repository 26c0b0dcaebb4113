import * as Plot from "npm:@observablehq/plot";

/** One bar per region: units sold. `rows` come from SQL, so sums must be cast to numbers there. */
export function regionUnitsChart(rows, {width, height} = {}) {
  return Plot.plot({
    width,
    height,
    marginLeft: 80,
    x: {grid: true, label: "Units sold"},
    y: {label: null},
    marks: [
      Plot.barX(rows, {x: "units", y: "region", fill: "region", sort: {y: "-x"}, tip: true}),
      Plot.text(rows, {x: "units", y: "region", text: (d) => `${d.units.toLocaleString("en-US")} units`, textAnchor: "end", dx: -6, fill: "white"}),
      Plot.ruleX([0])
    ]
  });
}
