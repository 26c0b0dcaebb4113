/**
 * Money is carried as integer minor units (cents) so sums are exact.
 * parseCents reads a decimal string without going through floating point:
 * "12.345" rounds half away from zero to 1235; returns NaN when the text is not a number.
 */
export function parseCents(text: string): number {
  const match = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!match || (match[2] === "" && (match[3] === undefined || match[3] === ""))) return NaN;
  const sign = match[1] === "-" ? -1 : 1;
  const whole = match[2] === "" ? 0 : Number(match[2]);
  const frac = match[3] ?? "";
  let cents = whole * 100 + Number((frac + "00").slice(0, 2));
  if (frac.length > 2 && frac.charCodeAt(2) >= 53 /* '5' */) cents += 1;
  return Number.isSafeInteger(cents) ? sign * cents : NaN;
}

/** Cents to a float of whole units, for Arrow and charts (exact to the cent when printed with 2 decimals). */
export function centsToUnits(cents: number): number {
  return cents / 100;
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
