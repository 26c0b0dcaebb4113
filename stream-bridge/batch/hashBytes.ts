import {fmix, h64} from "../engine/hash64.ts";

/**
 * engine/hash64.ts hashString over bytes: for ASCII bytes [s, e) it writes into h64 exactly what
 * hashString writes for the same text (a char code is then its byte), so the batch parse thread
 * hashes ids straight from the CSV buffer without decoding them. Mirrors hashString step for step;
 * test/stream-bridge/batch/hashBytes.test.ts holds the two together. Non-ASCII text must go
 * through hashString (UTF-16 code units are not UTF-8 bytes).
 */
export function hashBytes(buf: Uint8Array, s: number, e: number): void {
  const n = e - s;
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9747b28c ^ n;
  for (let i = s; i < e; ++i) {
    const c = buf[i];
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  h64.hi = fmix(h1 ^ n);
  h64.lo = fmix(h2 ^ h1);
}
