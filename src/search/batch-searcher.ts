import type { TopKResult } from '../kernels/types.js';

/**
 * Something that scores blocks of unit query vectors against a range of a model's rows and keeps each query's k
 * best: the search pool (worker threads) and the micro-batcher in front of it. `mostSimilarBatch` runs on one.
 */
export interface BatchSearcher {
  /** The most queries one search() takes. */
  readonly capacity: number;
  /** The largest k one search() takes. */
  readonly maxK: number;
  /**
   * `count` unit vectors (count × dim, row-major) against rows [start, end): count × k entries, query q's at q·k,
   * best first (higher score, then lower index, NaN last), −1 / NaN where the range has fewer than k rows.
   */
  search(vectors: Float32Array, count: number, k: number, start: number, end: number): Promise<TopKResult>;
}
