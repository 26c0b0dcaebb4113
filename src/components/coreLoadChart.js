import * as Plot from "npm:@observablehq/plot";
import {emptyState} from "./emptyState.js";

/**
 * Load of each CPU core (the latest reading), with the warning level as a rule.
 * @param {{key: string, value: number|null, reason?: string}[]} cores cpu.core.load readings
 * @param {object} options
 * @param {number} options.width
 * @param {number} [options.warning]
 * @returns {SVGElement|HTMLElement}
 */
export function coreLoadChart(cores, {width, warning} = {}) {
  const measured = cores.filter((c) => c.value != null);
  if (!measured.length) return emptyState("Per-core load not available on this machine", {detail: cores[0]?.reason ?? undefined});
  return Plot.plot({
    width,
    height: 200,
    marginLeft: 40,
    ariaLabel: "Load per CPU core",
    ariaDescription: measured.map((c) => `core ${c.key}: ${Math.round(c.value)} %`).join(", "),
    x: {label: "Core", type: "band", tickFormat: (k) => `#${k}`},
    y: {domain: [0, 100], grid: true, label: "Load (%)"},
    marks: [
      Plot.barY(measured, {x: "key", y: "value", fill: (d) => (warning != null && d.value >= warning ? "var(--pulse-warn)" : "var(--theme-foreground-focus)"), tip: true}),
      warning != null ? Plot.ruleY([warning], {stroke: "var(--pulse-warn)", strokeDasharray: "4,3"}) : null,
      Plot.ruleY([0])
    ]
  });
}
