/**
 * Scores 1–5 by rank: a value's score is 1 + floor(5 × b / n), where b counts the values strictly
 * worse than it. Tied values therefore share the lowest score their group reaches (a block of
 * equal values never straddles two scores), and the result does not depend on input order.
 * With `lowerIsBetter` (recency in days), worse means larger.
 */
export function quintiles(values: ArrayLike<number>, {lowerIsBetter = false}: {lowerIsBetter?: boolean} = {}): Uint8Array {
  const n = values.length;
  const order = Array.from({length: n}, (_, i) => i).sort((a, b) => (lowerIsBetter ? values[b] - values[a] : values[a] - values[b]));
  const scores = new Uint8Array(n);
  let worse = 0;
  for (let i = 0; i < n; ++i) {
    if (i > 0 && values[order[i]] !== values[order[i - 1]]) worse = i;
    scores[order[i]] = 1 + Math.floor((5 * worse) / n);
  }
  return scores;
}
