/**
 * The split memory layout (./src/dictionary/dictionary-memory.ts): the int8 path's quantised rows and the workers'
 * heaps in a WebAssembly memory of their own, for models too big to share the model's. Forced here on small models,
 * it must give exactly the f32 path's rows (same neighbours, order and float32 scores) for any thread count, resume
 * from its checkpoints, and the plan must pick it (or refuse, naming sizes) from the sizes alone.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDictionary, KeyedVectors, loadModel, type Dictionary } from '../../src/index.js';
import { planMemory, type PlanInput } from '../../src/dictionary/dictionary-memory.js';
import { openDictionary } from '../../src/store/index.js';
import { fixture } from '../helpers/fixtures.js';
import { tiedModel } from '../helpers/tied-model.js';
import { assertSameNeighbors, bruteForceNeighbors } from './brute-force.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'));

function firstRows(n: number): KeyedVectors {
  return KeyedVectors.fromArrays(glove.words.slice(0, n), glove.vectors.subarray(0, n * glove.dim), glove.dim);
}

function assertSameRows(got: Dictionary, want: Dictionary, what: string): void {
  assert.deepEqual(got.indices, want.indices, `${what}: indices`);
  assert.deepEqual(new Uint32Array(got.scores.buffer), new Uint32Array(want.scores.buffer), `${what}: float32 scores, bit for bit`);
}

test('split == f32 on 3,000 GloVe words, 1 and 2 threads, with and without the word itself', async () => {
  const model = firstRows(3000);
  for (const includeSelf of [false, true]) {
    const f32 = await buildDictionary(model, { k: 15, threads: 2, blockRows: 256, includeSelf, method: 'f32' });
    for (const threads of [1, 2]) {
      const split = await buildDictionary(model, { k: 15, threads, blockRows: 256, includeSelf, method: 'int8', layout: 'split' });
      assertSameRows(split, f32, `${threads} threads, includeSelf ${includeSelf}`);
      assert.equal(split.meta.method, 'exact-int8-rescored');
    }
  }
});

test('split on 1,500 GloVe words equals float64 brute force', async () => {
  const model = firstRows(1500);
  const split = await buildDictionary(model, { k: 10, threads: 2, blockRows: 128, layout: 'split' });
  assertSameNeighbors(split, bruteForceNeighbors(model, 10, false), model);
});

test('split == f32 on the shipped model (15,000 x 100)', async () => {
  const model = await loadModel(new URL('../../models/glove-6B-100d-15k.txt.gz', import.meta.url).pathname);
  const f32 = await buildDictionary(model, { k: 15, threads: 2, method: 'f32' });
  assertSameRows(await buildDictionary(model, { k: 15, threads: 2, layout: 'split' }), f32, 'shipped model');
});

test('split == f32 on a random model with ties, duplicates and zero rows, 1 and 2 threads', async () => {
  const model = tiedModel(1200, 12, 40, 97, 7); // 40 distinct vectors (exact ties everywhere), every 97th row zero
  const f32 = await buildDictionary(model, { k: 9, threads: 1, blockRows: 64, method: 'f32' });
  for (const threads of [1, 2]) assertSameRows(await buildDictionary(model, { k: 9, threads, blockRows: 64, layout: 'split' }), f32, `${threads} threads`);
});

test('split with fewer words than k: -1 and NaN as in f32', async () => {
  const model = KeyedVectors.fromArrays(['a', 'b', 'c'], [1, 0, 0.6, 0.8, 0, 1], 2);
  const split = await buildDictionary(model, { k: 4, threads: 2, blockRows: 16, layout: 'split' });
  assertSameRows(split, await buildDictionary(model, { k: 4, threads: 2, blockRows: 16 }), 'k > n − 1');
});

test('a split build interrupted after a checkpoint resumes, split or not, or without a method, to the uninterrupted output', async () => {
  const model = firstRows(2000);
  const dir = mkdtempSync(join(tmpdir(), 'simdict-split-'));
  const common = { k: 10, threads: 2, blockRows: 128, method: 'int8' as const, commitSeconds: 0 };
  const whole = join(dir, 'whole.jsonl');
  await buildDictionary(model, { ...common, out: whole });
  const rowsOf = (path: string) => {
    const d = openDictionary(path);
    const rows = model.words.map((w) => d.lookup(w));
    const { createdAt: _c, ...meta } = d.meta;
    d.close();
    return { meta, rows };
  };
  for (const resumeLayout of ['split', 'single', 'default'] as const) {
    const out = join(dir, `resumed-${resumeLayout}.jsonl`);
    const crash = new Error('crash');
    const interrupt = (p: { rowsDone: number }) => {
      if (p.rowsDone >= 640) throw crash;
    };
    await assert.rejects(buildDictionary(model, { ...common, out, layout: 'split', onProgress: interrupt }), (e) => e === crash);
    // 'default': no method and no layout, which would be f32 for this small model: the checkpoint's method is kept
    const resume = resumeLayout === 'default' ? { ...common, method: undefined } : { ...common, layout: resumeLayout };
    await buildDictionary(model, { ...resume, out, resume: true });
    assert.deepEqual(rowsOf(out), rowsOf(whole), `resumed in the ${resumeLayout} layout`);
  }
  assert.deepEqual(readdirSync(dir).sort(), ['resumed-default.jsonl', 'resumed-single.jsonl', 'resumed-split.jsonl', 'whole.jsonl'], 'no partial or checkpoint left');
});

test('the plan: int8 beside the model or split, f32 when asked; refused only when even split cannot fit', () => {
  // GoogleNews: 3,000,000 x 300 float32 (3.36 GiB of rows and norms in the model's memory).
  const news: PlanInput = { rows: 3_000_000, dim: 300, modelBytes: 64 * 1024 + 4 * 3_000_000 * 301 + (1 << 20), k: 15, threads: 2, blockRows: 1024 };
  const choice = (p: PlanInput) => { const { method, layout, heapK } = planMemory(p); return { method, layout, heapK }; };
  assert.deepEqual(choice(news), { method: 'int8', layout: 'split', heapK: 25 });
  const split = planMemory(news);
  assert.ok(split.bytes.model < 3.62e9 && split.bytes.work > 3e9 && split.bytes.work < 2 ** 32, `${JSON.stringify(split.bytes)}`);
  assert.equal(planMemory({ ...news, threads: 1, method: 'f32' }).method, 'f32', 'one thread of f32 heaps fits beside it');
  assert.throws(() => planMemory({ ...news, method: 'f32' }), /by method f32 in one WebAssembly memory needs 4\.0\d GiB \(the model 3\.36 GiB, 0\.35 GiB of heaps per thread\).*use method int8.*1 thread would fit/);
  assert.throws(() => planMemory({ ...news, threads: 8 }), /does not fit even with its int8 work in a WebAssembly memory of its own: that memory needs 6\.\d\d GiB \(1\.\d\d GiB of quantised rows, 0\.5\d GiB of heaps per thread\).*3 threads would fit/);
  assert.throws(() => planMemory({ ...news, layout: 'split', method: 'f32' }), /split memory layout is for method 'int8'/);
  // 1,000,000 x 300 (1.1 GiB): everything fits beside the model.
  const million: PlanInput = { ...news, rows: 1_000_000, modelBytes: 4 * 1_000_000 * 301 + (1 << 20) };
  assert.deepEqual(choice(million), { method: 'int8', layout: 'single', heapK: 25 });
  assert.deepEqual(choice({ ...million, method: 'f32' }), { method: 'f32', layout: 'single', heapK: 15 });
  // over ~8,000 dimensions the quantisation has too few bits: f32 by default
  assert.deepEqual(choice({ ...million, rows: 20_000, dim: 9000, modelBytes: 4 * 20_000 * 9001 + (1 << 20) }), { method: 'f32', layout: 'single', heapK: 15 });
  assert.deepEqual(choice({ ...million, method: 'int8', layout: 'split' }), { method: 'int8', layout: 'split', heapK: 25 });
});
