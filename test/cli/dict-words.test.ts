/** `simdict dict --words FILE`: a dictionary of the listed words only, equal to their rows of the whole dictionary. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simdict, simdictJson } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'simdict-dict-words-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('dict --words: the listed words (repeats and blank lines ignored) get their whole-dictionary rows', async () => {
  const list = join(dir, 'words.txt');
  writeFileSync(list, 'paris\r\nking\n\n   \ncomputer\n\t\r\nking\n \n');
  const { result, json } = await simdictJson(['dict', '--words', list, '--out', join(dir, 'part.sqlite'), '--topn', '5', '--threads', '1', '--show', 'king,queen']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(json.words, 3);
  assert.equal(json.vocabulary, 15000);
  assert.deepEqual(json.entries[1], { word: 'queen', neighbors: [] }); // in the model, not listed
  const whole = await simdictJson(['dict', '--out', join(dir, 'whole.tsv'), '--topn', '5', '--threads', '2', '--show', 'king']);
  assert.deepEqual(json.entries[0], whole.json.entries[0]);
  const looked = await simdictJson(['lookup', join(dir, 'part.sqlite'), 'paris', 'computer']);
  const wholeLooked = await simdictJson(['lookup', join(dir, 'whole.tsv'), 'paris', 'computer']);
  assert.deepEqual(looked.json.entries, wholeLooked.json.entries);
  const missing = await simdict(['lookup', join(dir, 'part.sqlite'), 'queen']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /"queen" is not in the dictionary .* \(3 words\)/);
});

test('dict --words: unknown words name the file, the line and close spellings; an empty list is an error', async () => {
  const list = join(dir, 'bad.txt');
  writeFileSync(list, 'king\nqeen\nparis\nxqzvw\n');
  const r = await simdict(['dict', '--words', list, '--out', join(dir, 'bad.sqlite')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /2 words of .*bad\.txt are not in the model: qeen \(line 2; did you mean .*queen\?\), xqzvw \(line 4\)/);
  const empty = join(dir, 'empty.txt');
  writeFileSync(empty, '\n \n\t\n');
  const e = await simdict(['dict', '--words', empty, '--out', join(dir, 'e.sqlite')]);
  assert.equal(e.code, 1);
  assert.match(e.stderr, /lists no words/);
  const none = await simdict(['dict', '--words', join(dir, 'nope.txt'), '--out', join(dir, 'n.sqlite')]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /nope\.txt/);
});
