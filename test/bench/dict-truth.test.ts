/**
 * The dictionary benchmark's yardsticks (bench/lib/dict-truth.ts): bruteForce64 agrees with the tests' own float64
 * brute force, and recallAt scores the truth 1 and gives no credit for wrong answers (indices shifted by one, the
 * word itself, a word twice, -1), while a near-tied substitute counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedVectors, loadModel } from '../../src/index.js';
import { bruteForce64, recallAt, unit64 } from '../../bench/lib/dict-truth.js';
import { fixture } from '../helpers/fixtures.js';
import { bruteForceNeighbors } from '../dictionary/brute-force.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'));
const model = KeyedVectors.fromArrays(glove.words.slice(0, 500), glove.vectors.subarray(0, 500 * glove.dim), glove.dim);
const k = 10;
const rows = Array.from({ length: 50 }, (_, r) => r * 10);
const truth = await bruteForce64(model, rows, k, { threads: 1 });
const unit = unit64(model);
const recall = (got: ArrayLike<number>) => recallAt(unit, model.dim, rows, k, got, truth);

test("bruteForce64 gives the tests' float64 brute-force neighbours", () => {
  const reference = bruteForceNeighbors(model, k, false, rows);
  rows.forEach((i, r) => assert.deepEqual(Array.from(truth.subarray(r * k, r * k + k)), reference.rows.get(i)!.indices, `row ${i}`));
});

test('recallAt: the truth scores 1, indices shifted by one score near 0', () => {
  assert.equal(recall(truth), 1);
  const shifted = truth.map((j) => (j + 1) % model.size);
  assert.ok(recall(shifted) < 0.2, `shifted: ${recall(shifted)}`);
});

test('recallAt: the word itself, a word twice and -1 earn nothing', () => {
  const spoil = (f: (got: Int32Array) => void) => {
    const got = truth.slice();
    f(got);
    return recall(got);
  };
  const lost = 1 / (rows.length * k); // one neighbour of one row
  assert.equal(spoil((g) => (g[3] = rows[0])), 1 - lost, 'self');
  assert.equal(spoil((g) => (g[3] = g[2])), 1 - lost, 'twice');
  assert.equal(spoil((g) => (g[3] = -1)), 1 - lost, '-1');
});

test("recallAt: a word outside the truth counts when its float64 score ties the truth's k-th", () => {
  // row 0's copy (a new last word with row 0's first neighbour's vector) ties that neighbour exactly
  const n = model.size;
  const copyOf = truth[k - 1]; // row 0's k-th neighbour
  const vectors = new Float32Array((n + 1) * model.dim);
  vectors.set(model.vectors);
  vectors.copyWithin(n * model.dim, copyOf * model.dim, (copyOf + 1) * model.dim);
  const tied = KeyedVectors.fromArrays([...model.words, 'copy'], vectors, model.dim);
  const got = truth.slice();
  got[k - 1] = n; // the copy instead of the k-th neighbour: same score
  assert.equal(recallAt(unit64(tied), tied.dim, rows, k, got, truth), 1);
  got[k - 1] = truth[k - 1] + 1 === n ? 0 : truth[k - 1] + 1; // another word: no near-tie
  assert.ok(recallAt(unit64(tied), tied.dim, rows, k, got, truth) < 1);
});
