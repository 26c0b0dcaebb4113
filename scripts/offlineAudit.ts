import {readdir, readFile} from "node:fs/promises";
import {extname, join, relative} from "node:path";

/**
 * A static check of a built site (dist/): nothing in it may load from another origin.
 * scripts/framework.ts runs it after every build; the browser tests check the same thing live.
 */

/** Hosts that serve code, styles or fonts; any mention of one in shipped JS, CSS or HTML is suspect. */
export const CDN_HOSTS: readonly string[] = [
  "cdn.jsdelivr.net",
  "fastly.jsdelivr.net",
  "unpkg.com",
  "esm.sh",
  "cdn.skypack.dev",
  "ga.jspm.io",
  "cdnjs.cloudflare.com",
  "fonts.googleapis.com",
  "fonts.gstatic.com",
  "registry.npmjs.org",
  "extensions.duckdb.org",
  "community-extensions.duckdb.org",
  "api.observablehq.com",
  "events.observablehq.com"
];

/** Mentions we know are never requested. Keep each one narrow and say why. */
export const KNOWN_MENTIONS: readonly {file: RegExp; url: string; why: string}[] = [
  {
    file: /^_npm\/@duckdb\/duckdb-wasm@[^/]+\/(?:_esm\.js|[0-9a-f]{8}\.js)$/,
    url: "https://cdn.jsdelivr.net/npm/",
    why: "duckdb.getJsDelivrBundles() builds CDN URLs only when called; Framework passes its own bundles (client/stdlib/duckdb.js)"
  }
];

export interface Finding {
  /** Path relative to the audited folder, with forward slashes. */
  file: string;
  url: string;
  /** "cdn" for a CDN host mentioned anywhere; "resource" for an HTML/CSS reference that the browser would load. */
  kind: "cdn" | "resource";
}

const TEXT_TYPES = new Set([".html", ".js", ".mjs", ".css", ".json", ".svg", ".webmanifest"]);

/** Absolute or protocol-relative URLs that HTML elements or CSS would load (links to pages are fine). */
function resourceUrls(text: string, type: string): string[] {
  const urls: string[] = [];
  const external = (url: string) => /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(url) && !/^(?:https?:)?\/\/(?:127\.0\.0\.1|localhost)(?::|\/|$)/i.test(url);
  if (type === ".html") {
    for (const [tag] of text.matchAll(/<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*>/gi)) {
      if (/^<link\b/i.test(tag) && /\brel\s*=\s*["']?(?:canonical|alternate|author|license|help|next|prev)\b/i.test(tag)) continue;
      for (const [, , url] of tag.matchAll(/\b(src|href|srcset|data)\s*=\s*["']([^"']*)["']/gi)) if (external(url.trim())) urls.push(url.trim());
    }
  }
  if (type === ".html" || type === ".css") {
    for (const [, url] of text.matchAll(/url\(\s*["']?([^"')\s]+)["']?\s*\)/gi)) if (external(url)) urls.push(url);
    for (const [, url] of text.matchAll(/@import\s+["']([^"']+)["']/gi)) if (external(url)) urls.push(url);
  }
  return urls;
}

function cdnMentions(text: string): string[] {
  const found: string[] = [];
  for (const [url, host] of text.matchAll(/(?:https?:)?\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)[^\s"'`<>)]*/gi)) {
    if (CDN_HOSTS.includes(host.toLowerCase())) found.push(url);
  }
  return found;
}

export function auditText(file: string, text: string): Finding[] {
  const type = extname(file).toLowerCase();
  const findings: Finding[] = [];
  for (const url of resourceUrls(text, type)) findings.push({file, url, kind: "resource"});
  for (const url of cdnMentions(text)) {
    if (KNOWN_MENTIONS.some((k) => k.file.test(file) && url === k.url)) continue;
    if (!findings.some((f) => f.url === url)) findings.push({file, url, kind: "cdn"});
  }
  return findings;
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** Audits every text file of a built site. */
export async function auditSite(dir: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for await (const path of walk(dir)) {
    if (!TEXT_TYPES.has(extname(path).toLowerCase())) continue;
    findings.push(...auditText(relative(dir, path).split("\\").join("/"), await readFile(path, "utf-8")));
  }
  return findings;
}

export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `  ${f.file}: ${f.url} (${f.kind === "cdn" ? "CDN host" : "loads from another origin"})`).join("\n");
}
