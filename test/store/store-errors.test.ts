/** Opening something that is not a finished dictionary: clear DictionaryErrors naming the file. */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { DictionaryError } from '../../src/store/dictionary-error.js';
import { openDictionary, openDictionaryWriter, partialPathOf } from '../../src/store/index.js';
import { appendRange, metaOf, synthetic, tempDir, writeAll } from './store-fixtures.js';

function assertDictionaryError(path: string, message: RegExp): void {
  assert.throws(
    () => openDictionary(path),
    (e: Error) => {
      assert.ok(e instanceof DictionaryError, `${e.name}: ${e.message}`);
      assert.match(e.message, message);
      assert.ok(e.message.includes(path), `the message names ${path}: ${e.message}`);
      assert.equal(e.file, path);
      return true;
    },
  );
}

test('a missing file; one being built (its partial file exists); a directory', () => {
  const dir = tempDir('open-errors');
  assertDictionaryError(join(dir, 'none.sqlite'), /^no dictionary .*none\.sqlite: no such file$/);
  const rows = synthetic(10, 2);
  const path = join(dir, 'building.jsonl');
  const w = openDictionaryWriter(path, metaOf(rows), {});
  appendRange(w, rows, 0, 5);
  w.commit();
  w.close();
  assertDictionaryError(path, /building\.jsonl\.partial exists: a build of it is running or was interrupted; finish it with --resume/);
  mkdirSync(join(dir, 'folder.tsv'));
  assertDictionaryError(join(dir, 'folder.tsv'), /is a directory/);
});

test('a name of no dictionary format', () => {
  const dir = tempDir('open-ext');
  writeFileSync(join(dir, 'model.txt'), '3 2\na 1 2\n');
  assertDictionaryError(join(dir, 'model.txt'), /cannot tell the dictionary format .*\.sqlite or \.db \(SQLite\), \.jsonl \(JSON lines\) or \.tsv/);
});

test('files whose content is not a simdict dictionary of the format their name says', async () => {
  const dir = tempDir('open-content');
  const rows = synthetic(12, 3);
  await writeAll(join(dir, 'real.jsonl'), rows);
  await writeAll(join(dir, 'real.tsv'), rows);
  await writeAll(join(dir, 'real.sqlite'), rows);
  const cases: [string, string | Buffer, RegExp][] = [
    ['empty.jsonl', '', /is empty: it is not a simdict dictionary/],
    ['empty.tsv', '', /is empty: it is not a simdict dictionary/],
    ['empty.sqlite', '', /is empty: it is not a simdict dictionary/],
    ['text.sqlite', 'hello\n'.repeat(200), /is not a simdict dictionary: it is not an SQLite database/],
    ['lines.jsonl', '{"a":1}\n{"b":2}\n', /is not a simdict JSONL dictionary: its first line is not \{"simdict"/],
    ['nojson.jsonl', 'hello', /does not start with the metadata line/],
    ['tsv-as.jsonl', readFileSync(join(dir, 'real.tsv')), /is not a simdict JSONL dictionary/],
    ['jsonl-as.tsv', readFileSync(join(dir, 'real.jsonl')), /is not a simdict TSV dictionary: its first line is not "# simdict/],
    ['plain.tsv', 'a\tb\n', /is not a simdict TSV dictionary/],
    ['jsonl-as.sqlite', readFileSync(join(dir, 'real.jsonl')), /not an SQLite database/],
  ];
  for (const [name, content, message] of cases) {
    writeFileSync(join(dir, name), content);
    assertDictionaryError(join(dir, name), message);
  }
  // Another program's SQLite database.
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
  const db = new Database(join(dir, 'other.db'));
  db.exec('CREATE TABLE t(x)');
  db.close();
  assertDictionaryError(join(dir, 'other.db'), /is not a simdict dictionary: it is an SQLite database of something else/);
});

test('damaged text dictionaries: truncated, a row too many, a malformed row', async () => {
  const dir = tempDir('open-damaged');
  const rows = synthetic(12, 3);
  for (const ext of ['jsonl', 'tsv']) {
    await writeAll(join(dir, `real.${ext}`), rows);
    const text = readFileSync(join(dir, `real.${ext}`), 'utf8');
    const lines = text.split('\n');
    writeFileSync(join(dir, `cut.${ext}`), lines.slice(0, -4).join('\n') + '\n');
    assertDictionaryError(join(dir, `cut.${ext}`), /is damaged or truncated: it holds \d+ words, its metadata says 12/);
    writeFileSync(join(dir, `blank.${ext}`), `${lines.slice(0, 4).join('\n')}\n\n${lines.slice(4).join('\n')}`);
    assertDictionaryError(join(dir, `blank.${ext}`), /is damaged: line 5 is not a dictionary row/);
  }
  // A duplicated row.
  const jsonl = readFileSync(join(dir, 'real.jsonl'), 'utf8').split('\n');
  writeFileSync(join(dir, 'dup.jsonl'), [...jsonl.slice(0, 3), jsonl[1], ...jsonl.slice(3)].join('\n'));
  assertDictionaryError(join(dir, 'dup.jsonl'), /the word "king" has a second row at line 4/);
  // A row whose neighbours are not JSON: found at lookup.
  writeFileSync(join(dir, 'bad-row.jsonl'), jsonl.map((l, i) => (i === 1 ? '{"word":"king","neighbors":[[' : l)).join('\n'));
  const d = openDictionary(join(dir, 'bad-row.jsonl'));
  assert.throws(() => d.lookup('king'), (e: Error) => e instanceof DictionaryError && /bad-row\.jsonl is damaged: a row is not valid JSON/.test(e.message));
  d.close();
});

test('an unfinished SQLite build renamed to the final name', () => {
  const dir = tempDir('open-unfinished');
  const rows = synthetic(10, 2);
  const path = join(dir, 'u.sqlite');
  const w = openDictionaryWriter(path, metaOf(rows), {});
  appendRange(w, rows, 0, 5);
  w.commit();
  w.close();
  copyFileSync(partialPathOf(path), path);
  assertDictionaryError(path, /is an unfinished build/);
});

test('a closed reader or writer says so', async () => {
  const dir = tempDir('closed');
  const rows = synthetic(10, 2);
  for (const ext of ['sqlite', 'jsonl', 'tsv']) {
    const path = join(dir, `c.${ext}`);
    await writeAll(path, rows);
    const d = openDictionary(path);
    d.close();
    d.close();
    assert.throws(() => d.lookup('king'), /closed/);
    const w = openDictionaryWriter(path, metaOf(rows), {});
    w.close();
    w.close();
    assert.throws(() => appendRange(w, rows, 0, 1), /closed/);
  }
});
