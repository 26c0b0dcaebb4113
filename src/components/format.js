/**
 * Number, money and time formats shared by every page, so a figure reads the same everywhere.
 * Money arrives in whole units (Arrow snapshots) or integer cents (the bridge's wire format): the
 * callers convert cents with `cents()` first, never the formatters.
 */

const moneyFormat = new Intl.NumberFormat("en-GB", {style: "currency", currency: "GBP", minimumFractionDigits: 2, maximumFractionDigits: 2});
const moneyWhole = new Intl.NumberFormat("en-GB", {style: "currency", currency: "GBP", maximumFractionDigits: 0});
const moneyShort = new Intl.NumberFormat("en-GB", {style: "currency", currency: "GBP", notation: "compact", maximumFractionDigits: 1});
const countFormat = new Intl.NumberFormat("en-GB", {maximumFractionDigits: 0});
const decimalFormat = new Intl.NumberFormat("en-GB", {maximumFractionDigits: 2});
const quantityFormat = new Intl.NumberFormat("en-GB", {maximumFractionDigits: 3});
const percentFormat = new Intl.NumberFormat("en-GB", {style: "percent", maximumFractionDigits: 1});

/** The site's currency symbol (the sample data are in pounds). */
export const CURRENCY = "£";

const missing = (x) => x == null || Number.isNaN(x);

/** £1,234.56; "–" for a missing value. */
export function money(x) {
  return missing(x) ? "–" : moneyFormat.format(x);
}

/** £1,235 for large figures where pence are noise. */
export function moneyRounded(x) {
  return missing(x) ? "–" : Math.abs(x) >= 1000 ? moneyWhole.format(x) : moneyFormat.format(x);
}

/** £1.2M, for axes and tight tiles. */
export function moneyCompact(x) {
  return missing(x) ? "–" : moneyShort.format(x);
}

/** Integer cents (the wire format) to whole units. */
export function cents(x) {
  return missing(x) ? x : x / 100;
}

export function count(x) {
  return missing(x) ? "–" : countFormat.format(x);
}

/** Units sold: whole numbers as count(), fractional ones (weights) with up to three decimals, never rounded to a whole unit. */
export function quantity(x) {
  return missing(x) ? "–" : Number.isInteger(x) ? countFormat.format(x) : quantityFormat.format(x);
}

export function decimal(x) {
  return missing(x) ? "–" : decimalFormat.format(x);
}

/** A fraction in [0, 1] as a percentage. */
export function percent(x) {
  return missing(x) ? "–" : percentFormat.format(x);
}

/** Milliseconds as "850 ms", "4.2 s", "3 min", "2.5 h". */
export function duration(ms) {
  if (missing(ms)) return "–";
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${decimal(Math.round(ms / 100) / 10)} s`;
  if (abs < 3_600_000) return `${decimal(Math.round(ms / 6_000) / 10)} min`;
  return `${decimal(Math.round(ms / 360_000) / 10)} h`;
}

/** Epoch ms (or a Date) as "2026-10-30 18:42 UTC": the data are in UTC, so the pages are too. */
export function dateTime(t) {
  if (t == null) return "–";
  const date = t instanceof Date ? t : new Date(t);
  if (Number.isNaN(+date)) return "–";
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function date(t) {
  if (t == null) return "–";
  const d = t instanceof Date ? t : new Date(t);
  return Number.isNaN(+d) ? "–" : d.toISOString().slice(0, 10);
}

/** Bytes as "512 MB", "1.5 GB". */
export function bytes(x) {
  if (missing(x)) return "–";
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  while (Math.abs(x) >= 1000 && i < units.length - 1) (x /= 1000), ++i;
  return `${decimal(i ? Math.round(x * 10) / 10 : x)} ${units[i]}`;
}
