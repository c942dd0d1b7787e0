/**
 * Recall of a dictionary, measured: a seeded sample of its rows gets its exact top-k from the exact engine (the
 * listed rows scored as batch queries on the search pool: `buildRestrictedDictionary`, bit for bit the rows of the
 * exact dictionary), and recall@k is the share of the exact neighbours the dictionary has. A neighbour tied with the
 * exact k-th score counts as a hit: among equal scores any choice is right, as the exact engine's own tests define
 * it. The tie test recomputes the pair's score itself (the float32 unit rows, summed in order, as the tile kernel
 * computes it), so a dictionary cannot pass with a wrong score.
 *
 * This is what every approximate run reports (printed, in --json and in the store's metadata); the exact engine's
 * recall is 1 by construction.
 */
import { unitRow } from '../queries/unit-vector.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { buildRestrictedDictionary } from './restricted-dictionary.js';

export interface RecallEstimate {
  /** Hits / exact neighbours over the sample (1 when the sample has none). */
  recall: number;
  /** The sample's rows, sorted. */
  rows: Int32Array;
  k: number;
}

/** `count` distinct rows of [0, n), drawn with a seeded generator (splitmix32), sorted. */
export function sampleRows(n: number, count: number, seed: number): Int32Array {
  if (count >= n) return Int32Array.from({ length: n }, (_, i) => i);
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 2 ** 32;
  };
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(next() * n));
  return Int32Array.from(chosen).sort();
}

/**
 * Recall@k of `got` on the rows `rows`: got(i) gives row i's neighbours (k row numbers, best first, −1 past the
 * end). The exact rows come from the exact engine on `threads` threads.
 */
export async function measureRecall(
  model: KeyedVectors,
  rows: Int32Array,
  got: (row: number) => ArrayLike<number>,
  options: { k: number; includeSelf?: boolean; threads?: number },
): Promise<RecallEstimate> {
  const { k } = options;
  const exact = await buildRestrictedDictionary(model, Array.from(rows), { k, includeSelf: options.includeSelf, threads: options.threads });
  let hits = 0, wanted = 0;
  const ui = new Float32Array(model.dim), uj = new Float32Array(model.dim);
  for (let r = 0; r < exact.rows.length; r++) {
    const row = exact.rows[r];
    const truth = new Set<number>();
    let kth = NaN;
    for (let e = 0; e < k; e++) {
      const j = exact.indices[r * k + e];
      if (j < 0) break;
      truth.add(j);
      kth = exact.scores[r * k + e];
    }
    wanted += truth.size;
    const mine = got(row), seen = new Set<number>();
    unitRow(model, row, ui);
    for (let e = 0; e < Math.min(k, mine.length); e++) {
      const j = mine[e];
      if (j < 0 || seen.has(j) || (j === row && !options.includeSelf) || j >= model.size) continue;
      seen.add(j);
      if (truth.has(j) || pairScore(ui, unitRow(model, j, uj)) >= kth) hits++;
    }
  }
  return { recall: wanted === 0 ? 1 : Math.min(1, hits / wanted), rows: exact.rows, k };
}

/** s(i, j) as the tile kernel computes it: Σ u_i[p]·u_j[p] over p in order, one float32 multiply and add a term. */
function pairScore(ui: Float32Array, uj: Float32Array): number {
  let s = 0;
  for (let p = 0; p < ui.length; p++) s = Math.fround(s + Math.fround(ui[p] * uj[p]));
  return s;
}
