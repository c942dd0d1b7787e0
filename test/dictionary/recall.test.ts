/**
 * The recall measurement every approximate run will report: 1 for the exact dictionary, and it must fall for wrong
 * answers (shifted rows, the word itself, repeats, missing entries), while a tie with the exact k-th score counts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildDictionary, KeyedVectors, loadModel } from '../../src/index.js';
import { measureRecall, sampleRows } from '../../src/dictionary/recall.js';
import { fixture } from '../helpers/fixtures.js';
import { tiedModel } from '../helpers/tied-model.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'));
const model = KeyedVectors.fromArrays(glove.words.slice(0, 3000), glove.vectors.subarray(0, 3000 * glove.dim), glove.dim);
const k = 10;
const dict = await buildDictionary(model, { k, threads: 2 });
const row = (i: number) => dict.indices.subarray(i * k, i * k + k);

test('sampleRows: distinct, sorted, in range, the same for a seed, all rows when asked for more', () => {
  const a = sampleRows(3000, 200, 7), b = sampleRows(3000, 200, 7), c = sampleRows(3000, 200, 8);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.equal(new Set(a).size, 200);
  assert.ok(a.every((r, i) => r >= 0 && r < 3000 && (i === 0 || a[i - 1] < r)));
  assert.deepEqual([...sampleRows(5, 9, 1)], [0, 1, 2, 3, 4]);
});

test('the exact dictionary has recall 1; wrong answers lower it by what they get wrong', async () => {
  const rows = sampleRows(model.size, 150, 1);
  const measure = (got: (i: number) => ArrayLike<number>) => measureRecall(model, rows, got, { k, threads: 2 }).then((r) => r.recall);
  assert.equal(await measure(row), 1);
  const shifted = await measure((i) => row(i).map((j) => (j + 1) % model.size));
  assert.ok(shifted < 0.2, `shifted rows: recall ${shifted}`);
  const halfMissing = await measure((i) => row(i).map((j, e) => (e >= k / 2 ? -1 : j)));
  assert.ok(Math.abs(halfMissing - 0.5) < 1e-9, `half missing: ${halfMissing}`);
  const self = await measure((i) => [i, ...row(i).subarray(0, k - 1)]);
  assert.ok(Math.abs(self - 0.9) < 1e-9, `the word itself is no neighbour: ${self}`);
  const repeated = await measure((i) => [...row(i).subarray(0, k - 1), row(i)[0]]);
  assert.ok(Math.abs(repeated - 0.9) < 1e-9, `a repeat counts once: ${repeated}`);
});

test('a neighbour tied with the exact k-th score is a hit; one just below it is not', async () => {
  const tied = tiedModel(400, 6, 4, 53, 9); // rows in groups of equal vectors: many exact ties
  const rows = sampleRows(tied.size, 60, 3);
  const exact = await buildDictionary(tied, { k, threads: 1 });
  const all = tied.size - 1; // every row's whole ranking, for the scores of any pair
  const full = await buildDictionary(tied, { k: all, threads: 1 });
  const ranking = (i: number) => Array.from(full.indices.subarray(i * all, (i + 1) * all), (j, e) => ({ j, s: full.scores[i * all + e] }));
  /** Row i's exact k neighbours with the k-th replaced by the first other row whose score passes `pick`. */
  const replaceKth = (pick: (s: number, kth: number) => boolean) => (i: number) => {
    const r = Array.from(exact.indices.subarray(i * k, i * k + k)), kth = exact.scores[i * k + k - 1];
    const other = ranking(i).find(({ j, s }) => !r.includes(j) && pick(s, kth));
    if (other) r[k - 1] = other.j;
    return r;
  };
  const tiesExist = rows.filter((i) => ranking(i).some(({ j, s }, e) => e >= k && s === exact.scores[i * k + k - 1] && j !== i)).length;
  assert.ok(tiesExist > 10, `the tied model gives ties to swap (${tiesExist} rows)`);
  assert.equal((await measureRecall(tied, rows, replaceKth((s, kth) => s === kth), { k, threads: 1 })).recall, 1, 'tied swaps are hits');
  const below = (await measureRecall(tied, rows, replaceKth((s, kth) => s < kth), { k, threads: 1 })).recall;
  assert.ok(below < 1 - 0.5 / k, `a lower neighbour is a miss (${below})`);
});
