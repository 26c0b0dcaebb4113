/**
 * Every store has a page, at a path made from its id (loaders/site/siteStores.ts builds the same
 * ones): an id of letters, digits, "_" and "-" is its own path; any other ("Store 12", "Store/3",
 * "Zürich") gets a slug, its runs of other characters as "-" and a hash of the whole id, so two ids
 * never share a page ("Store 1" and "Store/1" differ by their hash).
 */
export const STORE_PAGE_ID = /^[\w-]+$/;

/**
 * The path segment of a store's page.
 * @param {string} id
 * @returns {string}
 */
export function storePageSlug(id) {
  if (STORE_PAGE_ID.test(id)) return id;
  const words = id.replace(/[^\w-]+/g, "-").replace(/^-+|-+$/g, "");
  return `${words || "store"}-${fnv1a(id)}`;
}

/**
 * The link to a store's page from `base` (the path to the stores folder).
 * @param {string} id
 * @param {string} [base]
 * @returns {string}
 */
export function storePageHref(id, base = "./stores/") {
  return `${base}${storePageSlug(id)}`;
}

/** 32-bit FNV-1a of the id's UTF-16 code units, as 8 hex digits. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; ++i) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}
