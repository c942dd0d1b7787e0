/** Checking query words against the vocabulary before a query, with "did you mean" suggestions. */
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { DataError } from './errors.js';
import type { ModelChoice } from './model.js';
import { quoteWord } from '../checks/quote-word.js';
import { shown } from './output.js';
import { suggest } from '../queries/suggest.js';

/** Throws a DataError (exit 1) naming every word that is not in the model, with up to 5 close spellings each. */
export function checkWords(model: KeyedVectors, words: readonly string[], choice: Pick<ModelChoice, 'isDefault' | 'notAFile'>): void {
  const unknown = [...new Set(words.filter((w) => !model.has(w)))];
  if (unknown.length === 0) return;
  throw unknownWordsError(model, unknown, choice);
}

export function unknownWordsError(model: KeyedVectors, unknown: string[], choice: Pick<ModelChoice, 'isDefault' | 'notAFile'>): DataError {
  const which = choice.isDefault ? 'the default model' : 'the model';
  const suggestions = Object.fromEntries(unknown.map((w) => [w, suggest(w, model.words)]));
  const named = unknown.map((w) => quoteWord(w));
  const subject = named.length === 1 ? `${named[0]} is` : `${named.slice(0, -1).join(', ')} and ${named.at(-1)} are`;
  let message = `${subject} not in the vocabulary of ${which} (${model.size.toLocaleString('en-US')} words).`;
  const hints = unknown
    .filter((w) => suggestions[w].length > 0)
    .map((w) => (unknown.length === 1 ? suggestions[w].map(shown).join(', ') : `${quoteWord(w)} -> ${suggestions[w].map(shown).join(', ')}`));
  if (hints.length > 0) message += ` Did you mean: ${hints.join('; ')}?`;
  if (choice.notAFile !== undefined && unknown.includes(choice.notAFile)) {
    message += ` (No file ${quoteWord(choice.notAFile)} exists either: a first argument that names an existing file is the model.)`;
  }
  return new DataError(message, { words: unknown, suggestions });
}
