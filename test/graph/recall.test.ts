/** The recall helper can fail: the truth scores 1, wrong answers (shifted, self, twice, −1, worse words) lose. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedVectors, loadModel } from '../../src/index.js';
import { fixture } from '../helpers/fixtures.js';
import { bruteForceNeighbors } from '../dictionary/brute-force.js';
import { recallAgainst } from './recall.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'));
const model = KeyedVectors.fromArrays(glove.words.slice(0, 400), glove.vectors.subarray(0, 400 * glove.dim), glove.dim);
const k = 10;
const rows = Array.from({ length: 40 }, (_, r) => r * 10);
const truth = bruteForceNeighbors(model, k, false, rows);
/** A dictionary (all 400 rows, only the sampled ones filled) from the truth, spoiled by f. */
function dict(f: (i: number, row: number[]) => number[] = (_, r) => r) {
  const indices = new Int32Array(model.size * k).fill(-1);
  for (const i of rows) indices.set(f(i, [...truth.rows.get(i)!.indices]), i * k);
  return { k, indices };
}

test('recall: the truth scores 1', () => {
  assert.equal(recallAgainst(dict(), truth, model), 1);
});

test('recall: wrong answers earn nothing', () => {
  const lost = 1 / (rows.length * k);
  const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;
  assert.ok(recallAgainst(dict((_, r) => r.map((j) => (j + 1) % model.size)), truth, model) < 0.2, 'shifted');
  assert.ok(close(recallAgainst(dict((i, r) => (i === rows[0] ? [i, ...r.slice(1)] : r)), truth, model), 1 - lost), 'self');
  assert.ok(close(recallAgainst(dict((i, r) => (i === rows[0] ? [r[0], r[0], ...r.slice(2)] : r)), truth, model), 1 - lost), 'twice');
  assert.ok(close(recallAgainst(dict((i, r) => (i === rows[0] ? [...r.slice(0, 9), -1] : r)), truth, model), 1 - lost), '-1');
  // the 11th-best word in place of the 10th: no near-tie, so it does not count
  const eleven = bruteForceNeighbors(model, k + 1, false, [rows[1]]).rows.get(rows[1])!;
  assert.ok(Math.abs(eleven.scores[k] - eleven.scores[k - 1]) > 1e-6);
  assert.ok(close(recallAgainst(dict((i, r) => (i === rows[1] ? [...r.slice(0, 9), eleven.indices[k]] : r)), truth, model), 1 - lost), '11th');
  assert.equal(recallAgainst({ k, indices: new Int32Array(model.size * k).fill(-1) }, truth, model), 0, 'nothing');
});
