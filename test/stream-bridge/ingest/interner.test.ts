import {describe, expect, it} from "vitest";
import {Interner} from "../../../stream-bridge/ingest/interner.ts";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 8;
}

describe("Interner", () => {
  it("get(buf, s, e) is the bytes' text, with one code per distinct value, short (packed keys, up to 14 bytes) and long alike", () => {
    const next = lcg(3);
    // Values of 0–20 bytes over a small alphabet (many repeats, equal prefixes, equal packed digits).
    const values = Array.from({length: 3000}, () => {
      const n = next() % 21;
      let v = "";
      for (let k = 0; k < n; ++k) v += "AB0\x01\x7f"[next() % 5];
      return v;
    });
    // Every pair of bytes that differ by one in a packing digit, alone and after 7 bytes (the second key).
    const edge = ["\x00", "\x01", "\x3f", "\x40", "\x41", "\x7e", "\x7f", "A", "B"];
    const edges: string[] = [];
    for (const a of edge) for (const b of edge) edges.push(a + b, "1234567" + a + b, a + b + "123456", "12345678901234".slice(0, 12) + a + b);
    // …first (before the tables grow) and again at the end.
    values.unshift(...edges);
    values.push(...edges);
    // Long values (hashed, compared as text) first, and again after the tables grew.
    const long = Array.from({length: 300}, (_, i) => `long-product-id-${String(i).padStart(4, "0")}`);
    values.unshift(...long);
    values.push(...long.reverse());
    const buf = Buffer.from(" " + values.join(" "), "latin1");
    const interner = new Interner(4096);
    const codeOf = new Map<string, number>();
    let s = 1;
    for (const v of values) {
      const e = s + v.length;
      expect(interner.get(buf, s, e)).toBe(v);
      const code = interner.code;
      expect(code).toBeGreaterThanOrEqual(0);
      if (codeOf.has(v)) expect(code).toBe(codeOf.get(v));
      else codeOf.set(v, code);
      expect(interner.strings[code]).toBe(v);
      s = e + 1;
    }
    // Distinct values, distinct codes.
    expect(new Set(codeOf.values()).size).toBe(codeOf.size);
    expect(codeOf.size).toBeGreaterThan(500);
  });

  it("stops keeping values when full: code -1, text still right", () => {
    const interner = new Interner(2);
    const buf = Buffer.from("S1 S2 S3 S1 LONGVALUE1 S3", "latin1");
    const got = [[0, 2], [3, 5], [6, 8], [9, 11], [12, 22], [23, 25]].map(([s, e]) => [interner.get(buf, s, e), interner.code]);
    expect(got).toEqual([["S1", 0], ["S2", 1], ["S3", -1], ["S1", 0], ["LONGVALUE1", -1], ["S3", -1]]);
  });
});
