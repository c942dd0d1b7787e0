/**
 * Many `mostSimilar` queries at once: the queries are scored in blocks against the model with the dictionary's tile
 * kernel (matrix-matrix work, far faster per query than one matrix-vector pass each). By default on this thread,
 * yielding to the event loop between blocks; with `searcher` (a SearchPool of worker threads, or a MicroBatcher in
 * front of one) on the workers, this thread only waiting.
 *
 * Each answer is gensim's `most_similar` for that query: the same query vector (weighted mean of unit vectors,
 * normalised), the same self-exclusion, the same range. Only the last bits of a score may differ (≤ ~1e-7): the tile
 * kernel computes dot(unit query, unit row) where `mostSimilar` computes dot(row, query) / norm, so neighbours tied
 * within that may swap.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TileWorkspace } from '../kernels/tile-workspace.js';
import type { TopKResult } from '../kernels/types.js';
import type { BatchSearcher } from '../search/batch-searcher.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { checkTopn } from './check.js';
import { neighbors } from './kernel.js';
import { queryVector } from './query-vector.js';
import { searchRange, type RangeOptions } from './search-range.js';
import { isQuery } from './terms.js';
import { mostSimilar, type MostSimilarQuery } from './most-similar.js';
import type { Neighbor, Terms } from './types.js';

export interface MostSimilarBatchOptions extends RangeOptions {
  /** Answers per query (default 10). */
  topn?: number;
  /** Score on this searcher (e.g. `await SearchPool.start(model)`) instead of on the calling thread. */
  searcher?: BatchSearcher;
}

/** Queries per block (the workspace's query capacity). */
const BLOCK = 256;
/** Candidate rows scored between two turns of the event loop. */
const CANDIDATES_PER_TURN = 32768;

/**
 * One answer per query, in order. A query is a word (or index, vector, weighted term), a list of them (positive), or
 * `{ positive, negative }`. Throws, before any work, for an unknown word in any query.
 */
export async function mostSimilarBatch(model: KeyedVectors, queries: readonly (Terms | Pick<MostSimilarQuery, 'positive' | 'negative'>)[], options: MostSimilarBatchOptions = {}): Promise<Neighbor[][]> {
  const topn = options.topn ?? 10;
  checkTopn(topn);
  if (topn < 1 || queries.length === 0) return queries.map(() => []);
  const prepared = queries.map((q) => (isQuery(q) ? queryVector(model, q.positive, q.negative) : queryVector(model, q as Terms, undefined)));
  const [start, end] = searchRange(model.size, options);
  const k = topn + Math.max(...prepared.map((p) => p.excluded.length));
  if (!model.memory.wasm) {
    // No WebAssembly memory (a model over 4 GiB): the single-query kernel, one query at a time.
    return queries.map((q) => mostSimilar(model, isQuery(q) ? { ...q, topn, ...options } : { positive: q as Terms, topn, ...options }));
  }
  const answer = (best: TopKResult, first: number, count: number): Neighbor[][] =>
    Array.from({ length: count }, (_, q) => {
      const at = q * k;
      const indices = best.indices.subarray(at, at + k);
      const missing = indices.indexOf(-1); // fewer than k rows in the range
      const valid = missing < 0 ? k : missing;
      return neighbors(model, indices.subarray(0, valid), best.scores.subarray(at, at + valid), topn, prepared[first + q].excluded);
    });
  const blockOf = (q0: number, count: number): Float32Array => {
    const block = new Float32Array(count * model.dim);
    for (let q = 0; q < count; q++) block.set(prepared[q0 + q].vector, q * model.dim);
    return block;
  };

  if (options.searcher) {
    const { searcher } = options;
    if (k > searcher.maxK) throw new RangeError(`topn ${topn} with ${k - topn} excluded words is more than the searcher's ${searcher.maxK} results per query`);
    const starts = Array.from({ length: Math.ceil(prepared.length / searcher.capacity) }, (_, b) => b * searcher.capacity);
    const blocks = await Promise.all(
      starts.map((q0) => {
        const count = Math.min(searcher.capacity, prepared.length - q0);
        return searcher.search(blockOf(q0, count), count, k, start, end).then((best) => answer(best, q0, count));
      }),
    );
    return blocks.flat();
  }

  const capacity = Math.min(BLOCK, queries.length);
  const { workspace, release } = TileWorkspace.reserve(model.memory, k, capacity, { queries: capacity });
  try {
    const answers: Neighbor[][] = [];
    for (let q0 = 0; q0 < prepared.length; q0 += capacity) {
      const count = Math.min(capacity, prepared.length - q0);
      workspace.setQueries(blockOf(q0, count), 0);
      workspace.resetHeaps(0, count);
      for (let j = start; j < end; j += CANDIDATES_PER_TURN) {
        workspace.tileQueries(0, count, j, Math.min(end, j + CANDIDATES_PER_TURN));
        await nextTurn();
      }
      answers.push(...answer(workspace.rowsResult(0, count), q0, count));
    }
    return answers;
  } finally {
    release();
  }
}
