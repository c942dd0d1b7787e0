/**
 * The vocabulary an evaluation may use: gensim's `ok_vocab`.
 */
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { upper } from './python-text.js';

/**
 * The first `restrictVocab` words (all when null), by their upper-cased form when `caseInsensitive`, each mapped to
 * its row. When several words have the same upper-cased form, the **first** (most frequent) one wins. Note that
 * `restrictVocab: 0` here means no words at all (gensim slices `index_to_key[:0]`), unlike in `mostSimilar`.
 */
export function okVocab(model: KeyedVectors, restrictVocab: number | null, caseInsensitive: boolean): Map<string, number> {
  const end = restrictVocab === null ? model.size : Math.min(restrictVocab, model.size);
  const vocab = new Map<string, number>();
  for (let i = 0; i < end; i++) {
    const key = caseInsensitive ? upper(model.words[i]) : model.words[i];
    if (!vocab.has(key)) vocab.set(key, i);
  }
  return vocab;
}
