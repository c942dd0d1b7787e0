/** Writing a dictionary: one interface for the three formats, with chunked commits and resume. */
import { wholeInRange } from '../checks/arguments.js';
import { checkFormat, formatOfPath, type DictionaryFormat } from './format.js';
import { checkMeta, type DictionaryMeta } from './meta.js';
import { openSqliteWriter } from './sqlite-writer.js';
import { openTextWriter } from './text-writer.js';

export interface DictionaryWriter {
  /** Rows (words) committed so far: rows [0, committedRows) are durable. */
  readonly committedRows: number;
  /**
   * Appends rows [start, start+count): start must equal the rows appended so far. indices/scores hold count·k
   * entries (at least), row by row, best first; index -1 = no neighbour (a row with fewer than k ends in -1s).
   * `words` is the model's index→word array. A restricted dictionary (meta.vocabulary) gives `modelRows` too: the
   * model row (word) of each appended row, increasing across appends.
   */
  append(start: number, count: number, indices: Int32Array, scores: Float32Array, words: readonly string[], modelRows?: Int32Array): void;
  /** Makes every appended row durable (SQLite transaction commit; fsync for files). A killed process loses nothing committed. */
  commit(): void;
  /**
   * Commits, writes the metadata, closes, and renames the partial file to the final path (atomically). Every row
   * (meta.words of them) must have been appended.
   */
  finish(meta: DictionaryMeta): Promise<void>;
  /** Closes without finishing: rows not committed are dropped (or ignored by a resume); the partial file stays. */
  close(): void;
}

export interface WriterOptions {
  /** Default: from the file name (formatOfPath). */
  format?: DictionaryFormat;
  /** Continue the partial file of an interrupted build instead of replacing it. */
  resume?: boolean;
  /** With resume: the rows to keep (the build's own checkpoint); the rest are dropped. Default: all committed rows. */
  resumeRows?: number;
}

/**
 * Starts a dictionary at `path`. Rows go to `partialPathOf(path)` (`<path>.partial`); the final name appears only when
 * `finish` has written everything.
 *
 * - resume false: an existing partial file (and its sidecars) is replaced.
 * - resume true: opens the existing partial file, checks its metadata (modelHash, k, includeSelf, method, words must
 *   equal `meta`'s, else a DictionaryError saying what differs and to run without --resume), drops every row from
 *   `resumeRows` on (a DictionaryError when fewer rows were committed) and continues from there.
 *
 * Nothing is written to the final path itself before `finish`; an existing file there is replaced only then.
 */
export function openDictionaryWriter(path: string, meta: DictionaryMeta, options: WriterOptions = {}): DictionaryWriter {
  checkMeta(meta);
  const format = options.format === undefined ? formatOfPath(path) : checkFormat(options.format);
  const resume = options.resume ?? false;
  const resumeRows = options.resumeRows;
  if (resumeRows !== undefined) wholeInRange('resumeRows', resumeRows, 0, meta.words);
  if (resumeRows !== undefined && !resume) throw new RangeError('resumeRows needs resume: true');
  return format === 'sqlite' ? openSqliteWriter(path, meta, resume, resumeRows) : openTextWriter(format, path, meta, resume, resumeRows);
}
