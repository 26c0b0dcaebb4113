/**
 * What to do about a bridge that refuses this page (docs/protocol.md close codes), or null: retrying
 * cannot help, so the badge says why instead of the snapshot time.
 * @param {string|null|undefined} error liveBridge's last error ("closed by the bridge: 4003 origin not allowed")
 * @param {string|undefined} origin
 * @returns {string|null}
 */
export function refusal(error, origin) {
  const code = /^closed by the bridge: (\d+)/.exec(error ?? "")?.[1];
  if (code === "4003") return `the bridge refuses this page's origin: start it with --origins ${origin ?? "<this page's origin>"}`;
  if (code === "4001") return "the bridge wants a token: add ?token=… to the address";
  if (code === "4029") return "the bridge has its maximum of clients (--max-clients)";
  return null;
}
