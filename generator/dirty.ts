import {formatCents, parseCents} from "../lib/money.ts";
import {csvRow, csvRowQuoted} from "./csv.ts";
import type {Rng} from "./prng.ts";
import type {CsvWriter, RowSink} from "./writer.ts";

/** One injected row: `line` is the 1-based physical line where the record starts (header = 1). */
export interface ManifestEntry {
  file: string;
  line: number;
  kind: string;
}

/** Where the fields a corruption needs sit in one file's rows (docs/CONTRACTS.md column order). */
export interface DirtySpec {
  file: string;
  columns: readonly string[];
  timestamp: number;
  store: number;
  product: number;
  /** Numeric columns. */
  numbers: readonly number[];
  /** Columns that may not be empty. */
  required: readonly number[];
  /** File-specific malformed kinds besides the common ones. */
  extra: readonly string[];
  /** Valid-but-awkward kinds (listed in dirty_valid.json, not the manifest). */
  valid: readonly string[];
}

const COMMON = ["bad_number", "missing_field", "extra_field", "empty_field", "bad_timestamp", "unknown_store", "unknown_product", "duplicate", "stray_quote", "invalid_utf8"];

export const TRANSACTIONS_SPEC: DirtySpec = {
  file: "transactions.csv",
  columns: ["transaction_id", "timestamp", "store_id", "product_id", "customer_id", "quantity", "unit_price", "discount", "payment_method"],
  timestamp: 1,
  store: 2,
  product: 3,
  numbers: [5, 6, 7],
  required: [0, 1, 2, 3, 5, 6, 7, 8],
  extra: ["nonpositive_quantity", "negative_price", "bad_discount"],
  valid: ["quoted_fields", "quoted_comma", "embedded_newline", "escaped_quote"]
};

export const REFUNDS_SPEC: DirtySpec = {
  file: "refunds.csv",
  columns: ["refund_id", "original_transaction_id", "product_id", "store_id", "customer_id", "refund_amount", "reason", "timestamp"],
  timestamp: 7,
  store: 3,
  product: 2,
  numbers: [5],
  required: [0, 1, 2, 3, 5, 6, 7],
  extra: ["nonpositive_amount", "unknown_reason"],
  valid: ["quoted_fields"]
};

export const INVENTORY_SPEC: DirtySpec = {
  file: "inventory.csv",
  columns: ["timestamp", "store_id", "product_id", "event_type", "quantity"],
  timestamp: 0,
  store: 1,
  product: 2,
  numbers: [4],
  required: [0, 1, 2, 3, 4],
  extra: ["unknown_event_type", "negative_quantity"],
  valid: ["quoted_fields"]
};

// Every value below is wrong under any reasonable reading (Number, parseCents, Date.parse and the
// contract's strict format all reject it), so the manifest is unambiguous ground truth.
const BAD_NUMBERS = ["two", "12.9.9", "1O", "N/A", "$4.99", "1e", "--3", "4 5", "abc"];
const BAD_BYTES = [[0xff], [0xff, 0xfe], [0xc3], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xe2, 0x82]];
const CUSTOMERS_WITH_COMMAS = ["Acme Catering, Ltd", "Smith, Jones & Co", "Northwind Traders, Leeds"];
const CUSTOMERS_WITH_NEWLINES = ["Acme Catering\nAccounts Dept", "Harbour Cafe\nUnit 4"];
const CUSTOMERS_WITH_QUOTES = ['The "Corner" Cafe', 'Bob\'s "Best" Bakes'];

/** Every kind a file gets, malformed and valid. */
export function dirtyKinds(spec: DirtySpec): string[] {
  return [...COMMON, ...spec.extra, ...spec.valid];
}

/**
 * Passes real rows through and, now and then, adds a malformed copy of the row just written
 * (or writes it in a valid but awkward form). Kinds come round in shuffled cycles so each
 * appears about equally; `finish` adds any kind a short file never reached. The real rows are
 * untouched: dropping the manifest's lines (and the extra valid rows) gives back the clean file.
 */
export class DirtyWriter implements RowSink {
  private cycle: string[] = [];
  private readonly used = new Set<string>();
  private last: string | undefined;
  private extraRows = 0;

  constructor(
    private readonly writer: CsvWriter,
    private readonly spec: DirtySpec,
    private readonly rng: Rng,
    private readonly rate: number,
    private readonly manifest: ManifestEntry[],
    private readonly valid: ManifestEntry[]
  ) {}

  row(text: string): void {
    this.last = text;
    if (!this.rng.chance(this.rate)) {
      this.writer.row(text);
      return;
    }
    const kind = this.nextKind();
    if (kind === "quoted_fields") {
      this.valid.push({file: this.spec.file, line: this.writer.record(csvRowQuoted(text.split(",")), 0), kind});
      return;
    }
    this.writer.row(text);
    this.inject(kind, text);
  }

  /** Injects the kinds never reached (after the last real row). */
  finish(): void {
    if (this.last === undefined) return;
    for (const kind of dirtyKinds(this.spec)) {
      if (this.used.has(kind)) continue;
      this.used.add(kind);
      if (kind === "quoted_fields") this.valid.push({file: this.spec.file, line: this.writer.record(csvRowQuoted(this.last.split(",")), 0), kind});
      else this.inject(kind, this.last);
    }
  }

  private nextKind(): string {
    if (this.cycle.length === 0) this.cycle = this.rng.shuffle(dirtyKinds(this.spec));
    const kind = this.cycle.pop()!;
    this.used.add(kind);
    return kind;
  }

  private inject(kind: string, text: string): void {
    const {spec, rng, writer} = this;
    const fields = text.split(",");
    const record = (row: string, newlines = 0) => writer.record(row, newlines);
    let line: number;
    switch (kind) {
      case "duplicate":
        line = record(text);
        break;
      case "bad_number":
        fields[rng.pick(spec.numbers)] = rng.pick(BAD_NUMBERS);
        line = record(fields.join(","));
        break;
      case "missing_field":
        fields.splice(rng.int(fields.length), 1);
        line = record(fields.join(","));
        break;
      case "extra_field": {
        const i = rng.int(fields.length + 1);
        fields.splice(i, 0, fields[Math.min(i, fields.length - 1)]);
        line = record(fields.join(","));
        break;
      }
      case "empty_field":
        fields[rng.pick(spec.required)] = "";
        line = record(fields.join(","));
        break;
      case "bad_timestamp":
        fields[spec.timestamp] = badTimestamp(rng, fields[spec.timestamp]);
        line = record(fields.join(","));
        break;
      case "unknown_store":
        fields[spec.store] = `S${rng.between(90, 99)}`;
        line = record(fields.join(","));
        break;
      case "unknown_product":
        fields[spec.product] = `P${rng.between(9000, 9999)}`;
        line = record(fields.join(","));
        break;
      case "stray_quote": {
        // A quote inside an unquoted field, or text after a closing quote: lenient readers keep
        // the quote (a bad number or unknown id), strict ones report a CSV error; both reject.
        const r = rng.int(3);
        if (r === 0) fields[rng.pick(spec.numbers)] += '"';
        else if (r === 1) fields[spec.store] = `"${fields[spec.store]}"x`;
        else fields[spec.timestamp] = fields[spec.timestamp].slice(0, 10) + '"' + fields[spec.timestamp].slice(10);
        line = record(fields.join(","));
        break;
      }
      case "invalid_utf8": {
        const before = fields.slice(0, spec.product).join(",") + (spec.product > 0 ? "," : "") + fields[spec.product].slice(0, 2);
        const after = fields[spec.product].slice(2) + (spec.product < fields.length - 1 ? "," : "") + fields.slice(spec.product + 1).join(",") + writer.eol;
        writer.flush();
        line = writer.bytes(Buffer.concat([Buffer.from(before), Buffer.from(rng.pick(BAD_BYTES)), Buffer.from(after)]), 1);
        break;
      }
      case "nonpositive_quantity":
        fields[5] = rng.chance(0.5) ? "0" : `-${fields[5]}`;
        line = record(fields.join(","));
        break;
      case "negative_price":
        fields[6] = `-${fields[6]}`;
        line = record(fields.join(","));
        break;
      case "bad_discount": {
        // A discount larger than the line's gross: the amount would be negative.
        const gross = Number(fields[5]) * parseCents(fields[6]);
        fields[7] = formatCents(gross + rng.between(1, 500));
        line = record(fields.join(","));
        break;
      }
      case "nonpositive_amount":
        fields[5] = rng.chance(0.5) ? "0.00" : `-${fields[5]}`;
        line = record(fields.join(","));
        break;
      case "unknown_reason":
        fields[6] = rng.pick(["lost_receipt", "unhappy", "price_match"]);
        line = record(fields.join(","));
        break;
      case "unknown_event_type":
        fields[3] = rng.pick(["adjustment", "transfer", "shrinkage"]);
        line = record(fields.join(","));
        break;
      case "negative_quantity":
        fields[4] = fields[3] === "restock" && rng.chance(0.5) ? "0" : `-${Math.max(1, Number(fields[4]))}`;
        line = record(fields.join(","));
        break;
      case "quoted_comma":
      case "embedded_newline":
      case "escaped_quote": {
        // Extra, valid sales to business accounts whose ids need quoting.
        const names = kind === "quoted_comma" ? CUSTOMERS_WITH_COMMAS : kind === "embedded_newline" ? CUSTOMERS_WITH_NEWLINES : CUSTOMERS_WITH_QUOTES;
        const customer = rng.pick(names);
        fields[0] = `TB${String(++this.extraRows).padStart(6, "0")}`;
        fields[4] = customer;
        this.valid.push({file: spec.file, line: record(csvRow(fields), customer.split("\n").length - 1), kind});
        return;
      }
      default:
        throw new Error(`unknown dirty kind: ${kind}`);
    }
    this.manifest.push({file: spec.file, line, kind});
  }
}

function badTimestamp(rng: Rng, ts: string): string {
  switch (rng.int(6)) {
    case 0:
      return `${ts.slice(0, 5)}13${ts.slice(7)}`;
    case 1:
      return `${ts.slice(0, 8)}32${ts.slice(10)}`;
    case 2:
      return `${ts.slice(0, 11)}25${ts.slice(13)}`;
    case 3:
      return `${ts.slice(0, 10)}${ts.slice(11)}`;
    case 4:
      return `${ts.slice(0, 19)}+25:00`;
    default:
      return "yesterday";
  }
}
