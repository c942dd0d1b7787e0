/**
 * better-sqlite3, loaded on first use: commands and programs that never touch an SQLite dictionary do not load the
 * native module, and a missing build of it only affects the SQLite format.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { DictionaryError } from './dictionary-error.js';

export type Database = BetterSqlite3.Database;
export type Statement = BetterSqlite3.Statement<unknown[]>;
type DatabaseConstructor = typeof BetterSqlite3;

let driver: DatabaseConstructor | undefined;

export function sqlite(file: string): DatabaseConstructor {
  if (driver === undefined) {
    try {
      driver = createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;
    } catch (e) {
      throw new DictionaryError(
        `${file}: the SQLite format needs the better-sqlite3 package, which did not load (${(e as Error).message.split('\n')[0]}); ` +
          'reinstall simdict, or use a .jsonl or .tsv dictionary',
        file,
      );
    }
  }
  return driver;
}

/** SQLite's own errors (not a database, damaged, locked) as DictionaryErrors naming the file; others unchanged. */
export function sqliteError(e: unknown, file: string, doing: string): unknown {
  const code = (e as { code?: unknown }).code;
  if (e instanceof Error && e.name === 'SqliteError' && typeof code === 'string') {
    switch (code) {
      case 'SQLITE_NOTADB':
        return new DictionaryError(`${file} is not a simdict dictionary: it is not an SQLite database`, file);
      case 'SQLITE_CORRUPT':
        return new DictionaryError(`${file} is damaged (SQLite: ${e.message}) while ${doing}`, file);
      case 'SQLITE_BUSY':
      case 'SQLITE_LOCKED':
        return new DictionaryError(`${file} is locked by another process (another build of it running?)`, file);
      case 'SQLITE_CANTOPEN':
        return new DictionaryError(`${file}: cannot open the file (${e.message})`, file);
      case 'SQLITE_FULL':
        return new DictionaryError(`${file}: no space left on the device while ${doing}`, file);
      default:
        if (code.startsWith('SQLITE_IOERR')) return new DictionaryError(`${file}: input/output error while ${doing} (SQLite ${code}: ${e.message})`, file);
        return e; // a mistake in simdict's SQL: a bug, reported as one
    }
  }
  return e;
}
