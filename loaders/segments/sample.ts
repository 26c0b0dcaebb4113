/**
 * `size` distinct indices from 0..n−1, ascending, chosen by a seeded partial Fisher–Yates shuffle
 * (mulberry32), so the same seed always picks the same customers. All indices when n ≤ size.
 */
export function sample(n: number, size: number, seed: number): Int32Array {
  if (n <= size) return Int32Array.from({length: n}, (_, i) => i);
  const random = mulberry32(seed);
  const pool = Int32Array.from({length: n}, (_, i) => i);
  for (let i = 0; i < size; ++i) {
    const j = i + Math.floor(random() * (n - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, size).sort();
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
