/** Honest faces in the CLI: dict and lookup report the method and recall from the dictionary's metadata. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { methodText } from '../../src/cli/output.js';
import { writeApproximateDictionary } from '../helpers/small-dictionary.js';
import { fixture, simdict, simdictJson } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'simdict-cli-method-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const model = fixture('models/glove1k-100d.txt');

for (const [flag, method] of [['f32', 'exact-f32'], ['int8', 'exact-int8-rescored']]) {
  test(`dict --method ${flag}: the text and --json say ${method}, the build's metadata`, async () => {
    const out = join(dir, `${flag}.tsv`);
    const text = await simdict(['dict', model, '--out', out, '--topn', '3', '--threads', '1', '--method', flag]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`1,000 words x 3 neighbours, ${method}, `));
    const { json } = await simdictJson(['dict', model, '--out', out, '--topn', '3', '--threads', '1', '--method', flag]);
    assert.deepEqual([json.method, json.recall], [method, 1]);
    const looked = await simdict(['lookup', out, 'the']);
    assert.match(looked.stdout, new RegExp(`x 3 neighbours, ${method}\\)`));
  });
}

test("lookup reports an approximate dictionary's method and recall, as its metadata says", async () => {
  const out = join(dir, 'approximate.tsv');
  await writeApproximateDictionary(out, { method: 'approximate-test', recall: 0.75 });
  const r = await simdict(['lookup', out, 'king']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^dictionary: .* \(2 words x 1 neighbours, approximate-test, recall 0\.75\)/);
  const { json } = await simdictJson(['lookup', out, 'king']);
  assert.deepEqual([json.dictionary.method, json.dictionary.recall], ['approximate-test', 0.75]);
});

test('methodText: exact methods by name; others with their recall, or "recall unknown"', () => {
  assert.equal(methodText({ method: 'exact-f32', recall: 1 }), 'exact-f32');
  assert.equal(methodText({ method: 'hnsw', recall: 0.97 }), 'hnsw, recall 0.97');
  assert.equal(methodText({ method: 'hnsw', recall: null }), 'hnsw, recall unknown');
});
