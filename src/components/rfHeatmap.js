import * as Plot from "npm:@observablehq/plot";

/**
 * The R × F grid: one cell per recency score (x) and frequency score (y), 5 = best, filled by how
 * many customers fall in it and labelled with the count and the cell's segment name.
 * @param {{r: number, f: number, segment: string}[]} customers
 * @param {object} options
 * @param {number} options.width
 * @param {number} [options.height]
 * @returns {SVGElement}
 */
export function rfHeatmap(customers, {width, height = Math.min(420, width * 0.8)} = {}) {
  // Segment names fit a cell from about 95 px; below that the tip still names them.
  const named = (width - 50) / 5 >= 95;
  return Plot.plot({
    width,
    height,
    marginLeft: 50,
    marginBottom: 40,
    padding: 0.04,
    ariaLabel: "Customers by recency score and frequency score",
    ariaDescription: "A 5 × 5 grid; darker cells hold more customers; each cell is labelled with its count and segment.",
    x: {type: "band", domain: [1, 2, 3, 4, 5], label: "Recency score (5 = most recent) →", labelAnchor: "center"},
    y: {type: "band", domain: [5, 4, 3, 2, 1], label: "↑ Frequency score (5 = most frequent)"},
    color: {scheme: "blues", legend: true, label: "Customers"},
    marks: [
      Plot.cell(customers, Plot.group({fill: "count", title: "mode"}, {x: "r", y: "f", title: "segment", tip: true})),
      Plot.text(customers, Plot.group({text: "count"}, {x: "r", y: "f", dy: named ? -6 : 0, fill: "currentColor", stroke: "var(--theme-background)", strokeWidth: 3, paintOrder: "stroke"})),
      named ? Plot.text(customers, Plot.group({text: "mode"}, {x: "r", y: "f", z: null, text: "segment", dy: 8, fontSize: 9, fill: "currentColor", stroke: "var(--theme-background)", strokeWidth: 3, paintOrder: "stroke"})) : null
    ]
  });
}
