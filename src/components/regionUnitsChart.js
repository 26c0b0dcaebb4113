import * as Plot from "npm:@observablehq/plot";

/** One bar per region: units sold. `rows` come from SQL, so sums must be cast to numbers there. */
export function regionUnitsChart(rows, {width, height} = {}) {
  return Plot.plot({
    width,
    height,
    marginLeft: 80,
    marginRight: 80,
    x: {grid: true, label: "Units sold"},
    y: {label: null},
    marks: [
      Plot.barX(rows, {x: "units", y: "region", fill: "region", sort: {y: "-x"}, tip: true}),
      // Outside the bar, so a short bar keeps a readable label.
      Plot.text(rows, {x: "units", y: "region", text: (d) => `${d.units.toLocaleString("en-US")} units`, textAnchor: "start", dx: 4, fill: "currentColor"}),
      Plot.ruleX([0])
    ]
  });
}
