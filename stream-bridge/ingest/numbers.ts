/**
 * Numbers straight from CSV bytes, without building strings. Money is read exactly to integer
 * cents with the same rounding as lib/money.ts parseCents (half away from zero at the third
 * decimal). Surrounding spaces are allowed; currency signs and thousands separators are not
 * ("$4.99" is bad_number: guessing units is worse than rejecting); a mapping can switch the
 * decimal mark to a comma.
 */

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
