import {html} from "npm:htl";
import {storePageHref} from "./storePage.js";

/**
 * Links to every store's page (src/stores/[store].md), by region.
 * @param {{store: string, name: string, region: string}[]} stores
 * @param {object} [options]
 * @param {string} [options.base] path from the current page to the stores folder (default "./stores/")
 * @param {string} [options.current] a store id to show as the current one (not a link)
 * @returns {HTMLElement}
 */
export function storeLinks(stores, {base = "./stores/", current} = {}) {
  return html`<nav class="pulse-store-links" aria-label="Store pages"><span class="pulse-note">Store pages:</span> ${stores.map(
    (s, i) => html`${i ? " · " : ""}${s.store === current ? html`<strong>${s.name}</strong>` : html`<a href=${storePageHref(s.store, base)} title=${[s.region, s.city].filter(Boolean).join(", ")}>${s.name}</a>`}`
  )}</nav>`;
}
