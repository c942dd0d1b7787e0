/**
 * Dictionaries restricted to some words: each listed word's row must be, bit for bit, its row in the whole
 * dictionary (itself held to a float64 brute force by build-dictionary.test.ts); the stores hold only the listed
 * rows; an interrupted build resumes to the same result.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildDictionary, KeyedVectors, loadModel } from '../../src/index.js';
import { buildRestrictedDictionary } from '../../src/dictionary/restricted-dictionary.js';
import { openDictionary } from '../../src/store/index.js';
import { fixture } from '../helpers/fixtures.js';
import { rng } from '../helpers/random.js';
import { tiedModel } from '../helpers/tied-model.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'));
const dir = mkdtempSync(join(tmpdir(), 'simdict-restricted-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Rows r of `whole` (k per row) against the restricted dictionary's rows, in its (sorted) order. */
function assertRowsOfWhole(whole: { indices: Int32Array; scores: Float32Array }, part: { indices: Int32Array; scores: Float32Array; rows: Int32Array }, k: number): void {
  part.rows.forEach((r, p) => {
    assert.deepEqual(part.indices.subarray(p * k, (p + 1) * k), whole.indices.subarray(r * k, (r + 1) * k), `row ${r} indices`);
    assert.deepEqual(part.scores.subarray(p * k, (p + 1) * k), whole.scores.subarray(r * k, (r + 1) * k), `row ${r} scores`);
  });
}

test('600 listed words of the 10k GloVe fixture (unsorted, repeated): their rows of the whole dictionary, bit for bit', async () => {
  const random = rng(5);
  const rows = [0, glove.size - 1, ...Array.from({ length: 600 }, () => Math.floor(random() * glove.size)), 17, 17];
  for (const [includeSelf, method] of [[false, undefined], [true, undefined], [false, 'f32'], [true, 'f32']] as const) {
    const whole = await buildDictionary(glove, { k: 10, threads: 2, includeSelf });
    const part = await buildRestrictedDictionary(glove, rows, { k: 10, threads: 2, includeSelf, method });
    assert.deepEqual([...part.rows], [...new Set(rows)].sort((a, b) => a - b));
    assertRowsOfWhole(whole, part, 10);
    assert.equal(part.meta.words, part.rows.length);
    assert.equal(part.meta.vocabulary, glove.size);
    assert.equal(part.meta.method, method === 'f32' ? 'exact-f32' : 'exact-int8-rescored', 'int8 by default, as labelled');
  }
});

test('ties, zero rows and a model smaller than k: still the whole dictionary\'s rows, for 1 and 3 threads', async () => {
  const tied = tiedModel(700, 6, 4, 53, 9);
  const whole = await buildDictionary(tied, { k: 20, threads: 2 });
  for (const threads of [1, 3]) {
    for (const method of ['f32', 'int8'] as const) assertRowsOfWhole(whole, await buildRestrictedDictionary(tied, [0, 1, 2, 53, 106, 400, 699], { k: 20, threads, method }), 20);
  }
  const tiny = KeyedVectors.fromArrays(['a', 'b', 'c'], [1, 0, 0.6, 0.8, 0, 1], 2);
  assertRowsOfWhole(await buildDictionary(tiny, { k: 5, threads: 1 }), await buildRestrictedDictionary(tiny, [1, 2], { k: 5, threads: 1 }), 5);
});

for (const ext of ['sqlite', 'jsonl', 'tsv']) {
  test(`.${ext}: only the listed words, their entries as in the whole dictionary's store`, async () => {
    const listed = ['king', 'paris', 'computer', 'the', glove.words[glove.size - 1]];
    const rows = listed.map((w) => glove.indexOf(w));
    const wholeFile = join(dir, `whole.${ext}`), partFile = join(dir, `part.${ext}`);
    await buildDictionary(glove, { k: 8, threads: 2, out: wholeFile });
    await buildRestrictedDictionary(glove, rows, { k: 8, threads: 2, out: partFile });
    const whole = openDictionary(wholeFile), part = openDictionary(partFile);
    try {
      assert.equal(part.size, listed.length);
      assert.equal(part.meta.vocabulary, glove.size);
      assert.deepEqual([...part.words()], [...rows].sort((a, b) => a - b).map((r) => glove.words[r]));
      for (const w of listed) assert.deepEqual(part.lookup(w), whole.lookup(w), w);
      assert.deepEqual(part.lookup('queen', 3), undefined); // in the model, not listed
      assert.equal(part.lookup('no-such-word'), undefined);
    } finally {
      whole.close();
      part.close();
    }
  });
}

test('an interrupted restricted build resumes from its last commit to the uninterrupted result', async () => {
  const rows = Array.from({ length: 1500 }, (_, i) => (i * 7) % glove.size);
  const reference = join(dir, 'ref.jsonl'), resumed = join(dir, 'resumed.jsonl');
  await buildRestrictedDictionary(glove, rows, { k: 6, threads: 2, out: reference });
  let batches = 0;
  await assert.rejects(
    buildRestrictedDictionary(glove, rows, { k: 6, threads: 2, out: resumed, commitSeconds: 0, onProgress: () => { if (++batches === 3) throw new Error('killed'); } }),
    /killed/,
  );
  let resumedFrom = -1;
  await buildRestrictedDictionary(glove, rows, { k: 6, threads: 2, out: resumed, resume: true, onProgress: (p) => { resumedFrom = p.resumedRows; } });
  assert.ok(resumedFrom > 0, `resumed from row ${resumedFrom}`);
  const a = openDictionary(reference), b = openDictionary(resumed);
  try {
    assert.deepEqual([...b.words()], [...a.words()]);
    for (const w of a.words()) assert.deepEqual(b.lookup(w), a.lookup(w), w);
  } finally {
    a.close();
    b.close();
  }
  // Another word list cannot resume a partial file.
  const other = join(dir, 'other.jsonl');
  let failed = 0;
  await assert.rejects(
    buildRestrictedDictionary(glove, rows.map((r) => (r + 1) % glove.size), { k: 6, threads: 2, out: other, commitSeconds: 0, onProgress: () => { if (++failed === 1) throw new Error('killed'); } }),
    /killed/,
  );
  await assert.rejects(buildRestrictedDictionary(glove, rows, { k: 6, threads: 2, out: other, resume: true }), /cannot resume .* rowsHash/);
});
