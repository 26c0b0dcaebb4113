import {UNSHIPPED_VERSION} from "./npmModules.ts";

/**
 * Framework fetches only through the global fetch (populateNpmCache and resolveNpmVersion in
 * dist/npm.js, cacheDuckDBExtension in dist/duckdb.js, dist/jsr.js, telemetry). scripts/framework.ts
 * loads scripts/noNetwork.register.ts into every Framework process, which replaces fetch with one that
 * throws this message, so a missing module fails the build with its name instead of reaching out.
 */
export function explainBlockedFetch(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `offline: refused to fetch ${JSON.stringify(url)}`;
  }
  const hint = "; every npm: module must be listed in scripts/npmModules.ts (see docs/offline-framework.md)";
  if (parsed.hostname === "cdn.jsdelivr.net" && parsed.pathname.startsWith("/npm/")) {
    const {name, version, path} = parseNpmPath(parsed.pathname.slice("/npm/".length));
    const what = `npm:${name}${path && path !== "+esm" ? `/${path}` : ""}`;
    if (version === UNSHIPPED_VERSION) return `offline: ${what} is not shipped offline (it is in unshippedModules)${hint}`;
    return `offline: ${what} (version ${version}) is not in the offline npm cache${hint}`;
  }
  if (parsed.hostname === "registry.npmjs.org") {
    const {name, rest: tag} = splitPackageName(decodeURIComponent(parsed.pathname.slice(1)));
    return `offline: npm:${name}${tag && tag !== "latest" ? `@${tag}` : ""} has no version in the offline npm cache that satisfies the import${hint}`;
  }
  if (/(^|\.)duckdb\.org$/.test(parsed.hostname)) {
    return `offline: refused to download DuckDB extension ${url}; set duckdb.extensions to null in observablehq.config.ts`;
  }
  return `offline: refused to fetch ${url}`;
}

/** "@scope/pkg/rest" or "pkg/rest" to its package name and the rest. */
function splitPackageName(path: string): {name: string; rest: string} {
  const parts = path.split("/");
  const n = parts[0].startsWith("@") ? 2 : 1;
  return {name: parts.slice(0, n).join("/"), rest: parts.slice(n).join("/")};
}

/** jsDelivr's "name@version/path" (the path Framework fetches, see extractNpmSpecifier). */
export function parseNpmPath(specifier: string): {name: string; version: string | undefined; path: string} {
  const {name: namever, rest: path} = splitPackageName(specifier);
  const at = namever.indexOf("@", 1);
  return at < 0 ? {name: namever, version: undefined, path} : {name: namever.slice(0, at), version: namever.slice(at + 1), path};
}

function isLoopback(url: URL): boolean {
  return url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
}

/** Replaces globalThis.fetch so that only loopback requests go through. */
export function installNoNetwork(): void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async function offlineFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    let url: URL | null = null;
    try {
      url = new URL(href);
    } catch {
      // falls through to the refusal
    }
    if (url && isLoopback(url)) return realFetch(input, init);
    const message = explainBlockedFetch(href);
    process.stderr.write(`\n${message}\n`);
    throw new Error(message);
  };
}
