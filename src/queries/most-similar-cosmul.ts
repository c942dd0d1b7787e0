/**
 * gensim's `most_similar_cosmul`: Levy & Goldberg's 3CosMul ("Linguistic Regularities in Sparse and Explicit Word
 * Representations", 2014, eq. 4, with cosines shifted to [0, 1] as in their footnote 7).
 */
import { topKOfScores } from '../kernels/index.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { checkCount, checkTopn } from './check.js';
import { kernelOf, neighbors } from './kernel.js';
import { isQuery, isWeighted, resolveTerm, termList } from './terms.js';
import type { Neighbor, QueryTerm, Terms } from './types.js';
import { unitRow } from './unit-vector.js';

export interface CosmulOptions {
  negative?: Terms;
  /** Number of answers (default 10; below 1 gives []), or null for every row's score in index order. */
  topn?: number | null;
  /** Accepted and **ignored**, as by gensim 4.2.0 (surprising behaviour 8): the whole model is searched. */
  restrictVocab?: number | null;
}

export interface CosmulQuery extends CosmulOptions {
  positive?: Terms;
}

const f = Math.fround;

/**
 * `score(w) = Πₚ (1 + cos(w, p))/2 / (Πₙ (1 + cos(w, n))/2 + 1e-6)`, in float32, best first; the key inputs are left
 * out (each once). gensim's quirks, kept (behaviour 8):
 * - a key's term is its unit vector, but a raw vector is used as given, so its "cosines" (and scores) can exceed 1;
 * - with no negative the denominator is still `1 + 1e-6`: a word's own unit vector scores it 0.999999.
 * Differences: an integer key is taken as an index here (gensim 4.2.0 fails on it), and a `{ term, weight }` is a
 * TypeError (gensim has no weights here).
 * Throws an Error without positive terms, UnknownWordError for a word not in the model.
 */
export function mostSimilarCosmul(model: KeyedVectors, query: CosmulQuery & { topn: null }): Float32Array;
export function mostSimilarCosmul(model: KeyedVectors, query: CosmulQuery & { topn?: number }): Neighbor[];
export function mostSimilarCosmul(model: KeyedVectors, positive: Terms, options: CosmulOptions & { topn: null }): Float32Array;
export function mostSimilarCosmul(model: KeyedVectors, positive: Terms, options?: CosmulOptions & { topn?: number }): Neighbor[];
export function mostSimilarCosmul(model: KeyedVectors, query: CosmulQuery | Terms, options?: CosmulOptions): Neighbor[] | Float32Array;
export function mostSimilarCosmul(model: KeyedVectors, query: CosmulQuery | Terms, options: CosmulOptions = {}): Neighbor[] | Float32Array {
  const q: CosmulQuery = isQuery(query) ? query : { ...options, positive: query };
  const topn = q.topn === undefined ? 10 : q.topn;
  checkCount(q.restrictVocab, 'restrictVocab');
  if (topn !== null) {
    checkTopn(topn);
    if (topn < 1) return [];
  }
  const excluded = new Set<number>();
  const term = (item: QueryTerm): ArrayLike<number> => {
    if (isWeighted(item)) throw new TypeError('mostSimilarCosmul takes no weights: give words or vectors');
    const r = resolveTerm(model, item);
    if (r.vector) return r.vector;
    excluded.add(r.row);
    return unitRow(model, r.row);
  };
  const pos = termList(q.positive).map(term);
  const neg = termList(q.negative).map(term);
  if (pos.length === 0) throw new Error('mostSimilarCosmul needs at least one positive word');
  const numerator = shiftedProduct(model, pos);
  const denominator = neg.length ? shiftedProduct(model, neg) : null;
  const tiny = f(1e-6), one = f(1 + 1e-6); // gensim: prod([]) + 1e-6 is a float64 1.000001, used as float32
  for (let i = 0; i < numerator.length; i++) numerator[i] /= denominator ? f(denominator[i] + tiny) : one;
  if (topn === null) return numerator;
  const best = topKOfScores(numerator, topn + excluded.size);
  return neighbors(model, best.indices, best.scores, topn, [...excluded]);
}

/** Πₜ (1 + cos(row, t)) / 2 for every row, in float32 (numpy's `prod(axis=0)`: left to right). */
function shiftedProduct(model: KeyedVectors, terms: ArrayLike<number>[]): Float32Array {
  const kernel = kernelOf(model);
  let product: Float32Array | undefined;
  for (const t of terms) {
    const s = kernel.scores(model.memory, Float32Array.from(t), 0, model.size);
    for (let i = 0; i < s.length; i++) s[i] = f(1 + s[i]) / 2;
    if (!product) product = s;
    else for (let i = 0; i < s.length; i++) product[i] *= s[i];
  }
  return product!;
}
