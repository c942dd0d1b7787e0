/**
 * gensim's `most_similar`: the words closest (by cosine similarity) to the weighted mean of `positive` minus
 * `negative`, with the input words left out.
 */
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { checkTopn } from './check.js';
import { kernelOf, neighbors } from './kernel.js';
import { queryVector } from './query-vector.js';
import { searchRange, type RangeOptions } from './search-range.js';
import { isQuery } from './terms.js';
import type { Neighbor, Terms } from './types.js';

export interface MostSimilarOptions extends RangeOptions {
  /** Terms to move away from (plain items weigh −1). */
  negative?: Terms;
  /** Number of answers (default 10; below 1 gives []), or null for every row's similarity in index order. */
  topn?: number | null;
}

export interface MostSimilarQuery extends MostSimilarOptions {
  /** Terms to move towards (plain items weigh +1). */
  positive?: Terms;
}

/**
 * The `topn` most similar words, best first (ties by row), or with `topn: null` the similarities of every row of
 * the searched range, in index order (gensim's `topn=None`: nothing excluded).
 *
 * Either `mostSimilar(model, { positive, negative, topn, restrictVocab, clipStart, clipEnd })` or
 * `mostSimilar(model, positive, { negative, topn, ... })`.
 * Throws UnknownWordError for a word not in the model, an Error when there is no term at all.
 */
export function mostSimilar(model: KeyedVectors, query: MostSimilarQuery & { topn: null }): Float32Array;
export function mostSimilar(model: KeyedVectors, query: MostSimilarQuery & { topn?: number }): Neighbor[];
export function mostSimilar(model: KeyedVectors, positive: Terms, options: MostSimilarOptions & { topn: null }): Float32Array;
export function mostSimilar(model: KeyedVectors, positive: Terms, options?: MostSimilarOptions & { topn?: number }): Neighbor[];
export function mostSimilar(model: KeyedVectors, query: MostSimilarQuery | Terms, options?: MostSimilarOptions): Neighbor[] | Float32Array;
export function mostSimilar(model: KeyedVectors, query: MostSimilarQuery | Terms, options: MostSimilarOptions = {}): Neighbor[] | Float32Array {
  const q: MostSimilarQuery = isQuery(query) ? query : { ...options, positive: query };
  const topn = q.topn === undefined ? 10 : q.topn;
  if (topn !== null) {
    checkTopn(topn);
    if (topn < 1) return []; // checked first, as in gensim: even an unknown word gives []
  }
  const [start, end] = searchRange(model.size, q);
  const { vector, excluded } = queryVector(model, q.positive, q.negative);
  const kernel = kernelOf(model);
  if (topn === null) return kernel.scores(model.memory, vector, start, end);
  // gensim over-fetches topn + (number of key inputs), then drops the inputs (README most_similar 9)
  const best = kernel.topK(model.memory, vector, start, end, topn + excluded.length);
  return neighbors(model, best.indices, best.scores, topn, excluded);
}
