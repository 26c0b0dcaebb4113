/**
 * An exact rational read from a decimal, so thresholds such as 0.07 × 100 are exactly 7
 * (in floating point 0.07 * 100 is 7.000000000000001, whose ceiling is 8).
 */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/**
 * Reads "0.07", "7e-2", "1" or a number as an exact fraction. A number goes through
 * String(), which prints the shortest decimal that round-trips: the one the user typed.
 */
export function ratio(value: number | string): Ratio {
  const text = typeof value === "number" ? String(value) : value.trim();
  const match = /^([+-])?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!match || (match[2] === "" && !match[3])) throw new RangeError(`invalid ratio: ${show(value)}`);
  const [, sign, whole, frac = "", exp = "0"] = match;
  let num = BigInt((whole || "0") + frac);
  let den = 10n ** BigInt(frac.length);
  const e = Number(exp);
  if (!Number.isSafeInteger(e) || Math.abs(e) > 400) throw new RangeError(`invalid ratio: ${show(value)}`);
  if (e > 0) num *= 10n ** BigInt(e);
  else den *= 10n ** BigInt(-e);
  if (sign === "-") num = -num;
  const g = gcd(num < 0n ? -num : num, den);
  return {num: num / g, den: den / g};
}

/** ceil(r × n) for a non-negative integer n, without rounding error. */
export function ceilTimes(r: Ratio, n: number): number {
  const product = r.num * BigInt(n);
  const q = product / r.den;
  return Number(product % r.den > 0n ? q + 1n : q);
}

/** Whether a / b ≥ r, for integers a ≥ 0 and b > 0. */
export function reaches(a: number, b: number, r: Ratio): boolean {
  // Doubles are exact below 2^53: take the fast path when both products stay there.
  const num = Number(r.num);
  const den = Number(r.den);
  if (Number.isSafeInteger(a * den) && Number.isSafeInteger(num * b) && den <= 2 ** 26 && a <= 2 ** 26 && b <= 2 ** 26) return a * den >= num * b;
  return BigInt(a) * r.den >= r.num * BigInt(b);
}

function show(value: number | string): string {
  return typeof value === "number" ? String(value) : JSON.stringify(value);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a || 1n;
}
