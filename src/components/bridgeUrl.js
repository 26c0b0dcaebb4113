/**
 * Where the live bridge is, or null when none is configured. A page never tries a connection it
 * was not told about: the static site has no bridge by default, and a refused connection attempt
 * would still be a request to another origin (and a console error).
 *
 * In order:
 * 1. `?bridge=` on the page address: a WebSocket URL (`ws://127.0.0.1:8787/ws`), an http URL or
 *    host:port of a bridge (`127.0.0.1:8787`), a bare port (`8787`: same host as the page), or `off`.
 *    It is remembered for the browser tab (sessionStorage), so links between pages keep it.
 * 2. The site's `<meta name="pulse-bridge" content="...">`, written at build time from the
 *    PULSE_BRIDGE environment variable (observablehq.config.ts), same forms.
 * @param {object} [options]
 * @param {Location|URL} [options.location]
 * @param {Storage|null} [options.storage]
 * @param {string|null} [options.configured] the build-time default (default: the meta tag)
 * @returns {string|null} a ws: or wss: URL ending in /ws
 */
export function bridgeUrl({location = globalThis.location, storage = sessionStorageOrNull(), configured = metaBridge()} = {}) {
  const KEY = "pulse-bridge";
  const param = location ? new URL(location.href).searchParams.get("bridge") : null;
  if (param !== null) {
    const url = param === "off" || param === "" ? null : normalizeBridgeUrl(param, location);
    try {
      storage?.setItem(KEY, url ?? "off");
    } catch {
      // private mode: the parameter still applies to this page
    }
    return url;
  }
  const remembered = storage?.getItem(KEY);
  if (remembered) return remembered === "off" ? null : remembered;
  return configured ? normalizeBridgeUrl(configured, location) : null;
}

/** "8787", "127.0.0.1:8787", "http://h:p", "ws://h:p/ws" → "ws://h:p/ws"; null when unreadable. */
export function normalizeBridgeUrl(text, location = globalThis.location) {
  text = String(text).trim();
  const pageHost = location ? new URL(location.href).hostname : "127.0.0.1";
  if (/^\d{1,5}$/.test(text)) text = `ws://${pageHost.includes(":") ? `[${pageHost}]` : pageHost}:${text}/ws`;
  else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `ws://${text}`;
  let url;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol === "http:") url.protocol = "ws:";
  else if (url.protocol === "https:") url.protocol = "wss:";
  else if (url.protocol !== "ws:" && url.protocol !== "wss:") return null;
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/ws";
  return url.href;
}

/** The bridge's HTTP base for /health and /snapshot (same host and port as its WebSocket). */
export function bridgeHttpUrl(wsUrl) {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === "wss:" ? "https:" : "http:";
  url.pathname = "/";
  url.search = "";
  return url.href;
}

function sessionStorageOrNull() {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

function metaBridge() {
  return globalThis.document?.querySelector('meta[name="pulse-bridge"]')?.getAttribute("content") || null;
}
