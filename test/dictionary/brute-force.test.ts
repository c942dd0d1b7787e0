/**
 * The brute-force truth helper (./brute-force.ts) must fail on wrong answers: the engine's real dictionary passes,
 * and each way of spoiling it (every index shifted by one with the scores kept, a wrong score, a word as its own
 * neighbour, a word twice) fails; a swap of two exactly tied words is the one change it allows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDictionary, KeyedVectors, loadModel } from '../../src/index.js';
import { fixture } from '../helpers/fixtures.js';
import { assertSameNeighbors, bruteForceNeighbors, cosine64 } from './brute-force.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'));
const model = KeyedVectors.fromArrays(glove.words.slice(0, 400), glove.vectors.subarray(0, 400 * glove.dim), glove.dim);
const k = 8;
const dict = await buildDictionary(model, { k, threads: 1 });
const truth = bruteForceNeighbors(model, k, false);

/** The dictionary with `spoil` applied to copies of its indices and scores. */
function spoiled(spoil: (indices: Int32Array, scores: Float32Array) => void) {
  const indices = dict.indices.slice(), scores = dict.scores.slice();
  spoil(indices, scores);
  return { k, indices, scores };
}

test('cosine64 is the float64 cosine of two rows', () => {
  const m = KeyedVectors.fromArrays(['a', 'b', 'zero'], [3, 4, 4, 3, 0, 0], 2);
  assert.equal(cosine64(m, 0, 1), 24 / 25);
  assert.ok(Number.isNaN(cosine64(m, 0, 2)));
});

test("the engine's real dictionary passes", () => {
  assertSameNeighbors(dict, truth, model);
});

test('every index shifted by one, the scores kept (wrong words, right scores), fails', () => {
  const shifted = spoiled((indices) => indices.forEach((j, p) => (indices[p] = (j + 1) % model.size)));
  assert.throws(() => assertSameNeighbors(shifted, truth, model), /not a near-tie/);
});

test('one index shifted in one row fails', () => {
  const one = spoiled((indices) => (indices[17 * k + 3] += 1));
  assert.throws(() => assertSameNeighbors(one, truth, model), /row 17 .* rank 3: .* not a near-tie|row 17 .*: no neighbour twice/);
});

test('a wrong score fails', () => {
  const wrong = spoiled((_, scores) => (scores[40 * k + 2] -= 1e-4));
  assert.throws(() => assertSameNeighbors(wrong, truth, model), /row 40 .* rank 2: score/);
});

test('a word as its own neighbour fails, even with the score the truth expects', () => {
  const self = spoiled((indices) => (indices[5 * k + k - 1] = 5));
  assert.throws(() => assertSameNeighbors(self, truth, model), /row 5 .* rank 7: the word is its own neighbour/);
});

test('a word twice fails', () => {
  const twice = spoiled((indices) => (indices[9 * k + 2] = indices[9 * k + 1]));
  assert.throws(() => assertSameNeighbors(twice, truth, model), /row 9 .*(not a near-tie|no neighbour twice)/);
});

test('a swap of two exactly tied words passes; a missing -1 where the truth has fewer than k fails', () => {
  // b and c have the same vector: for a they tie exactly (by index: b first)
  const tied = KeyedVectors.fromArrays(['a', 'b', 'c', 'd'], [1, 0.2, 1, 0, 1, 0, 0, 1], 2);
  const t = bruteForceNeighbors(tied, 4, false);
  assert.deepEqual(t.rows.get(0)!.indices, [1, 2, 3]);
  const s = t.rows.get(0)!.scores;
  const row0 = (indices: number[]) => ({ k: 4, indices: Int32Array.from([...indices, ...new Array(12).fill(-1)]), scores: Float32Array.from([...s, NaN, ...new Array(12).fill(NaN)]) });
  assertSameNeighbors(row0([1, 2, 3, -1]), t, tied, [0]);
  assertSameNeighbors(row0([2, 1, 3, -1]), t, tied, [0]);
  assert.throws(() => assertSameNeighbors(row0([1, 3, 2, -1]), t, tied, [0]), /rank 1: d .* not a near-tie/);
  assert.throws(() => assertSameNeighbors(row0([1, 2, 3, 0]), t, tied, [0]), /the truth has only 3 neighbours, got index 0/);
});
