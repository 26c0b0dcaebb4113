import {html} from "npm:htl";
import {refusal} from "./bridgeRefusal.js";
import {dateTime, duration} from "./format.js";
import {replayStatus} from "./replayStatus.js";

/**
 * The live panels' connection badge. `live` is what liveBridge reports (or null without a bridge):
 * live, connecting, reconnecting (with the next retry), or offline with the snapshot's time; a live
 * bridge whose replay ended (or failed) says so.
 * @param {{status: string, url?: string, attempt?: number, retryAt?: number|null, error?: string|null, watermark?: number|null, state?: object}|null} live
 * @param {object} [options]
 * @param {number|null} [options.snapshotAsOf] epoch ms of the snapshot shown while not live
 * @param {number} [options.now] the wall clock (for "retry in …")
 * @param {string} [options.origin] this page's origin (for the --origins hint)
 * @returns {HTMLElement}
 */
export function connectionBadge(live, {snapshotAsOf = null, now = Date.now(), origin = globalThis.location?.origin} = {}) {
  const status = live?.status ?? "offline";
  const asOf = `snapshot as of ${dateTime(snapshotAsOf)}`;
  let text;
  let title = live?.url ? `bridge: ${live.url}` : "no bridge configured (add ?bridge=ws://127.0.0.1:8787/ws to the address)";
  switch (status) {
    case "live":
      text = `${[`live`, replayStatus(live.state)].filter(Boolean).join(", ")}${live.watermark != null ? ` — watermark ${dateTime(live.watermark)}` : ""}`;
      break;
    case "connecting":
      text = `connecting — ${asOf}`;
      break;
    case "reconnecting": {
      const wait = live.retryAt != null ? Math.max(0, live.retryAt - now) : null;
      text = `reconnecting${wait != null ? ` (attempt ${live.attempt}, next in ${duration(wait)})` : ""} — ${refusal(live.error, origin) ?? asOf}`;
      if (live.error) title += `\nlast error: ${live.error}`;
      break;
    }
    default:
      text = `offline — ${asOf}`;
  }
  return html`<span class="pulse-badge" data-status=${status} role="status" aria-live="polite" title=${title}>${text}</span>`;
}

