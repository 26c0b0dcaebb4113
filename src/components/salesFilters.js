import * as Inputs from "npm:@observablehq/inputs";
import {date} from "./format.js";

/**
 * The filter bar of the sales pages: date range, region, store and category, as one Observable
 * input whose value is the filters object salesQueries.js takes:
 *   {from: "YYYY-MM-DD", to: "YYYY-MM-DD", region: "", store: "", category: ""} ("" = all).
 * @param {object} options
 * @param {{store: string, name: string, region: string}[]} options.stores
 * @param {string[]} options.categories
 * @param {number|Date} options.first first day with data
 * @param {number|Date} options.last last day with data
 * @param {boolean} [options.store] show the store select (default true; store pages fix the store)
 * @param {boolean} [options.region] show the region select (default true)
 * @returns {HTMLElement} an input (use with view())
 */
export function salesFilters({stores, categories, first, last, store = true, region = true}) {
  const regions = [...new Set(stores.map((s) => s.region))].sort();
  const inputs = {
    from: Inputs.date({label: "From", value: date(first), min: date(first), max: date(last)}),
    to: Inputs.date({label: "To", value: date(last), min: date(first), max: date(last)}),
    region: Inputs.select(["", ...regions], {label: "Region", format: (r) => r || "All regions"}),
    store: Inputs.select(["", ...stores.map((s) => s.store)], {label: "Store", format: (id) => (id ? `${stores.find((s) => s.store === id)?.name ?? id} (${id})` : "All stores")}),
    category: Inputs.select(["", ...categories], {label: "Category", format: (c) => c || "All categories"})
  };
  if (!store) delete inputs.store;
  if (!region) delete inputs.region;
  return Inputs.form(inputs, {template: wrap});
}

/** Lays the inputs out side by side (Inputs.form stacks them by default). */
function wrap(parts) {
  const div = document.createElement("div");
  div.className = "pulse-filters";
  for (const input of Object.values(parts)) div.append(input);
  return div;
}

/** The filters as SQL parameters: dates as ISO days, missing ones as "" (all). */
export function filterValues(value, fixed = {}) {
  return {
    from: date(value.from),
    to: date(value.to),
    region: value.region ?? "",
    store: value.store ?? "",
    category: value.category ?? "",
    ...fixed
  };
}
