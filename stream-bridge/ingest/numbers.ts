/**
 * Numbers straight from CSV bytes, without building strings. Money is read exactly to integer
 * cents with the same rounding as lib/money.ts parseCents (half away from zero at the third
 * decimal). A currency sign ($ € £ ¥) before or after the number and surrounding spaces are
 * allowed; thousands separators are not (a mapping can switch the decimal mark to a comma).
 */

const D0 = 48;

function skipCurrency(buf: Uint8Array, i: number, e: number, forward: boolean): number {
  // ASCII $ or the UTF-8 bytes of € (E2 82 AC), £ (C2 A3), ¥ (C2 A5).
  if (forward) {
    if (i < e && buf[i] === 36) return i + 1;
    if (i + 2 < e && buf[i] === 0xe2 && buf[i + 1] === 0x82 && buf[i + 2] === 0xac) return i + 3;
    if (i + 1 < e && buf[i] === 0xc2 && (buf[i + 1] === 0xa3 || buf[i + 1] === 0xa5)) return i + 2;
    return i;
  }
  if (e > i && buf[e - 1] === 36) return e - 1;
  if (e - 3 >= i && buf[e - 3] === 0xe2 && buf[e - 2] === 0x82 && buf[e - 1] === 0xac) return e - 3;
  if (e - 2 >= i && buf[e - 2] === 0xc2 && (buf[e - 1] === 0xa3 || buf[e - 1] === 0xa5)) return e - 2;
  return e;
}

/** Decimal money text to integer cents; NaN when it is not a number. `decimal` is the decimal mark's byte. */
export function parseCentsBytes(buf: Uint8Array, s: number, e: number, decimal = 46): number {
  while (s < e && buf[s] === 32) ++s;
  while (e > s && buf[e - 1] === 32) --e;
  let sign = 1;
  if (s < e && (buf[s] === 45 || buf[s] === 43)) {
    if (buf[s] === 45) sign = -1;
    ++s;
  }
  s = skipCurrency(buf, s, e, true);
  e = skipCurrency(buf, s, e, false);
  while (s < e && buf[s] === 32) ++s;
  while (e > s && buf[e - 1] === 32) --e;
  if (sign === 1 && s < e && buf[s] === 45) sign = -1, ++s; // "$-3.00"
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
