/**
 * Recall@k of an approximate dictionary against the float64 brute force (../dictionary/brute-force.ts): per row,
 * the share of the truth's k neighbours found, where a found word outside the truth still counts when its own
 * float64 score (recomputed here from the model, not the engine's score) is within `tie` of the truth's k-th (a
 * near-tie either way). The row itself, −1 and a word twice never count. Averaged over the truth's rows.
 */
import type { KeyedVectors } from '../../src/index.js';
import { cosine64, type Truth } from '../dictionary/brute-force.js';

export function recallAgainst(dict: { k: number; indices: Int32Array }, truth: Truth, model: KeyedVectors, tie = 1e-6): number {
  const k = dict.k;
  let sum = 0, rows = 0;
  for (const [i, want] of truth.rows) {
    const wanted = new Set(want.indices);
    const kth = want.scores[want.scores.length - 1];
    const seen = new Set<number>();
    let hits = 0;
    for (let r = 0; r < k; r++) {
      const j = dict.indices[i * k + r];
      if (j < 0 || seen.has(j) || (j === i && !truth.includeSelf)) continue;
      seen.add(j);
      if (wanted.has(j) || Math.abs(cosine64(model, i, j) - kth) <= tie) hits++;
    }
    sum += want.indices.length > 0 ? Math.min(1, hits / want.indices.length) : 1;
    rows++;
  }
  return rows > 0 ? sum / rows : 1;
}
