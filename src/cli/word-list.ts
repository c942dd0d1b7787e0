/** `--words FILE`: a list of words, one per line, as model rows. */
import { readFile } from 'node:fs/promises';
import { suggest } from '../queries/suggest.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { DataError } from './errors.js';
import { shown } from './output.js';

/**
 * The model rows of the words in `file` (UTF-8, one word per line, exactly as in the model; a trailing \r and blank
 * lines, empty or whitespace only, are ignored; repeats count once). A word the model lacks is a DataError naming the file, the line and close
 * spellings (the first five such words, and how many there are).
 */
export async function readWordList(file: string, model: KeyedVectors): Promise<number[]> {
  const lines = (await readFile(file, 'utf8')).split('\n').map((l) => l.replace(/\r$/, ''));
  const rows: number[] = [];
  const unknown: { word: string; line: number }[] = [];
  lines.forEach((word, i) => {
    if (word.trim() === '') return;
    const row = model.tryIndex(word);
    if (row === undefined) unknown.push({ word, line: i + 1 });
    else rows.push(row);
  });
  if (unknown.length > 0) {
    const listed = unknown.slice(0, 5).map((u) => {
      const close = suggest(u.word, model.words, 3);
      return `${shown(u.word)} (line ${u.line}${close.length ? `; did you mean ${close.map(shown).join(', ')}?` : ''})`;
    });
    const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
    throw new DataError(`${unknown.length} word${unknown.length === 1 ? '' : 's'} of ${file} ${unknown.length === 1 ? 'is' : 'are'} not in the model: ${listed.join(', ')}${more}`, { file, words: unknown.map((u) => u.word) });
  }
  if (rows.length === 0) throw new DataError(`${file} lists no words (one word per line expected)`, { file });
  return rows;
}
