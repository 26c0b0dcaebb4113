/**
 * Store pages are built only for ids that are safe as a path (loaders/site/siteStores.ts, same
 * pattern): a store id like "Store 12" or "Store/3" gets no page, so nothing links to one.
 */
export const STORE_PAGE_ID = /^[\w-]+$/;

/**
 * The link to a store's page from `base` (the path to the stores folder), or null when it has none.
 * @param {string} id
 * @param {string} [base]
 * @returns {string|null}
 */
export function storePageHref(id, base = "./stores/") {
  return STORE_PAGE_ID.test(id) ? `${base}${id}` : null;
}
