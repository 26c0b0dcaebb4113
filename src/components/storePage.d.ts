// Types of storePage.js for the TypeScript that shares it (loaders/site/siteStores.ts).
export const STORE_PAGE_ID: RegExp;
export function storePageSlug(id: string): string;
export function storePageHref(id: string, base?: string): string;
