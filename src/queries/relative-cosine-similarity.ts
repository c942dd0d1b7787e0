/**
 * gensim's `relative_cosine_similarity` (Leeuwenberg et al. 2016, "A Minimally Supervised Approach for Synonym
 * Extraction with Word Embeddings").
 */
import type { Key, KeyedVectors } from '../vectors/keyed-vectors.js';
import { similarity } from './similarity.js';
import { similarByWord } from './similar-by.js';

/** `similarity(a, b) / Σ similarities of a's topn most similar words` (a float64). */
export function relativeCosineSimilarity(model: KeyedVectors, a: Key, b: Key, topn = 10): number {
  const sims = similarByWord(model, a, { topn });
  if (sims.length === 0) throw new Error('relativeCosineSimilarity needs at least one similar word: topn must be ≥ 1');
  return similarity(model, a, b) / sims.reduce((sum, n) => sum + n.score, 0);
}
