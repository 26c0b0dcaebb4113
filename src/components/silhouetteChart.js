import * as Plot from "npm:@observablehq/plot";

/**
 * The silhouette curve: mean silhouette for each k tried, the chosen k marked. Higher is better
 * separated clusters; the loader picks the k with the best score.
 * @param {{k: number, silhouette: number}[]} curve
 * @param {object} options
 * @param {number} options.width
 * @param {number|null} [options.chosen] the k the model kept
 * @param {number} [options.height]
 * @returns {SVGElement}
 */
export function silhouetteChart(curve, {width, chosen = null, height = 240} = {}) {
  return Plot.plot({
    width,
    height,
    marginLeft: 50,
    ariaLabel: "Mean silhouette score by number of clusters k",
    ariaDescription: `Scores for k from ${curve[0]?.k} to ${curve.at(-1)?.k}${chosen ? `; k = ${chosen} was chosen` : ""}.`,
    x: {label: "Clusters (k) →", ticks: curve.map((d) => d.k), tickFormat: "d"},
    y: {label: "↑ Mean silhouette", grid: true, domain: [0, Math.max(0.5, ...curve.map((d) => d.silhouette))]},
    marks: [
      Plot.ruleY([0]),
      Plot.line(curve, {x: "k", y: "silhouette", stroke: "var(--theme-foreground-focus)"}),
      Plot.dot(curve, {x: "k", y: "silhouette", fill: (d) => (d.k === chosen ? "var(--theme-foreground-focus)" : "var(--theme-background)"), stroke: "var(--theme-foreground-focus)", r: (d) => (d.k === chosen ? 6 : 4), tip: true}),
      Plot.text(curve.filter((d) => d.k === chosen), {x: "k", y: "silhouette", text: (d) => `k = ${d.k}`, dx: 10, dy: -10, textAnchor: "start", fill: "currentColor"})
    ]
  });
}
