import {gzipSync} from "node:zlib";
import {describe, expect, it} from "vitest";
import {notText} from "../../../stream-bridge/ingest/notText.ts";

describe("notText(bytes)", () => {
  it("names files that are not CSV text, with the fix", () => {
    expect(notText(Buffer.from([0xff, 0xfe, 0x74, 0x00]))).toMatch(/^UTF-16 text is not supported; save the file as UTF-8$/);
    expect(notText(Buffer.from([0xfe, 0xff, 0x00, 0x74]))).toMatch(/^UTF-16/);
    expect(notText(gzipSync("transaction_id,timestamp\n"))).toMatch(/^a gzip file.*gunzip/);
    expect(notText(Buffer.from("PK\x03\x04\x14\x00", "latin1"))).toMatch(/^a zip archive \(an Excel \.xlsx workbook\?\)/);
    expect(notText(Buffer.from("PAR1\x15\x04", "latin1"))).toMatch(/Parquet/);
    expect(notText(Buffer.from("ARROW1\x00\x00", "latin1"))).toMatch(/Arrow/);
  });

  it("is null for text, a UTF-8 BOM, and too few bytes to tell", () => {
    expect(notText(Buffer.from("transaction_id,timestamp\n"))).toBeNull();
    expect(notText(Buffer.from("\ufefftransaction_id\n"))).toBeNull();
    expect(notText(Buffer.from("PK"))).toBeNull();
    expect(notText(Buffer.from([0x1f, 0x8b]), 1)).toBeNull();
    expect(notText(Buffer.alloc(0))).toBeNull();
  });
});
