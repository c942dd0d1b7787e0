/** Reading a finished dictionary, in any format, without loading the model. */
import { existsSync, statSync } from 'node:fs';
import { DictionaryError } from './dictionary-error.js';
import { formatOfPath, partialPathOf, type DictionaryFormat } from './format.js';
import type { DictionaryMeta } from './meta.js';
import { openSqliteReader } from './sqlite-reader.js';
import type { Neighbor } from './text-codec.js';
import { codecOf } from './text-writer.js';
import { openTextReader } from './text-reader.js';

export type { Neighbor } from './text-codec.js';

/** A word's row: its neighbours best first (rank 1 = most similar). */
export interface Entry {
  word: string;
  neighbors: Neighbor[];
}

export interface DictionaryReader {
  meta: DictionaryMeta;
  /** Words (rows). */
  size: number;
  /** The word's neighbours (the first `topn`; default all k), or undefined for a word not in the dictionary. Words match exactly. */
  lookup(word: string, topn?: number): Entry | undefined;
  /** Every word, in the model's order. */
  words(): Iterable<string>;
  close(): void;
}

/**
 * Opens a finished dictionary for lookups; the format comes from the name (formatOfPath). SQLite lookups use the
 * file's indexes; JSONL and TSV files are scanned once on open to index where each word's row starts (fine up to a
 * few million words; see text-reader.ts). A missing file, a name of no dictionary format or a file that is not a
 * simdict dictionary is a DictionaryError naming the file.
 */
export function openDictionary(path: string): DictionaryReader {
  let format: DictionaryFormat;
  try {
    format = formatOfPath(path);
  } catch (e) {
    throw new DictionaryError((e as Error).message, path);
  }
  if (!existsSync(path)) {
    const partial = partialPathOf(path);
    const building = existsSync(partial) ? ` (${partial} exists: a build of it is running or was interrupted; finish it with --resume)` : '';
    throw new DictionaryError(`no dictionary ${path}: no such file${building}`, path);
  }
  const stat = statSync(path);
  if (stat.isDirectory()) throw new DictionaryError(`${path} is a directory, not a dictionary file`, path);
  if (stat.size === 0) throw new DictionaryError(`${path} is empty: it is not a simdict dictionary`, path);
  return format === 'sqlite' ? openSqliteReader(path) : openTextReader(codecOf(format), path);
}
