/**
 * gensim's `n_similarity`: the similarity of two sets of words.
 */
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { getMeanVector } from './mean-vector.js';
import { sdot } from './sdot.js';
import type { Term } from './types.js';
import { unitVector } from './unit-vector.js';

/**
 * The cosine similarity of the means of the two lists' **raw** (not normalised) vectors (surprising behaviour 9).
 * As in gensim, words not in the model are skipped silently; if none of a list is known its mean is zero and the
 * similarity 0. An empty list is an Error (gensim: ZeroDivisionError).
 */
export function nSimilarity(model: KeyedVectors, words1: readonly Term[], words2: readonly Term[]): number {
  if (words1.length === 0 || words2.length === 0) throw new Error('nSimilarity needs at least one word in each list');
  const mean1 = getMeanVector(model, words1, { preNormalize: false });
  const mean2 = getMeanVector(model, words2, { preNormalize: false });
  return sdot(unitVector(mean1), unitVector(mean2));
}
