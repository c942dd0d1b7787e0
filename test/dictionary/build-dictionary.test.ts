/**
 * The exact dictionary engine against a float64 brute force (the independent truth), and its invariances: the
 * same bits for any number of threads and any block size, includeSelf, fewer words than k.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDictionary, KeyedVectors, loadModel } from '../../src/index.js';
import { fixture } from '../helpers/fixtures.js';
import { bruteForceNeighbors, assertSameNeighbors } from './brute-force.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'));

/** The first `n` rows of the GloVe fixture as a model of their own. */
function firstRows(n: number): KeyedVectors {
  return KeyedVectors.fromArrays(glove.words.slice(0, n), glove.vectors.subarray(0, n * glove.dim), glove.dim);
}

test('exact: every row of a 2,000-word GloVe model equals float64 brute force (k = 15)', async () => {
  const model = firstRows(2000);
  const dict = await buildDictionary(model, { k: 15, threads: 2, blockRows: 128 });
  const truth = bruteForceNeighbors(model, 15, false);
  assertSameNeighbors(dict, truth, model);
});

test('exact on the full 10k fixture model: 400 sampled rows equal brute force', async () => {
  const dict = await buildDictionary(glove, { k: 10, threads: 2 });
  const rows = Array.from({ length: 400 }, (_, i) => Math.floor((i * glove.size) / 400));
  const truth = bruteForceNeighbors(glove, 10, false, rows);
  assertSameNeighbors(dict, truth, glove, rows);
});

test('the same bits for 1, 2 and 3 threads and for different block sizes', async () => {
  const model = firstRows(1500);
  const reference = await buildDictionary(model, { k: 12, threads: 1, blockRows: 512 });
  for (const [threads, blockRows] of [[2, 512], [3, 64], [2, 100], [1, 1024]]) {
    const d = await buildDictionary(model, { k: 12, threads, blockRows });
    assert.deepEqual(d.indices, reference.indices, `indices, ${threads} threads, blocks of ${blockRows}`);
    assert.deepEqual(d.scores, reference.scores, `scores, ${threads} threads, blocks of ${blockRows}`);
  }
});

test('includeSelf puts each word first (similarity 1) and shifts the rest', async () => {
  const model = firstRows(600);
  const without = await buildDictionary(model, { k: 5, threads: 2, blockRows: 64 });
  const withSelf = await buildDictionary(model, { k: 5, threads: 2, blockRows: 64, includeSelf: true });
  for (let i = 0; i < model.size; i++) {
    assert.equal(withSelf.indices[i * 5], i);
    assert.ok(Math.abs(withSelf.scores[i * 5] - 1) < 1e-6);
    assert.deepEqual(Array.from(withSelf.indices.subarray(i * 5 + 1, i * 5 + 5)), Array.from(without.indices.subarray(i * 5, i * 5 + 4)));
  }
});

test('fewer words than k: the missing neighbours are -1, NaN', async () => {
  const model = KeyedVectors.fromArrays(['a', 'b', 'c'], [1, 0, 0.6, 0.8, 0, 1], 2);
  const d = await buildDictionary(model, { k: 4, threads: 2, blockRows: 16 });
  assert.deepEqual(Array.from(d.indices), [1, 2, -1, -1, 2, 0, -1, -1, 1, 0, -1, -1]);
  assert.ok(Number.isNaN(d.scores[2]) && Number.isNaN(d.scores[3]));
});

test('zero vectors rank last (NaN), and a row of duplicates ties by index', async () => {
  const model = KeyedVectors.fromArrays(['x', 'zero', 'x2', 'x3', 'y'], [1, 0, 0, 0, 1, 0, 1, 0, 0, 1], 2);
  const d = await buildDictionary(model, { k: 4, threads: 2, blockRows: 16 });
  assert.deepEqual(Array.from(d.indices.subarray(0, 4)), [2, 3, 4, 1]);
  assert.ok(Number.isNaN(d.scores[3]));
});

test('bad options are RangeErrors naming the option', async () => {
  const model = firstRows(50);
  await assert.rejects(buildDictionary(model, { k: 0 }), /k must be a whole number/);
  await assert.rejects(buildDictionary(model, { threads: 1.5 }), /threads must be a whole number/);
});

test('the int8 path (quantised pre-selection, exact rescoring) gives the f32 output bit for bit', async () => {
  const model = firstRows(3000);
  const f32 = await buildDictionary(model, { k: 15, threads: 2, blockRows: 256 });
  for (const [threads, includeSelf] of [[2, false], [1, true]] as const) {
    const int8 = await buildDictionary(model, { k: 15, threads, blockRows: 256, method: 'int8', includeSelf });
    const reference = includeSelf ? await buildDictionary(model, { k: 15, threads: 2, blockRows: 256, includeSelf }) : f32;
    assert.deepEqual(int8.indices, reference.indices);
    assert.deepEqual(int8.scores, reference.scores);
    assert.equal(int8.meta.method, 'exact-int8-rescored');
  }
});

test('a model whose heaps cannot fit even in a memory of their own is refused up front, with the numbers', async () => {
  // 300,000 rows of 2 dimensions: a small model, but k = 2000 needs 4.5 GiB of heaps per thread.
  const n = 300000;
  const model = KeyedVectors.fromArrays(Array.from({ length: n }, (_, i) => `w${i}`), new Float32Array(2 * n).fill(1), 2);
  const out = join(mkdtempSync(join(tmpdir(), 'simdict-big-')), 'd.jsonl');
  await assert.rejects(buildDictionary(model, { k: 2000, threads: 1, out }), /does not fit even with its int8 work in a WebAssembly memory of its own: that memory needs 4\.5\d GiB \(0\.01 GiB of quantised rows, 4\.50 GiB of heaps per thread\)/);
  await assert.rejects(buildDictionary(model, { k: 2000, threads: 1, out, method: 'f32' }), /by method f32 in one WebAssembly memory needs 4\.4\d GiB .* use method int8/);
  assert.deepEqual(readdirSync(dirname(out)), [], 'nothing written');
});
