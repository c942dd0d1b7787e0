import type { TopKResult } from '../kernels/types.js';

/**
 * How a searcher ranks, in the terms of a dictionary's metadata (DictionaryMeta's method and recall), so that the
 * CLI and the server report what actually answered: an approximate engine must never be reported as exact.
 */
export interface SearchMethod {
  /** 'exact-f32', 'exact-int8-rescored', or an approximate engine's name. */
  readonly name: string;
  /** The fraction of the true top-k found: 1 for an exact search, less for an approximate one, null if unknown. */
  readonly recall: number | null;
}

/** float32 scores throughout (the tile kernel, or gensim's one-query path). */
export const EXACT_F32: SearchMethod = { name: 'exact-f32', recall: 1 };
/** Quantised pre-selection, then exact float32 rescoring of every candidate the error bound keeps: the same answers. */
export const EXACT_INT8_RESCORED: SearchMethod = { name: 'exact-int8-rescored', recall: 1 };

/**
 * Something that scores blocks of unit query vectors against a range of a model's rows and keeps each query's k
 * best: the search pool (worker threads) and the micro-batcher in front of it. `mostSimilarBatch` runs on one.
 */
export interface BatchSearcher {
  /** The most queries one search() takes. */
  readonly capacity: number;
  /** The largest k one search() takes. */
  readonly maxK: number;
  /** How it ranks: exact or approximate (and its recall). */
  readonly method: SearchMethod;
  /**
   * `count` unit vectors (count × dim, row-major) against rows [start, end): count × k entries, query q's at q·k,
   * best first (higher score, then lower index, NaN last), −1 / NaN where the range has fewer than k rows.
   */
  search(vectors: Float32Array, count: number, k: number, start: number, end: number): Promise<TopKResult>;
}
