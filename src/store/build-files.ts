/**
 * The files of a dictionary build at `path`, seen from outside the writers: whether it can be written there at all
 * (checked before any work), and whether a finished dictionary is already there (what --resume finds after a build
 * that completed, or was killed between its final rename and the removal of its last side files).
 */
import { accessSync, closeSync, constants, existsSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DictionaryError } from './dictionary-error.js';
import { finishingPathOf, formatOfPath, partialPathOf, rowsPathOf, type DictionaryFormat } from './format.js';
import type { DictionaryMeta } from './meta.js';
import { openSqliteReader } from './sqlite-reader.js';
import { readHeaderLines } from './text-file.js';
import { codecOf } from './text-writer.js';

/**
 * Checks that a dictionary can be written at `path`: a name of a dictionary format (a RangeError otherwise), not a
 * directory, in an existing folder that can be written (a DictionaryError naming the path otherwise). Returns the
 * format.
 */
export function checkOutputPath(path: string): DictionaryFormat {
  const format = formatOfPath(path);
  checkWritableFile(path, `cannot write the dictionary ${path}`);
  return format;
}

/**
 * Checks that a file can be created at `path` (not a directory, in an existing folder that can be written): a
 * DictionaryError naming the path, starting with `cannot`, otherwise. Dictionaries and the other files of a build
 * (a shard's part file) share it.
 */
export function checkWritableFile(path: string, cannot: string): void {
  if (isDirectory(path)) throw new DictionaryError(`${cannot}: it is a directory; give the name of a file to create`, path);
  const folder = dirname(resolve(path));
  let stat;
  try {
    stat = statSync(folder);
  } catch {
    throw new DictionaryError(`${cannot}: the folder ${folder} does not exist`, path);
  }
  if (!stat.isDirectory()) throw new DictionaryError(`${cannot}: ${folder} is not a folder`, path);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new DictionaryError(`${cannot}: the folder ${folder} is not writable`, path);
  }
}

/**
 * The metadata of the finished dictionary at `path` when there is one and no partial build of it (a partial file
 * means a build is to be resumed); otherwise undefined. Reads the metadata only. A file there that is not a simdict
 * dictionary is a DictionaryError naming it.
 */
export function finishedMeta(path: string): DictionaryMeta | undefined {
  const format = formatOfPath(path);
  if (!existsSync(path) || isDirectory(path) || existsSync(partialPathOf(path))) return undefined;
  if (format === 'sqlite') {
    const reader = openSqliteReader(path);
    reader.close();
    return reader.meta;
  }
  const codec = codecOf(format);
  const fd = openSync(path, 'r');
  try {
    return codec.parseHeader(readHeaderLines(fd, codec.headerLines, path, format.toUpperCase()).lines, path);
  } finally {
    closeSync(fd);
  }
}

/** Removes the side files a writer leaves beside its partial file, once that file is gone (renamed to `path`). */
export function removeLeftovers(path: string): void {
  const partial = partialPathOf(path);
  if (existsSync(partial)) return;
  for (const f of [rowsPathOf(partial), finishingPathOf(partial), `${partial}-journal`, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
