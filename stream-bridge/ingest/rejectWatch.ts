import type {Reject, SourceRecord} from "../events.ts";
import {isReject} from "../events.ts";
import {rejectSummary} from "./rejectSummary.ts";

/**
 * The live replay's early warning: it watches the first `rows` records of each source and, once a
 * source has that many (or the replay ends first), reports rejectSummary's hint for them, once per
 * source. A file whose rows are mostly rejected for one reason nearly always needs a setting (a
 * timestamp format, a delimiter), and the analyst should hear so at start-up, not from an empty page.
 * It stops looking after 100 × `rows` records (sources that rare have been seen by then).
 */
export class RejectWatch {
  /** False once nothing more can be reported: callers skip record() then. */
  active = true;
  private readonly sources = new Map<string, {rows: number; rejects: Reject[]; reported: boolean}>();
  private records = 0;

  constructor(
    private readonly report: (line: string) => void,
    /** Where the rejects can be seen (named in the summary). */
    private readonly where: string,
    private readonly rows = 1000
  ) {}

  record(record: SourceRecord): void {
    let source = this.sources.get(record.source);
    if (!source) this.sources.set(record.source, (source = {rows: 0, rejects: [], reported: false}));
    if (!source.reported) {
      source.rows++;
      if (isReject(record)) source.rejects.push(record);
      if (source.rows >= this.rows) this.settle(record.source);
    }
    if (++this.records >= 100 * this.rows) this.active = false;
  }

  /** End of the input: reports the sources with fewer rows than the watch. */
  end(): void {
    for (const name of this.sources.keys()) this.settle(name);
    this.active = false;
  }

  private settle(name: string): void {
    const source = this.sources.get(name)!;
    if (source.reported) return;
    source.reported = true;
    const lines = rejectSummary(source.rejects, new Map([[name, source.rows]]), this.where);
    // The counts of a first sample would mislead beside /health's: only the hint, with its sample size.
    const sample = source.rows === 1 ? "row" : `${source.rows.toLocaleString("en-US")} rows`;
    for (const line of lines.slice(1)) this.report(`${line} (in the first ${sample})`);
    source.rejects = [];
  }
}
