/** Reading an SQLite dictionary (schema: sqlite-schema.ts): indexed lookups, nothing loaded up front. */
import { DictionaryError } from './dictionary-error.js';
import { parseStoredMeta, type DictionaryMeta } from './meta.js';
import type { DictionaryReader, Entry } from './reader.js';
import { float32Value } from '../formats/float32-text.js';
import { APPLICATION_ID, COMMITTED_ROWS_KEY } from './sqlite-schema.js';
import { sqlite, sqliteError, type Database } from './sqlite-driver.js';
import { checkTopn } from './text-reader.js';

export function openSqliteReader(file: string): DictionaryReader {
  const Database = sqlite(file);
  let db: Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return new SqliteReader(db, file);
  } catch (e) {
    db?.close();
    throw sqliteError(e, file, 'opening it');
  }
}

class SqliteReader implements DictionaryReader {
  readonly meta: DictionaryMeta;
  readonly size: number;
  #db: Database | undefined;
  readonly #vocabulary: number;
  readonly #idOf;
  readonly #neighbors;

  constructor(
    db: Database,
    readonly file: string,
  ) {
    this.#db = db;
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
      throw new DictionaryError(`${file} is not a simdict dictionary: it is an SQLite database of something else`, file);
    }
    const rows = db.prepare('SELECT key, value FROM metadata').all() as { key: string; value: string }[];
    const stored: Record<string, unknown> = {};
    for (const { key, value } of rows) {
      try {
        stored[key] = JSON.parse(value);
      } catch {
        throw new DictionaryError(`${file} is damaged: its metadata ${key} is not JSON`, file);
      }
    }
    if (COMMITTED_ROWS_KEY in stored) throw new DictionaryError(`${file} is an unfinished build (a partial file renamed?): finish it with --resume`, file);
    this.meta = parseStoredMeta(stored, file);
    this.size = this.meta.words;
    this.#vocabulary = this.meta.vocabulary ?? this.meta.words;
    this.#idOf = db.prepare('SELECT id FROM words WHERE word = ? AND id < ?').pluck();
    this.#neighbors = db.prepare(
      'SELECT n.rank, w.word, n.score FROM neighbors AS n JOIN words AS w ON w.id = n.neighbor_id WHERE n.word_id = ? ORDER BY n.rank LIMIT ?',
    ).raw();
  }

  lookup(word: string, topn?: number): Entry | undefined {
    checkTopn(topn);
    this.#open();
    try {
      const id = this.#idOf.get(word, this.#vocabulary) as number | undefined;
      if (id === undefined) return undefined;
      const rows = this.#neighbors.all(id, topn ?? this.meta.k) as [rank: number, word: string, score: number | null][];
      if (rows.length === 0 && this.meta.vocabulary !== undefined) return undefined; // a word of the model not listed
      return { word, neighbors: rows.map(([rank, w, score]) => ({ word: w, score: score === null ? NaN : float32Value(score), rank })) };
    } catch (e) {
      throw sqliteError(e, this.file, 'reading it');
    }
  }

  words(): Iterable<string> {
    const db = this.#open();
    try {
      if (this.meta.vocabulary !== undefined) {
        return db.prepare('SELECT word FROM words WHERE id IN (SELECT DISTINCT word_id FROM neighbors) ORDER BY id').pluck().all() as string[];
      }
      return db.prepare('SELECT word FROM words WHERE id < ? ORDER BY id').pluck().all(this.size) as string[];
    } catch (e) {
      throw sqliteError(e, this.file, 'reading it');
    }
  }

  close(): void {
    this.#db?.close();
    this.#db = undefined;
  }

  #open(): Database {
    if (this.#db === undefined) throw new Error(`the dictionary ${this.file} is closed`);
    return this.#db;
  }
}
