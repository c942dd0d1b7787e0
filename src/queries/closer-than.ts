/**
 * gensim's `closer_than` and `rank`: the words nearer to a word than another one is.
 */
import type { Key, KeyedVectors } from '../vectors/keyed-vectors.js';
import { distances } from './cosine-similarities.js';

/**
 * Every word (other than `a`) whose distance to `a` is smaller than the distance of `b` to `a`, in **index order**
 * (not sorted by distance), as gensim's `closer_than`.
 */
export function closerThan(model: KeyedVectors, a: Key, b: Key): string[] {
  const all = distances(model, a);
  const self = model.indexOf(a);
  const limit = all[model.indexOf(b)];
  const out: string[] = [];
  for (let i = 0; i < all.length; i++) if (all[i] < limit && i !== self) out.push(model.words[i]);
  return out;
}

/** The rank of `b` among the neighbours of `a`: `closerThan(a, b).length + 1` (1 for the nearest word). */
export function rank(model: KeyedVectors, a: Key, b: Key): number {
  return closerThan(model, a, b).length + 1;
}

let warned = false;

/** @deprecated Use `closerThan` (gensim's `words_closer_than` is deprecated too). Warns once per process. */
export function wordsCloserThan(model: KeyedVectors, a: Key, b: Key): string[] {
  if (!warned) {
    warned = true;
    globalThis.process?.emitWarning?.('wordsCloserThan is deprecated: use closerThan', 'DeprecationWarning');
  }
  return closerThan(model, a, b);
}
