/**
 * The SQLite writer (schema: sqlite-schema.ts). One transaction per commit; rollback journal (journal_mode=DELETE)
 * with synchronous=FULL, so a killed process (or a power cut) leaves exactly the committed rows: SQLite rolls an
 * interrupted transaction back when the file is next opened. Rows go in through a prepared statement that inserts
 * a whole row (k neighbours) at a time; the vocabulary goes into `words` with the first chunk (id = model row), so
 * a neighbour's word is known for every committed row.
 */
import { existsSync, rmSync } from 'node:fs';
import { DictionaryError } from './dictionary-error.js';
import { partialPathOf } from './format.js';
import { renameDurably } from './fs-util.js';
import { checkMeta, checkResumable, checkSameRows, type DictionaryMeta } from './meta.js';
import { checkRows, checkUniqueWords } from './rows.js';
import { APPLICATION_ID, COMMITTED_ROWS_KEY, SCHEMA, SCHEMA_VERSION } from './sqlite-schema.js';
import { sqlite, sqliteError, type Database, type Statement } from './sqlite-driver.js';
import type { DictionaryWriter } from './writer.js';

/** Words per INSERT INTO words statement. */
const WORDS_PER_INSERT = 200;

export function openSqliteWriter(path: string, meta: DictionaryMeta, resume: boolean, resumeRows: number | undefined): DictionaryWriter {
  const partial = partialPathOf(path);
  const Database = sqlite(partial);
  if (resume) {
    if (!existsSync(partial)) throw new DictionaryError(`cannot resume: there is no partial dictionary ${partial}; run without --resume to start over`, partial);
  } else {
    for (const f of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  }
  let db: Database | undefined;
  try {
    db = new Database(partial, { fileMustExist: resume });
    // A hot journal left by a killed build is rolled back by this first statement.
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = FULL');
    let committed: number;
    if (resume) {
      committed = resumePoint(db, partial, meta, resumeRows);
    } else {
      db.transaction(() => {
        db!.pragma(`application_id = ${APPLICATION_ID}`);
        db!.pragma(`user_version = ${SCHEMA_VERSION}`);
        db!.exec(SCHEMA);
        writeMeta(db!, meta, 0);
      })();
      committed = 0;
    }
    return new SqliteWriter(db, partial, path, meta, committed);
  } catch (e) {
    db?.close();
    throw sqliteError(e, partial, resume ? 'resuming' : 'creating it');
  }
}

/** Checks the partial file against `meta`, drops the rows from `resumeRows` on, returns the rows kept. */
function resumePoint(db: Database, partial: string, meta: DictionaryMeta, resumeRows: number | undefined): number {
  if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
    throw new DictionaryError(`cannot resume ${partial}: it is not a simdict dictionary; run without --resume to start over`, partial);
  }
  const stored = readMeta(db);
  checkResumable(partial, stored, meta);
  // No committed rows recorded: `finish` wrote the final metadata (every row is there), and the build was killed
  // before the rename; it is resumed as complete.
  const committed = COMMITTED_ROWS_KEY in stored ? stored[COMMITTED_ROWS_KEY] : meta.words;
  if (typeof committed !== 'number' || !Number.isSafeInteger(committed)) {
    throw new DictionaryError(`cannot resume ${partial}: its committed rows are not a number; run without --resume to start over`, partial);
  }
  const keep = resumeRows ?? committed;
  if (keep > committed) {
    throw new DictionaryError(`cannot resume ${partial}: it holds ${committed} committed rows, fewer than the ${keep} the build expects; run without --resume to start over`, partial);
  }
  if (keep < committed) {
    db.transaction(() => {
      db.prepare('DELETE FROM neighbors WHERE word_id >= ?').run(keep);
      setCommittedRows(db, keep);
    })();
  }
  return keep;
}

function readMeta(db: Database): Record<string, unknown> {
  const rows = db.prepare('SELECT key, value FROM metadata').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
}

function writeMeta(db: Database, meta: DictionaryMeta, committedRows: number | undefined): void {
  db.prepare('DELETE FROM metadata').run();
  const insert = db.prepare('INSERT INTO metadata (key, value) VALUES (?, ?)');
  for (const [key, value] of Object.entries(meta)) if (value !== undefined) insert.run(key, JSON.stringify(value));
  if (committedRows !== undefined) setCommittedRows(db, committedRows);
}

function setCommittedRows(db: Database, rows: number): void {
  db.prepare('INSERT OR REPLACE INTO metadata (key, value) VALUES (?, ?)').run(COMMITTED_ROWS_KEY, JSON.stringify(rows));
}

class SqliteWriter implements DictionaryWriter {
  #db: Database | undefined;
  #committed: number;
  #appended: number;
  #inTransaction = false;
  #wordsStored: boolean | undefined;
  readonly #insertRow: Statement;
  readonly #insertOne: Statement;
  readonly #args: (number | null)[];

  constructor(
    db: Database,
    readonly partial: string,
    readonly path: string,
    readonly meta: DictionaryMeta,
    committed: number,
  ) {
    this.#db = db;
    this.#committed = committed;
    this.#appended = committed;
    const k = meta.k;
    this.#insertRow = db.prepare(`INSERT INTO neighbors (word_id, rank, neighbor_id, score) VALUES ${Array(k).fill('(?, ?, ?, ?)').join(', ')}`);
    this.#insertOne = db.prepare('INSERT INTO neighbors (word_id, rank, neighbor_id, score) VALUES (?, ?, ?, ?)');
    this.#args = new Array(4 * k).fill(0);
  }

  get committedRows(): number {
    return this.#committed;
  }

  append(start: number, count: number, indices: Int32Array, scores: Float32Array, words: readonly string[], modelRows?: Int32Array): void {
    const db = this.#open();
    const lengths = checkRows(this.meta, this.#appended, start, count, indices, scores, words, modelRows);
    try {
      if (!this.#inTransaction) {
        db.exec('BEGIN');
        this.#inTransaction = true;
      }
      this.#storeWords(db, words);
      const k = this.meta.k;
      const args = this.#args;
      for (let r = 0; r < count; r++) {
        const row = modelRows ? modelRows[r] : start + r;
        const len = lengths[r];
        for (let j = 0; j < len; j++) {
          const p = r * k + j;
          const s = scores[p];
          args[4 * j] = row;
          args[4 * j + 1] = j + 1;
          args[4 * j + 2] = indices[p];
          args[4 * j + 3] = Number.isNaN(s) ? null : s;
        }
        if (len === k) this.#insertRow.run(args);
        else for (let j = 0; j < len; j++) this.#insertOne.run(args[4 * j], args[4 * j + 1], args[4 * j + 2], args[4 * j + 3]);
      }
    } catch (e) {
      throw sqliteError(e, this.partial, 'appending rows');
    }
    this.#appended = start + count;
  }

  /** The vocabulary, once: with the first chunk of a fresh build; already there when a resumed one committed it. */
  #storeWords(db: Database, words: readonly string[]): void {
    if (this.#wordsStored === undefined) {
      const stored = (db.prepare('SELECT count(*) FROM words').pluck().get() as number) ?? 0;
      if (stored !== 0 && stored !== words.length) {
        throw new DictionaryError(`${this.partial} is damaged: it holds ${stored} words, the model ${words.length}; run without --resume to start over`, this.partial);
      }
      this.#wordsStored = stored !== 0;
    }
    if (this.#wordsStored) return;
    checkUniqueWords(words);
    const many = db.prepare(`INSERT INTO words (id, word) VALUES ${Array(WORDS_PER_INSERT).fill('(?, ?)').join(', ')}`);
    const one = db.prepare('INSERT INTO words (id, word) VALUES (?, ?)');
    const args: (number | string)[] = new Array(2 * WORDS_PER_INSERT);
    let i = 0;
    for (; i + WORDS_PER_INSERT <= words.length; i += WORDS_PER_INSERT) {
      for (let j = 0; j < WORDS_PER_INSERT; j++) {
        args[2 * j] = i + j;
        args[2 * j + 1] = words[i + j];
      }
      many.run(args);
    }
    for (; i < words.length; i++) one.run(i, words[i]);
    this.#wordsStored = true;
  }

  commit(): void {
    const db = this.#open();
    if (!this.#inTransaction) return;
    try {
      setCommittedRows(db, this.#appended);
      db.exec('COMMIT');
    } catch (e) {
      throw sqliteError(e, this.partial, 'committing');
    }
    this.#inTransaction = false;
    this.#committed = this.#appended;
  }

  async finish(meta: DictionaryMeta): Promise<void> {
    checkMeta(meta);
    checkSameRows(this.meta, meta);
    const db = this.#open();
    if (this.#appended !== meta.words) throw new RangeError(`finish: ${this.#appended} of the ${meta.words} rows (meta.words) were appended`);
    try {
      if (!this.#inTransaction) db.exec('BEGIN');
      this.#inTransaction = true;
      writeMeta(db, meta, undefined);
      db.exec('COMMIT');
      this.#inTransaction = false;
      this.#committed = this.#appended;
    } catch (e) {
      throw sqliteError(e, this.partial, 'finishing');
    }
    this.close();
    await renameDurably(this.partial, this.path);
  }

  close(): void {
    const db = this.#db;
    if (db === undefined) return;
    this.#db = undefined;
    // Closing with a transaction open rolls it back: the partial file keeps the committed rows.
    if (this.#inTransaction && db.inTransaction) db.exec('ROLLBACK');
    this.#inTransaction = false;
    db.close();
  }

  #open(): Database {
    if (this.#db === undefined) throw new Error(`the dictionary writer of ${this.path} is closed`);
    return this.#db;
  }
}
