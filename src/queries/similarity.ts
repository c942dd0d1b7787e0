/**
 * gensim's `similarity` and `distance` of two words.
 */
import type { Key, KeyedVectors } from '../vectors/keyed-vectors.js';
import { sdot } from './sdot.js';
import { unitVector } from './unit-vector.js';

/**
 * The cosine similarity of two words: `dot(unitvec(a), unitvec(b))`, a float32 value. Each unit vector is
 * gensim's `matutils.unitvec` (length in float64, cast to float32) and the dot product is summed as OpenBLAS
 * sums it, so the value is gensim's to the bit.
 */
export function similarity(model: KeyedVectors, a: Key, b: Key): number {
  const ua = unitVector(model.row(model.indexOf(a)));
  const ub = unitVector(model.row(model.indexOf(b)));
  return sdot(ua, ub);
}

/** `1 − similarity(a, b)` (in float64, as gensim's). */
export function distance(model: KeyedVectors, a: Key, b: Key): number {
  return 1 - similarity(model, a, b);
}
