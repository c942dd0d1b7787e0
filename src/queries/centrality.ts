/**
 * gensim's `rank_by_centrality` and `doesnt_match`: which words of a list are closest to the list's centre.
 */
import { quoteWord } from '../checks/quote-word.js';
import type { Key, KeyedVectors } from '../vectors/keyed-vectors.js';
import { addScaled, divideBy } from './mean-vector.js';
import { sdot } from './sdot.js';
import type { Neighbor } from './types.js';
import { unitRow, unitVector } from './unit-vector.js';

export interface CentralityOptions {
  /** Called with gensim's warning when some words are not in the model (they are ignored). */
  onWarning?: (message: string) => void;
}

/**
 * The known words of `words` with their similarity to the normalised mean of their unit vectors, most central
 * first. Equal similarities are ordered by word, descending (Python's `sorted(zip(sims, words), reverse=True)`;
 * gensim returns `(similarity, word)` pairs, we return Neighbor objects). Unknown words are ignored; if none are
 * known it throws an Error. An integer index counts as its word.
 */
export function rankByCentrality(model: KeyedVectors, words: readonly Key[], options: CentralityOptions = {}): Neighbor[] {
  const rows = words.flatMap((w) => {
    const i = model.tryIndex(w);
    return i === undefined ? [] : [i];
  });
  if (rows.length !== words.length) {
    const missing = [...new Set(words.filter((w) => !model.has(w)))].map((w) => quoteWord(String(w))).join(', ');
    options.onWarning?.(`vectors for words {${missing}} are not present in the model, ignoring these words`);
  }
  if (rows.length === 0) throw new Error('cannot select a word from an empty list: none of the words is in the model');
  const units = rows.map((i) => unitRow(model, i));
  const mean = new Float32Array(model.dim);
  for (const u of units) addScaled(mean, u, 1);
  divideBy(mean, units.length);
  unitVector(mean, mean);
  const ranked = units.map((u, k) => ({ word: model.words[rows[k]], score: sdot(u, mean) }));
  return ranked.sort((x, y) => y.score - x.score || compareCodePoints(y.word, x.word));
}

/** The word of `words` least similar to the others (the last of `rankByCentrality`). */
export function doesntMatch(model: KeyedVectors, words: readonly Key[], options: CentralityOptions = {}): string {
  const ranked = rankByCentrality(model, words, options);
  return ranked[ranked.length - 1].word;
}

/** Python's string order (by code point; JS `<` compares UTF-16 units, which differs above U+FFFF). */
function compareCodePoints(a: string, b: string): number {
  const x = [...a], y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i].codePointAt(0)! - y[i].codePointAt(0)!;
  }
  return x.length - y.length;
}
