/**
 * gensim's `similar_by_word`, `similar_by_key` and `similar_by_vector`: `mostSimilar` of a single term.
 */
import type { Key, KeyedVectors } from '../vectors/keyed-vectors.js';
import { mostSimilar } from './most-similar.js';
import type { Neighbor, Vector } from './types.js';

export interface SimilarByOptions {
  /** Number of answers (default 10; below 1 gives []). */
  topn?: number;
  /** Search only the first `restrictVocab` rows (0 or undefined: all). */
  restrictVocab?: number | null;
}

/** The words most similar to `word`, which is left out of the answers. */
export function similarByWord(model: KeyedVectors, word: Key, options: SimilarByOptions = {}): Neighbor[] {
  return mostSimilar(model, { positive: [word], topn: options.topn, restrictVocab: options.restrictVocab });
}

/** Same as `similarByWord` (gensim's newer name). */
export function similarByKey(model: KeyedVectors, key: Key, options: SimilarByOptions = {}): Neighbor[] {
  return similarByWord(model, key, options);
}

/**
 * The words most similar to a raw vector. Nothing is excluded: a word's own vector finds that word first, with a
 * similarity of about 1.
 */
export function similarByVector(model: KeyedVectors, vector: Vector, options: SimilarByOptions = {}): Neighbor[] {
  return mostSimilar(model, { positive: [vector], topn: options.topn, restrictVocab: options.restrictVocab });
}
