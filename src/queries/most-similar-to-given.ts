/**
 * gensim's `most_similar_to_given`: the candidate closest to a word.
 */
import type { Key, KeyedVectors } from '../vectors/keyed-vectors.js';
import { similarity } from './similarity.js';

/** The key of `candidates` with the highest `similarity` to `key` (the first one on a tie), as given. */
export function mostSimilarToGiven<K extends Key>(model: KeyedVectors, key: Key, candidates: readonly K[]): K {
  if (candidates.length === 0) throw new Error('mostSimilarToGiven needs at least one candidate');
  let best = 0, bestScore = -Infinity;
  candidates.forEach((c, i) => {
    const s = similarity(model, key, c);
    if (s > bestScore) [best, bestScore] = [i, s];
  });
  return candidates[best];
}
