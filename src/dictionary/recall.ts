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
import { Random } from '../random.js';
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
  const random = new Random(seed);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(random.below(n));
  return Int32Array.from(chosen).sort();
}

/** The exact rows of a sample, computed once, to be compared with any number of candidate rows (recallOf). */
export interface ExactSample {
  /** The sample's rows, sorted. */
  rows: Int32Array;
  k: number;
  includeSelf: boolean;
  /** Row rows[r]'s exact neighbours at indices[r·k ..), scores alike (−1 / NaN past the end). */
  indices: Int32Array;
  scores: Float32Array;
}

/** The exact top-k of `rows` from the exact engine on `threads` threads (buildRestrictedDictionary, in memory). */
export async function exactSample(model: KeyedVectors, rows: Int32Array, options: { k: number; includeSelf?: boolean; threads?: number }): Promise<ExactSample> {
  const { k } = options;
  const includeSelf = options.includeSelf ?? false;
  if (rows.length === 0) return { rows: new Int32Array(0), k, includeSelf, indices: new Int32Array(0), scores: new Float32Array(0) };
  const exact = await buildRestrictedDictionary(model, Array.from(rows), { k, includeSelf, threads: options.threads });
  return { rows: exact.rows, k, includeSelf, indices: exact.indices, scores: exact.scores };
}

/**
 * Recall@k of `got` against the exact sample: got(i) gives row i's neighbours (k row numbers, best first, −1 past the
 * end; the array may be reused between calls).
 */
export function recallOf(model: KeyedVectors, truth: ExactSample, got: (row: number) => ArrayLike<number>): number {
  const { k, includeSelf } = truth;
  let hits = 0, wanted = 0;
  const ui = new Float32Array(model.dim), uj = new Float32Array(model.dim);
  const set = new Set<number>(), seen = new Set<number>();
  for (let r = 0; r < truth.rows.length; r++) {
    const row = truth.rows[r];
    set.clear();
    let kth = NaN;
    for (let e = 0; e < k; e++) {
      const j = truth.indices[r * k + e];
      if (j < 0) break;
      set.add(j);
      kth = truth.scores[r * k + e];
    }
    wanted += set.size;
    const mine = got(row);
    seen.clear();
    unitRow(model, row, ui);
    for (let e = 0; e < Math.min(k, mine.length); e++) {
      const j = mine[e];
      if (j < 0 || seen.has(j) || (j === row && !includeSelf) || j >= model.size) continue;
      seen.add(j);
      if (set.has(j) || pairScore(ui, unitRow(model, j, uj)) >= kth) hits++;
    }
  }
  return wanted === 0 ? 1 : Math.min(1, hits / wanted);
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
  const truth = await exactSample(model, rows, options);
  return { recall: recallOf(model, truth, got), rows: truth.rows, k: options.k };
}

/** s(i, j) as the tile kernel computes it: Σ u_i[p]·u_j[p] over p in order, one float32 multiply and add a term. */
function pairScore(ui: Float32Array, uj: Float32Array): number {
  let s = 0;
  for (let p = 0; p < ui.length; p++) s = Math.fround(s + Math.fround(ui[p] * uj[p]));
  return s;
}
