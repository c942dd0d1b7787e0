/** What every writer checks before it stores a chunk of rows. */
import type { DictionaryMeta } from './meta.js';

/**
 * Checks an `append` call: the rows follow the ones appended so far, the arrays hold count·k entries, `words` is the
 * model's vocabulary, and every row's neighbours are valid rows followed only by -1s (fewer than k neighbours).
 * A restricted dictionary (meta.vocabulary) also gives `modelRows`: the model row of each appended row, increasing.
 * Returns the number of neighbours of each row. Mistakes are RangeErrors (a bug in the caller).
 */
export function checkRows(
  meta: DictionaryMeta,
  appended: number,
  start: number,
  count: number,
  indices: Int32Array,
  scores: Float32Array,
  words: readonly string[],
  modelRows?: Int32Array,
): Uint16Array | Uint32Array {
  const { k } = meta;
  const n = meta.vocabulary ?? meta.words;
  if (!Number.isSafeInteger(start) || start !== appended) throw new RangeError(`append: start must be ${appended} (the rows appended so far), got ${start}`);
  if (!Number.isSafeInteger(count) || count < 0 || start + count > meta.words) throw new RangeError(`append: count must be a whole number with start + count <= ${meta.words} (meta.words), got ${count}`);
  if ((meta.vocabulary !== undefined) !== (modelRows !== undefined)) throw new RangeError('append: modelRows go with a restricted dictionary (meta.vocabulary), and only with one');
  if (modelRows) {
    if (modelRows.length < count) throw new RangeError(`append: modelRows must hold count = ${count} rows, got ${modelRows.length}`);
    for (let r = 0; r < count; r++) {
      if (!(modelRows[r] >= 0 && modelRows[r] < n) || (r > 0 && modelRows[r] <= modelRows[r - 1])) throw new RangeError(`append: modelRows must be increasing rows of the model's ${n}, got ${modelRows[r]} at ${r}`);
    }
  }
  if (!(indices instanceof Int32Array) || !(scores instanceof Float32Array)) throw new RangeError('append: indices must be an Int32Array and scores a Float32Array');
  if (indices.length < count * k || scores.length < count * k) {
    throw new RangeError(`append: indices and scores must hold count * k = ${count * k} entries, got ${indices.length} and ${scores.length}`);
  }
  if (words.length !== n) throw new RangeError(`append: words must be the model's ${n} words (meta.${meta.vocabulary === undefined ? 'words' : 'vocabulary'}), got ${words.length}`);
  const lengths = k < 65536 ? new Uint16Array(count) : new Uint32Array(count);
  for (let r = 0; r < count; r++) {
    const base = r * k;
    let len = k;
    for (let j = 0; j < k; j++) {
      const id = indices[base + j];
      if (id === -1) {
        if (len === k) len = j;
      } else if (len !== k || id < 0 || id >= n) {
        throw new RangeError(
          len !== k
            ? `append: row ${start + r} has neighbour ${id} after a -1 (rows with fewer than k neighbours end in -1s)`
            : `append: row ${start + r} has neighbour index ${id}, outside the model's ${n} rows`,
        );
      }
    }
    lengths[r] = len;
  }
  return lengths;
}

/** Throws a RangeError when a word appears twice in the vocabulary (a dictionary maps each word to one row). */
export function checkUniqueWords(words: readonly string[]): void {
  const seen = new Set<string>();
  for (const w of words) {
    if (seen.has(w)) throw new RangeError(`append: the word ${JSON.stringify(w)} appears twice in words (a dictionary needs each word once)`);
    seen.add(w);
  }
}
