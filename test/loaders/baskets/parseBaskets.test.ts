import {describe, expect, it} from "vitest";
import {csvRecords} from "../../../loaders/baskets/csvRecords.ts";
import {parseBaskets} from "../../../loaders/baskets/parseBaskets.ts";

describe("parseBaskets", () => {
  it("reads one basket per line, trimming items and skipping blank lines and empty items", () => {
    expect(parseBaskets("citrus fruit, margarine ,ready soups\n\nwhole milk\r\n  \nyogurt,,coffee\n")).toEqual([
      ["citrus fruit", "margarine", "ready soups"],
      ["whole milk"],
      ["yogurt", "coffee"]
    ]);
  });

  it("honours CSV quoting: commas, doubled quotes and newlines inside quotes", () => {
    expect(parseBaskets('"salt, sea",pepper\n"say ""cheese""","two\nlines"\n')).toEqual([
      ["salt, sea", "pepper"],
      ['say "cheese"', "two\nlines"]
    ]);
  });
});

describe("csvRecords", () => {
  it("numbers each record by the line it starts on", () => {
    expect(csvRecords('a,b\n"x\ny",z\nlast').map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it("names the line of an unterminated quote", () => {
    expect(() => csvRecords('a\n"open,b\n')).toThrow(/line 2/);
  });
});
