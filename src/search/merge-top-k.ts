import { before } from '../kernels/heap.js';
import type { TopKResult } from '../kernels/types.js';

/**
 * Merges the top-k lists of the same `count` queries (or rows) over slices of the candidates into the top-k over
 * their union. Each part holds count × k entries, query q's at q·k in rank order (higher score, then lower index,
 * NaN last), −1 / NaN padding at the end of a list; so does the result. The search pool's slices are disjoint; a
 * dictionary shard's may overlap (../dictionary/merge-parts.ts): an entry found in several parts, the same
 * (score, index), is taken once. Rank order is total, so such copies come one after the other.
 */
export function mergeTopK(parts: readonly TopKResult[], count: number, k: number): TopKResult {
  if (parts.length === 1) return parts[0];
  const indices = new Int32Array(count * k).fill(-1);
  const scores = new Float32Array(count * k).fill(NaN);
  const at = new Int32Array(parts.length);
  for (let q = 0; q < count; q++) {
    const base = q * k;
    at.fill(0);
    for (let e = 0; e < k; ) {
      let best = -1;
      for (let p = 0; p < parts.length; p++) {
        if (at[p] >= k) continue;
        const i = parts[p].indices[base + at[p]];
        if (i < 0) continue;
        if (best < 0 || before(parts[p].scores[base + at[p]], i, parts[best].scores[base + at[best]], parts[best].indices[base + at[best]])) best = p;
      }
      if (best < 0) break;
      const index = parts[best].indices[base + at[best]];
      const score = parts[best].scores[base + at[best]];
      at[best]++;
      if (e > 0 && indices[base + e - 1] === index && Object.is(scores[base + e - 1], score)) continue; // the same entry from another part
      indices[base + e] = index;
      scores[base + e] = score;
      e++;
    }
  }
  return { indices, scores };
}
