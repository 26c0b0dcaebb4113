/**
 * What the bridge's replay is doing, from the `replay` table it streams (docs/protocol.md): null while
 * it replays (or with a bridge too old to send the table), else a few words for the live badge.
 * @param {{tables?: Record<string, {rows: Map<string, {status?: string, lap?: number, error?: string|null}>}>}|null|undefined} state a protocol client state
 * @returns {string|null}
 */
export function replayStatus(state) {
  const rows = state?.tables?.replay?.rows;
  const row = rows ? rows.values().next().value : undefined;
  switch (row?.status) {
    case "done":
      return "replay ended";
    case "stopping":
      return "bridge stopping";
    case "failed":
      return `replay failed${row.error ? `: ${row.error}` : ""}`;
    default:
      return null;
  }
}
