import {describe, expect, it} from "vitest";
import {h64, hashString} from "../../../stream-bridge/engine/hash64.ts";
import {hashBytes} from "../../../stream-bridge/batch/hashBytes.ts";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

const ofString = (text: string): [number, number] => (hashString(text), [h64.hi, h64.lo]);
const ofBytes = (bytes: Uint8Array, s: number, e: number): [number, number] => (hashBytes(bytes, s, e), [h64.hi, h64.lo]);

describe("hashBytes", () => {
  it("equals hashString of the same ASCII text, at any offset and length (empty included)", () => {
    const next = lcg(11);
    for (let n = 0; n < 2000; ++n) {
      const length = n < 40 ? n : next() % 200;
      let text = "";
      for (let k = 0; k < length; ++k) text += String.fromCharCode(next() % 128);
      const pad = next() % 7;
      const bytes = Buffer.concat([Buffer.alloc(pad, 120), Buffer.from(text, "latin1"), Buffer.from(",x")]);
      expect(ofBytes(bytes, pad, pad + length)).toEqual(ofString(text));
    }
    expect(ofBytes(Buffer.from("T00000001"), 0, 9)).toEqual(ofString("T00000001"));
  });

  it("tells ids apart that differ in one byte or only in length", () => {
    const ids = ["T1", "T2", "T10", "T01", "1T", "", " ", "\u0000"];
    const hashes = new Set(ids.map((id) => ofBytes(Buffer.from(id, "latin1"), 0, id.length).join()));
    expect(hashes.size).toBe(ids.length);
  });
});
