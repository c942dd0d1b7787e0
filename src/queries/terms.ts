/**
 * Query terms as gensim reads `positive` / `negative`: lists of keys, raw vectors and `(item, weight)` tuples.
 */
import type { Key, KeyedVectors } from '../vectors/keyed-vectors.js';
import { checkVector } from './check.js';
import type { QueryTerm, Term, Terms, Vector, WeightedTerm } from './types.js';

/** True for a raw vector (a Float32Array or an array of numbers), as opposed to a key or a weighted term. */
export function isVector(term: unknown): term is Vector {
  return term instanceof Float32Array || Array.isArray(term) || ArrayBuffer.isView(term);
}

/** True for a `{ term, weight }` object. */
export function isWeighted(item: unknown): item is WeightedTerm {
  return typeof item === 'object' && item !== null && !isVector(item) && 'term' in item;
}

/** True when `value` is a `{ positive, negative, ... }` query object rather than a term. */
export function isQuery<Q extends object>(value: Q | Terms): value is Q {
  return typeof value === 'object' && value !== null && !isVector(value) && !isWeighted(value);
}

/** The items of `positive` or `negative` (gensim's `_ensure_list`): one item becomes a list, null an empty one. */
export function termList(terms: Terms): readonly QueryTerm[] {
  if (terms == null) return [];
  if (Array.isArray(terms)) return terms as readonly QueryTerm[];
  return [terms as QueryTerm];
}

/** A resolved term: a row of the model, or a raw vector (checked against the model's dimension). */
export type Resolved = { row: number; vector?: undefined } | { row?: undefined; vector: Vector };

/**
 * Resolves a key to its row — a string is a word, an integer in [0, size) an index (surprising behaviour 10) — or
 * checks a raw vector's length. An unknown key throws UnknownWordError naming it.
 */
export function resolveTerm(model: KeyedVectors, term: Term): Resolved {
  if (isVector(term)) {
    checkVector(model, term);
    return { vector: term };
  }
  if (typeof term !== 'string' && typeof term !== 'number') {
    throw new TypeError(`a query term must be a word, an integer index, a vector or { term, weight }, got ${String(term)}`);
  }
  return { row: model.indexOf(term as Key) };
}
