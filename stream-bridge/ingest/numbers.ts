/**
 * Numbers straight from CSV bytes, without building strings. Money is read exactly to integer
 * cents with the same rounding as lib/money.ts parseCents (half away from zero at the third
 * decimal). Surrounding spaces are allowed; currency signs and thousands separators are read only
 * when a mapping names them ("$4.99" is bad_number without `"currency": "$"`: guessing units is
 * worse than rejecting); a mapping can switch the decimal mark to a comma.
 */

/** Fraction digits of the last number parseCentsBytes read (a price with more needs the exact amount, exactGrossCents). */
export const lastCents = {fractionDigits: 0};

const D0 = 48;

/** Decimal money text to integer cents; NaN when it is not a number. `decimal` is the decimal mark's byte. */
export function parseCentsBytes(buf: Uint8Array, s: number, e: number, decimal = 46): number {
  while (s < e && buf[s] === 32) ++s;
  while (e > s && buf[e - 1] === 32) --e;
  let sign = 1;
  if (s < e && (buf[s] === 45 || buf[s] === 43)) {
    if (buf[s] === 45) sign = -1;
    ++s;
  }
  let whole = 0;
  let wholeDigits = 0;
  let i = s;
  for (; i < e; ++i) {
    const c = buf[i] - D0;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    ++wholeDigits;
  }
  let cents = 0;
  let fracDigits = 0;
  if (i < e && buf[i] === decimal) {
    ++i;
    for (; i < e; ++i) {
      const c = buf[i] - D0;
      if (c < 0 || c > 9) return NaN;
      if (fracDigits === 0) cents += c * 10;
      else if (fracDigits === 1) cents += c;
      else if (fracDigits === 2 && c >= 5) cents += 1;
      ++fracDigits;
    }
  }
  if (i !== e || (wholeDigits === 0 && fracDigits === 0)) return NaN;
  lastCents.fractionDigits = fracDigits;
  const value = whole * 100 + cents;
  return Number.isSafeInteger(value) ? sign * value : NaN;
}

/** A plain decimal number (quantities): optional sign, digits, optional fraction; NaN otherwise. */
export function parseNumberBytes(buf: Uint8Array, s: number, e: number, decimal = 46): number {
  while (s < e && buf[s] === 32) ++s;
  while (e > s && buf[e - 1] === 32) --e;
  let sign = 1;
  if (s < e && (buf[s] === 45 || buf[s] === 43)) {
    if (buf[s] === 45) sign = -1;
    ++s;
  }
  let value = 0;
  let digits = 0;
  let i = s;
  for (; i < e; ++i) {
    const c = buf[i] - D0;
    if (c < 0 || c > 9) break;
    value = value * 10 + c;
    ++digits;
  }
  if (i < e && buf[i] === decimal) {
    // Rare for quantities: rebuild the text so the fraction rounds like Number() does.
    let text = "";
    for (let k = s; k < e; ++k) text += buf[k] === decimal ? "." : String.fromCharCode(buf[k]);
    if (!/^\d*\.\d+$|^\d+\.$/.test(text)) return NaN;
    return sign * Number(text);
  }
  if (i !== e || digits === 0 || !Number.isSafeInteger(value)) return NaN;
  return sign * value;
}

/** How a file writes its numbers besides the decimal mark (mapping options `currency` and `thousands`). */
export interface NumberStyle {
  /** The decimal mark: "." or ",". */
  decimal: string;
  /** A currency sign or code written before or after the number ("$", "€", "USD"), or null. */
  currency: string | null;
  /** The thousands separator ("," "." " " "'"), or null: then a number has none. */
  thousands: string | null;
}

/**
 * A number as written under `style` to plain decimal text ("-1234.5"), or null when it is not one:
 * the currency sign may stand before or after the number or its sign, with or without a space;
 * thousands separators must group the whole part by threes ("1,234,567", not "12,34").
 */
export function plainNumberText(text: string, style: NumberStyle): string | null {
  let t = text.replace(/[\u00a0\u202f]/g, " ").trim();
  let sign = "";
  // One sign at most, before or after the currency sign ("+$+5" is not a number).
  let signed = false;
  const takeSign = () => {
    if (t.startsWith("-") || t.startsWith("+")) {
      if (signed) return false;
      signed = true;
      sign = t[0] === "-" ? "-" : "";
      t = t.slice(1).trim();
    }
    return true;
  };
  if (!takeSign()) return null;
  if (style.currency !== null) {
    if (t.startsWith(style.currency)) t = t.slice(style.currency.length).trim();
    else if (t.endsWith(style.currency)) t = t.slice(0, -style.currency.length).trim();
    if (!takeSign()) return null;
  }
  const mark = t.lastIndexOf(style.decimal);
  let whole = mark < 0 ? t : t.slice(0, mark);
  const fraction = mark < 0 ? "" : t.slice(mark + 1);
  if (style.thousands !== null && whole.includes(style.thousands)) {
    const groups = whole.split(style.thousands);
    if (!/^\d{1,3}$/.test(groups[0]) || !groups.slice(1).every((g) => /^\d{3}$/.test(g))) return null;
    whole = groups.join("");
  }
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(fraction) || whole + fraction === "") return null;
  return `${sign}${whole || "0"}${mark < 0 ? "" : `.${fraction || "0"}`}`;
}

/** Plain decimal text ("-12.345") as an integer and its power-of-ten scale: exact, any length. */
function scaled(text: string): {n: bigint; scale: number} {
  const [whole, fraction = ""] = text.split(".");
  return {n: BigInt(whole + fraction), scale: fraction.length};
}

/**
 * quantity × unit_price − discount in cents, computed exactly from their plain decimal texts and
 * rounded once (half away from zero), as docs/engine.md promises: 10.5 × 3.499 = 36.7395 → 3674,
 * where rounding the price to cents first (3.50) would give 3675; 1 × 1.00 − 0.005 = 0.995 → 100.
 * Null when the discount exceeds quantity × unit_price.
 */
export function exactAmountCents(quantity: string, unitPrice: string, discount = "0"): number | null {
  const q = scaled(quantity);
  const p = scaled(unitPrice);
  const d = scaled(discount);
  // Everything at the scale of the product, or of the discount if that is finer.
  const scale = Math.max(q.scale + p.scale, d.scale);
  let value = q.n * p.n * 10n ** BigInt(scale - q.scale - p.scale) - d.n * 10n ** BigInt(scale - d.scale);
  if (value < 0n) return null;
  const shift = scale - 2;
  if (shift <= 0) return Number(value * 10n ** BigInt(-shift));
  const unit = 10n ** BigInt(shift);
  let cents = value / unit;
  if ((value % unit) * 2n >= unit) cents += 1n;
  return Number(cents);
}
