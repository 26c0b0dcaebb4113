import {html} from "npm:htl";
import {kpiTile} from "./kpiTile.js";

/**
 * A responsive grid of KPI tiles.
 * @param {{label: string, value: number|null, format?: (x: number) => string, note?: string, level?: string, title?: string}[]} tiles
 * @param {object} [options]
 * @param {string} [options.ariaLabel] names the group for screen readers
 * @returns {HTMLElement}
 */
export function kpiGrid(tiles, {ariaLabel = "Key figures"} = {}) {
  return html`<div class="pulse-kpis" role="group" aria-label=${ariaLabel}>${tiles.map(({value, ...options}) => kpiTile(value, options))}</div>`;
}
