import {formatDuration, parseDuration} from "../../lib/duration.ts";
import type {LateRecord} from "../engine/types.ts";

/** Latenesses a hint proposes: the smallest that takes every late event in. */
const LADDER = ["1m", "2m", "5m", "10m", "15m", "30m", "1h", "2h", "3h", "6h", "12h", "1d", "2d", "3d", "7d", "14d", "30d", "90d", "180d", "365d", "3650d"].map(parseDuration);

/** A share of late events from which a file is taken to be out of time order. */
const SHARE = 0.01;

/**
 * When many events were late (1% of the sales and refunds or more), which means a file out of time
 * order rather than a few stragglers: how many, and the `--lateness` that would have kept every one of
 * them in its window. An event is late when the maximum event time before it, minus the lateness, had
 * reached its window's end (watermark = max − lateness), so it needs a lateness above max − window end.
 * null when few were late. `late` must hold every late record (batch keeps them all).
 */
export function lateHint(late: readonly LateRecord[], events: number, options: {windowMs: number; latenessMs: number; count?: number}): string | null {
  // `count`: how many were late in all, when `late` holds only the latest of them (the live bridge's bounded history).
  const count = options.count ?? late.length;
  if (late.length === 0 || count < SHARE * events) return null;
  let needed = 0;
  for (const record of late) needed = Math.max(needed, record.watermark + options.latenessMs - (record.windowStart + options.windowMs) + 1);
  const lateness = LADDER.find((ms) => ms >= needed) ?? Math.ceil(needed / 86_400_000) * 86_400_000;
  const share = Math.round((count / events) * 100);
  const all = count === late.length;
  return (
    `${count.toLocaleString("en-US")} of ${events.toLocaleString("en-US")} events (${share < 1 ? "<1" : share}%) were late, so the input is not in time order: ` +
    `they count in the totals and late.arrow but not in the windows; --lateness ${formatDuration(lateness)}${all ? " would take every one in" : " or more would take them in"} (windows then stay open longer)`
  );
}
