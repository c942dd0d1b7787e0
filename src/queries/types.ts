/**
 * The shapes of query inputs and ranked answers, named after gensim's `KeyedVectors` API.
 */
import type { Key } from '../vectors/keyed-vectors.js';

/** One ranked answer: a word of the model and its similarity (a float32 value, as gensim's). */
export interface Neighbor {
  word: string;
  score: number;
}

/** A raw vector: used exactly as given (gensim's numpy array). Its length must be the model's dimension. */
export type Vector = Float32Array | readonly number[];

/** A word, an integer index (gensim's `get_index`), or a raw vector. */
export type Term = Key | Vector;

/** gensim's `(key_or_vector, weight)` tuple: the weight is used as given, even in `negative`. */
export interface WeightedTerm {
  term: Term;
  weight: number;
}

/** An item of `positive` / `negative`. */
export type QueryTerm = Term | WeightedTerm;

/**
 * What `positive` and `negative` take: one item or a list of them; null/undefined is an empty list.
 * A `Float32Array` is one vector; a plain array is a list of items (so `[654]` is the word at index 654 and a raw
 * vector inside a list may be a `number[]`).
 */
export type Terms = QueryTerm | readonly QueryTerm[] | null | undefined;
