import * as Plot from "npm:@observablehq/plot";
import {emptyState} from "./emptyState.js";
import {SEVERITIES} from "./alertRows.js";

/**
 * How many alerts of each kind, stacked by severity.
 * @param {{kind: string, severity: string}[]} alerts
 * @param {object} options
 * @param {number} options.width
 * @returns {SVGElement|HTMLElement}
 */
export function alertsChart(alerts, {width} = {}) {
  if (!alerts.length) return emptyState("No alert matches these filters");
  const kinds = new Set(alerts.map((a) => a.kind)).size;
  return Plot.plot({
    width,
    height: kinds * 30 + 60,
    marginLeft: 120,
    ariaLabel: "Alerts by kind and severity",
    ariaDescription: `${alerts.length} alerts in ${kinds} kinds, stacked by severity.`,
    x: {grid: true, label: "Alerts →"},
    y: {label: null},
    color: {legend: true, domain: SEVERITIES, range: ["var(--pulse-critical)", "var(--pulse-warn)", "var(--pulse-info)"]},
    marks: [Plot.barX(alerts, Plot.groupY({x: "count"}, {y: "kind", fill: "severity", sort: {y: "-x"}, tip: true})), Plot.ruleX([0])]
  });
}
