const TWO = Array.from({length: 60}, (_, i) => String(i).padStart(2, "0"));

/**
 * Formats epoch ms as `YYYY-MM-DDTHH:MM:SSZ` (docs/CONTRACTS.md). Called for every output row,
 * so the date part is cached per day and the time part built from a lookup table: several
 * times faster than Date#toISOString on a 10-million-line run.
 */
export class Timestamps {
  private day = NaN;
  private prefix = "";

  format(ms: number): string {
    const day = Math.floor(ms / 86_400_000);
    if (day !== this.day) {
      this.day = day;
      this.prefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    }
    const s = Math.floor((ms - day * 86_400_000) / 1000);
    return `${this.prefix}${TWO[Math.floor(s / 3600)]}:${TWO[Math.floor(s / 60) % 60]}:${TWO[s % 60]}Z`;
  }
}

/** Parses `YYYY-MM-DD` to epoch ms at UTC midnight, or NaN. */
export function parseDate(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return NaN;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Date.UTC rolls 2026-02-30 over to March; a real date formats back to itself.
  return new Date(ms).toISOString().slice(0, 10) === text ? ms : NaN;
}
