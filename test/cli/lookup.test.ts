/** `simdict lookup`: answers from a dictionary file, no model loaded. */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { expectedEntry, FORMATS, metaOf, synthetic, tempDir, writeAll } from '../store/store-fixtures.js';
import { hasStack, simdict, simdictJson } from './helpers.js';

const rows = synthetic(40, 4, 3);
const meta = metaOf(rows);
const dir = tempDir('lookup');
const dict = (ext: string) => join(dir, `dict.${ext}`);

before(async () => {
  for (const { ext } of FORMATS) await writeAll(dict(ext), rows, meta);
});

describe('lookup', () => {
  test('human output: the same aligned table as simdict similar', async () => {
    const r = await simdict(['lookup', dict('sqlite'), 'king']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const king = expectedEntry(rows, 0).neighbors;
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `dictionary: ${dict('sqlite')} (40 words x 4 neighbours, exact-f32); cosine similarity`);
    assert.equal(lines[1], '');
    assert.equal(lines[2], 'most similar to king');
    assert.match(lines[3], /^#\s+word\s+similarity$/);
    assert.match(lines[4], /^-\s+-+\s+-+$/);
    assert.equal(lines.length, 5 + king.length);
    king.forEach((n, i) => {
      const cells = lines[5 + i].trim().split(/\s{2,}/);
      assert.deepEqual(cells, [String(i + 1), n.word.includes(' ') || n.word === '' || /[\s\p{C}]/u.test(n.word) ? JSON.stringify(n.word) : n.word, Number.isNaN(n.score) ? 'nan' : n.score.toFixed(4)]);
    });
    // The similarity column is right-aligned: every row ends at the same column.
    assert.equal(new Set(lines.slice(3).map((l) => l.length)).size, 1, r.stdout);
  });

  for (const { format, ext } of FORMATS) {
    test(`${format}: several words, --topn, --json`, async () => {
      const words = ['king', 'queen', 'two words', '😀'];
      const { result, json } = await simdictJson(['lookup', dict(ext), ...words, '--topn', '2']);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(json.dictionary, { file: dict(ext), ...meta });
      assert.equal(json.topn, 2);
      const expected = words.map((w) => {
        const e = expectedEntry(rows, rows.words.indexOf(w));
        return { word: w, neighbors: e.neighbors.slice(0, 2).map((n) => ({ ...n, score: Number.isNaN(n.score) ? null : n.score })) };
      });
      assert.deepEqual(json.results, expected);
    });
  }

  test('words with spaces, tabs, an empty word, a word starting with "-" (after --)', async () => {
    const result = await simdict(['lookup', '--json', dict('tsv'), 'tab\there', '', '--', '-dash']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout).results.map((e: { word: string }) => e.word), ['tab\there', '', '-dash']);
    const r = await simdict(['lookup', dict('jsonl'), 'two words', 'new\nline']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^most similar to "two words"$/m);
    assert.match(r.stdout, /^most similar to "new\\nline"$/m);
  });

  test('a word without neighbours; --topn beyond k warns and shows k', async () => {
    const r = await simdict(['lookup', dict('sqlite'), rows.words[5], 'king', '--topn', '9']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /no neighbours: the model has no other words/);
    assert.match(r.stderr, /^simdict: warning: .*dict\.sqlite holds 4 neighbours per word; --topn 9 shows those\n$/);
  });

  test('an unknown word: exit 1, one line naming the word and the dictionary, close spellings', async () => {
    const r = await simdict(['lookup', dict('sqlite'), 'king', 'kingg']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^simdict: "kingg" is not in the dictionary .*dict\.sqlite \(40 words\)\. Did you mean: king\?\n$/);
    assert.ok(!hasStack(r.stderr));
    const { result, json } = await simdictJson(['lookup', dict('tsv'), 'quen', 'zzzzzz']);
    assert.equal(result.code, 1);
    assert.equal(json.error.type, 'data');
    assert.deepEqual(json.error.words, ['quen', 'zzzzzz']);
    assert.ok(json.error.suggestions.quen.includes('queen'));
    assert.deepEqual(json.error.suggestions.zzzzzz, []);
  });

  test('a missing, misnamed or invalid dictionary file: exit 1 naming the file, no stack', async () => {
    writeFileSync(join(dir, 'garbage.sqlite'), 'not a database\n'.repeat(100));
    writeFileSync(join(dir, 'model.txt'), '2 2\na 1 2\nb 2 1\n');
    const cases: [string, RegExp][] = [
      [join(dir, 'none.sqlite'), /no dictionary .*none\.sqlite: no such file/],
      [join(dir, 'garbage.sqlite'), /garbage\.sqlite is not a simdict dictionary/],
      [join(dir, 'model.txt'), /cannot tell the dictionary format of ".*model\.txt"/],
    ];
    for (const [file, message] of cases) {
      const r = await simdict(['lookup', file, 'king']);
      assert.equal(r.code, 1, `${file}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.ok(!hasStack(r.stderr), r.stderr);
      const { json } = await simdictJson(['lookup', file, 'king']);
      assert.equal(json.error.file, file);
    }
  });

  test('usage errors: exit 2', async () => {
    assert.equal((await simdict(['lookup', dict('sqlite')])).code, 2);
    assert.equal((await simdict(['lookup', dict('sqlite'), 'king', '--topn', '0'])).code, 2);
  });
});
