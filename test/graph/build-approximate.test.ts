/**
 * The approximate dictionary (forest + NN-descent): recall@k against the float64 brute force on real (GloVe) and
 * generated clustered models; every score the exact engine's float32 bits; rows in the exact engine's rank order;
 * deterministic for a seed; includeSelf, tiny models, zero vectors; the hooks; bad options; every region released.
 *
 * Thresholds: pynndescent's own tests hold its defaults to recall thresholds of about 0.85 to 0.99 depending on
 * the data (e.g. ≥ 0.90 for its query accuracy tests; umap's NN-descent test ≥ 0.85), on small synthetic sets.
 * GloVe is among the hardest of the ann-benchmarks sets (high intrinsic dimension, hubs); with the defaults this
 * engine measured 0.95 on 3,000 GloVe words at k = 10 (0.97 on all 10,000 at k = 15) and ~1 on the clustered model,
 * so the bars are 0.9 and 0.97: clear margins, yet a broken join, sampling or forest falls below them (the forest
 * alone gives ~0.8 on GloVe, and the descent test below asks the descent to add 0.05). The default recall target
 * (0.95 on the sample) stops the descent early; tests of the converged descent ask for recall 1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDictionary, KeyedVectors, loadModel, type Dictionary } from '../../src/index.js';
import { buildApproximateDictionary } from '../../src/graph/build-approximate.js';
import { before } from '../../src/graph/neighbor-heap.js';
import { exactSample, recallOf, sampleRows } from '../../src/dictionary/recall.js';
import { fixture } from '../helpers/fixtures.js';
import { bruteForceNeighbors } from '../dictionary/brute-force.js';
import { clusteredModel } from './clustered.js';
import { recallAgainst } from './recall.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'));
function firstRows(n: number): KeyedVectors {
  return KeyedVectors.fromArrays(glove.words.slice(0, n), glove.vectors.subarray(0, n * glove.dim), glove.dim);
}
const sample = (n: number, count: number) => Array.from({ length: count }, (_, i) => Math.floor((i * n) / count));
const regionNames = (m: KeyedVectors) => m.memory.arena!.regions().map((r) => r.name);

const g3000 = firstRows(3000);
const approx3000 = await buildApproximateDictionary(g3000, { k: 10 });

/** Rows well formed: k entries, no self, no repeats, −1 only at the end, the exact engine's rank order. */
function checkRows(d: Dictionary, n: number, includeSelf = false): void {
  const k = d.k;
  for (let i = 0; i < n; i++) {
    const seen = new Set<number>();
    for (let r = 0; r < k; r++) {
      const j = d.indices[i * k + r];
      if (j === -1) {
        assert.ok(Number.isNaN(d.scores[i * k + r]));
        for (let q = r; q < k; q++) assert.equal(d.indices[i * k + q], -1, `row ${i}: −1 only at the end`);
        break;
      }
      assert.ok(j >= 0 && j < n && (includeSelf || j !== i) && !seen.has(j), `row ${i} rank ${r}: ${j}`);
      seen.add(j);
      if (r > 0) assert.ok(before(d.scores[i * k + r - 1], d.indices[i * k + r - 1], d.scores[i * k + r], j), `row ${i} rank ${r}: rank order`);
    }
  }
}

test('GloVe, 3,000 words, k = 10, defaults: recall@10 ≥ 0.9 against float64 brute force', () => {
  const truth = bruteForceNeighbors(g3000, 10, false, sample(3000, 300));
  const recall = recallAgainst(approx3000, truth, g3000);
  assert.ok(recall >= 0.9, `recall ${recall}`);
  assert.equal(approx3000.meta.method, 'nn-descent');
  // measured on the default sample of 1,000 rows: the target 0.95 reached, or the figure below it said so
  const measured = approx3000.meta.recall as number;
  assert.ok(measured >= 0.9 && approx3000.meta.recallReached === measured >= 0.95 && approx3000.meta.recallSample === 1000, `measured ${measured}`);
  assert.ok((approx3000.meta.nnDescent as { iterations: number }).iterations >= 1);
  checkRows(approx3000, 3000);
});

test('every score is the exact engine\'s float32 score of the pair, bit for bit; full rows equal the exact rows', async () => {
  const exact = await buildDictionary(g3000, { k: 10, threads: 1, method: 'f32' });
  // the exact engine's score of (i, j) for every j it lists; beyond its top k, recomputed here the same way
  const unit = (i: number) => Float32Array.from(g3000.vectors.subarray(i * 100, i * 100 + 100), (x) => x / g3000.norms[i]);
  let compared = 0, same = 0;
  for (let i = 0; i < 3000; i++) {
    const exactRow = new Map<number, number>();
    for (let r = 0; r < 10; r++) exactRow.set(exact.indices[i * 10 + r], exact.scores[i * 10 + r]);
    let all = true;
    for (let r = 0; r < 10; r++) {
      const j = approx3000.indices[i * 10 + r], s = approx3000.scores[i * 10 + r];
      let want = exactRow.get(j);
      if (want === undefined) {
        all = false;
        const ui = unit(i), uj = unit(j);
        let acc = 0;
        for (let p = 0; p < 100; p++) acc = Math.fround(acc + Math.fround(ui[p] * uj[p]));
        want = acc;
      } else compared++;
      assert.ok(Object.is(s, want), `row ${i} rank ${r} (${j}): ${s} vs ${want}`);
    }
    if (all) {
      same++;
      assert.deepEqual(approx3000.indices.subarray(i * 10, i * 10 + 10), exact.indices.subarray(i * 10, i * 10 + 10), `row ${i}`);
    }
  }
  assert.ok(compared > 25000 && same > 2000, `${compared} scores compared with the exact engine's, ${same} rows equal`);
});

test('joins on the quantised rows (the default): the rows read out are those of every heap entry rescored exactly, at the recall of float32 joins', async () => {
  const model = firstRows(2000), n = 2000;
  // the sample is every row, so the engine's figure is that of rows whose every heap entry was rescored (on the main
  // thread); the rows written were rescored by the selection rule on the workers: the same rows give the same figure
  const options = { k: 10, recallSample: n, recall: 1, maxIterations: 2 } as const;
  const int16 = await buildApproximateDictionary(model, options);
  const float32 = await buildApproximateDictionary(model, { ...options, joins: 'float32' });
  assert.equal((int16.meta.nnDescent as { joins: string }).joins, 'int16');
  assert.equal((float32.meta.nnDescent as { joins: string }).joins, 'float32');
  const truth = await exactSample(model, sampleRows(n, n, 42), { k: 10 });
  const rowOf = (d: Dictionary) => (i: number) => d.indices.subarray(i * 10, i * 10 + 10);
  assert.equal(recallOf(model, truth, rowOf(int16)), int16.meta.recall);
  assert.equal(recallOf(model, truth, rowOf(float32)), float32.meta.recall);
  // a wrong row set fails that check: the float32 build's rows are another (nearly as good) set
  assert.notDeepEqual(int16.indices, float32.indices);
  assert.ok(Math.abs((int16.meta.recall as number) - (float32.meta.recall as number)) < 0.01, `${int16.meta.recall} vs ${float32.meta.recall}`);
  checkRows(int16, n);
  assert.deepEqual(regionNames(model), ['vectors', 'norms']);
});

test('a generated clustered model (3,000 × 32, 40 clusters): recall@15 ≥ 0.97', async () => {
  const model = clusteredModel(3000, 32, 40, 0.5, 17);
  const d = await buildApproximateDictionary(model, { k: 15, seed: 3, recall: 1 });
  const recall = recallAgainst(d, bruteForceNeighbors(model, 15, false, sample(3000, 300)), model);
  assert.ok(recall >= 0.97, `recall ${recall}`);
  checkRows(d, 3000);
  assert.deepEqual(regionNames(model), ['vectors', 'norms']);
});

test('the same seed gives the same dictionary; another seed a different one of similar recall', async () => {
  const model = firstRows(2000);
  const a = await buildApproximateDictionary(model, { k: 8, seed: 5 });
  const b = await buildApproximateDictionary(model, { k: 8, seed: 5 });
  const c = await buildApproximateDictionary(model, { k: 8, seed: 6 });
  assert.deepEqual(a.indices, b.indices);
  assert.deepEqual(a.scores, b.scores);
  const params = (d: Dictionary) => ({ ...(d.meta.nnDescent as object), elapsedMs: 0 });
  assert.deepEqual(params(a), params(b));
  assert.notDeepEqual(a.indices, c.indices);
  const truth = bruteForceNeighbors(model, 8, false, sample(2000, 200));
  assert.ok(Math.abs(recallAgainst(a, truth, model) - recallAgainst(c, truth, model)) < 0.05);
});

test('the same dictionary, iteration by iteration, with 1, 2 or 3 threads (worker threads), on the quantised or the float32 rows, and with the TypeScript scorer (float32) on 2 shares', async () => {
  const model = firstRows(2500);
  const options = { k: 10, seed: 3, recall: 1, maxIterations: 4 } as const;
  const params = (d: Dictionary) => {
    const p = d.meta.nnDescent as { updates: number[]; recallByIteration: number[]; iterations: number };
    return { updates: p.updates, recalls: p.recallByIteration, iterations: p.iterations };
  };
  // the joins on the quantised rows (the default) and on the float32 rows, which the TypeScript scorer also does
  for (const joins of ['int16', 'float32'] as const) {
    const one = await buildApproximateDictionary(model, { ...options, joins, threads: 1 });
    assert.equal((one.meta.nnDescent as { threads: number }).threads, 1);
    assert.equal((one.meta.nnDescent as { joins: string }).joins, joins);
    const others = joins === 'int16' ? [{ threads: 2 }, { threads: 3 }] : [{ threads: 2 }, { threads: 2, kernel: 'js' as const }];
    for (const other of others) {
      const d = await buildApproximateDictionary(model, { ...options, ...other, joins: 'kernel' in other ? undefined : joins });
      assert.equal((d.meta.nnDescent as { threads: number }).threads, other.threads);
      assert.equal((d.meta.nnDescent as { joins: string }).joins, joins);
      assert.deepEqual(d.indices, one.indices, `${joins} ${JSON.stringify(other)}`);
      assert.deepEqual(d.scores, one.scores);
      assert.deepEqual(params(d), params(one));
    }
  }
  assert.deepEqual(regionNames(model), ['vectors', 'norms']);
});

test('the descent matters: without it (the forest only) recall is lower, and it stops by δ before maxIterations', async () => {
  const model = firstRows(2000);
  const truth = bruteForceNeighbors(model, 10, false, sample(2000, 200));
  const forest = await buildApproximateDictionary(model, { k: 10, maxIterations: 0 });
  const seen: number[] = [];
  const full = await buildApproximateDictionary(model, { k: 10, maxIterations: 50, recall: 1, onIteration: (p) => void seen.push(p.updates) });
  assert.ok(recallAgainst(full, truth, model) > recallAgainst(forest, truth, model) + 0.05);
  const K = (full.meta.nnDescent as { heapSize: number }).heapSize;
  assert.equal(K, 30); // min(3k, k + 32)
  assert.ok(seen.length < 50 && seen[seen.length - 1] <= 0.001 * K * 2000 && seen[seen.length - 2] > 0.001 * K * 2000, `updates ${seen}`);
  assert.deepEqual((full.meta.nnDescent as { updates: number[] }).updates, seen);
});

test("onIteration 'stop' ends the descent; onRows gets every row once, in order, in blocks", async () => {
  const model = firstRows(2500);
  let calls = 0;
  const blocks: [number, number][] = [];
  const indices = new Int32Array(2500 * 6), scores = new Float32Array(2500 * 6);
  const d = await buildApproximateDictionary(model, {
    k: 6,
    onIteration: () => (++calls === 2 ? 'stop' : undefined),
    onRows: (r0, r1, ix, sc) => {
      blocks.push([r0, r1]);
      indices.set(ix, r0 * 6);
      scores.set(sc, r0 * 6);
    },
  });
  assert.equal(calls, 2);
  assert.equal((d.meta.nnDescent as { iterations: number }).iterations, 2);
  assert.deepEqual(blocks, [[0, 1024], [1024, 2048], [2048, 2500]]);
  assert.deepEqual(d.indices, indices, 'onRows sees the rows the sink keeps');
  const inMemory = await buildApproximateDictionary(model, { k: 6, onIteration: (p) => (p.iteration === 2 ? 'stop' : undefined) });
  assert.deepEqual(indices, inMemory.indices);
  assert.deepEqual(scores, inMemory.scores);
});

test('includeSelf: the word is merged in by its exact score, the rest shift', async () => {
  const model = firstRows(1500);
  // recall 1: both descents run to convergence (a recall target could stop them at different iterations)
  const without = await buildApproximateDictionary(model, { k: 5, recall: 1 });
  const withSelf = await buildApproximateDictionary(model, { k: 5, includeSelf: true, recall: 1 });
  const exact = await buildDictionary(model, { k: 5, threads: 1, includeSelf: true, method: 'f32' });
  checkRows(withSelf, 1500, true);
  for (let i = 0; i < 1500; i++) {
    assert.equal(withSelf.indices[i * 5], i);
    assert.ok(Object.is(withSelf.scores[i * 5], exact.scores[i * 5]), `row ${i}: self score ${withSelf.scores[i * 5]} vs ${exact.scores[i * 5]}`);
    assert.deepEqual(withSelf.indices.subarray(i * 5 + 1, i * 5 + 5), without.indices.subarray(i * 5, i * 5 + 4));
  }
});

test('tiny models (n − 1 ≤ k): the exact answer, −1/NaN for missing neighbours', async () => {
  const model = KeyedVectors.fromArrays(['a', 'b', 'c'], [1, 0, 0.6, 0.8, 0, 1], 2);
  const d = await buildApproximateDictionary(model, { k: 4 });
  assert.deepEqual(Array.from(d.indices), [1, 2, -1, -1, 2, 0, -1, -1, 1, 0, -1, -1]);
  const exact = await buildDictionary(model, { k: 4, threads: 1 });
  assert.deepEqual(d.scores, exact.scores);
  const small = firstRows(12);
  const e = await buildApproximateDictionary(small, { k: 11, includeSelf: true });
  assert.deepEqual(e.indices, (await buildDictionary(small, { k: 11, threads: 1, includeSelf: true })).indices);
  for (const n of [0, 1]) {
    const m = firstRows(n);
    const r = await buildApproximateDictionary(m, { k: 3 });
    assert.deepEqual(Array.from(r.indices), n === 0 ? [] : [-1, -1, -1]);
  }
});

test('every row needs every other (n − 1 ≤ k) with blocks too big for the kernel: the TypeScript scorer, the exact rows', async () => {
  const model = firstRows(1100);
  const d = await buildApproximateDictionary(model, { k: 1099, modelFile: 'first-1100.bin' });
  assert.equal((d.meta.nnDescent as { kernel: string }).kernel, 'js');
  assert.equal(d.meta.modelFile, 'first-1100.bin');
  const exact = await buildDictionary(model, { k: 1099, threads: 1, method: 'f32' });
  assert.deepEqual(d.indices, exact.indices);
  assert.deepEqual(d.scores, exact.scores);
  assert.deepEqual(regionNames(model), ['vectors', 'norms']);
});

test('zero vectors and duplicates: NaN scores rank last, the build completes', async () => {
  const n = 600, dim = 8;
  const base = firstRows(n);
  const v = Float32Array.from(base.vectors.subarray(0, n * 100).filter((_, x) => x % 100 < dim));
  for (let i = 0; i < n; i += 10) v.fill(0, i * dim, i * dim + dim); // every 10th row a zero vector
  for (let i = 5; i < n; i += 50) v.copyWithin(i * dim, 1 * dim, 2 * dim); // copies of row 1
  const model = KeyedVectors.fromArrays(base.words, v, dim);
  const d = await buildApproximateDictionary(model, { k: 6 });
  checkRows(d, n);
  for (let i = 1; i < n; i++) if (i % 10 !== 0) assert.ok(!Number.isNaN(d.scores[i * 6]), `row ${i} found a number`);
  const recall = recallAgainst(d, bruteForceNeighbors(model, 6, false, sample(n, 60).filter((i) => i % 10 !== 0)), model);
  assert.ok(recall >= 0.9, `recall ${recall}`);
});

test('bad options are RangeErrors naming the option', async () => {
  const model = firstRows(50);
  const bad: [object, RegExp][] = [
    [{ k: 0 }, /^k must be a whole number/], [{ trees: 0 }, /^trees must/], [{ leafSize: 1 }, /^leafSize must/],
    [{ maxCandidates: 1.5 }, /^maxCandidates must/], [{ delta: -0.1 }, /^delta must/], [{ delta: Number.NaN }, /^delta must/],
    [{ maxIterations: -1 }, /^maxIterations must/], [{ seed: -1 }, /^seed must/], [{ seed: 2 ** 32 }, /^seed must/],
    [{ joins: 'int8' }, /^joins must be 'int16' or 'float32'/], [{ joins: 'int16', kernel: 'js' }, /^joins: 'int16' needs the WebAssembly kernel/],
  ];
  for (const [options, message] of bad) await assert.rejects(buildApproximateDictionary(model, options), (e: Error) => e instanceof RangeError && message.test(e.message), JSON.stringify(options));
});

test("every region goes back to the model's memory, also when a hook throws", async () => {
  const model = firstRows(800);
  await buildApproximateDictionary(model, { k: 5 });
  assert.deepEqual(regionNames(model), ['vectors', 'norms']);
  await assert.rejects(buildApproximateDictionary(model, { k: 5, onIteration: () => { throw new Error('hook'); } }), /hook/);
  assert.deepEqual(regionNames(model), ['vectors', 'norms']);
  await assert.rejects(buildApproximateDictionary(model, { k: 5, onRows: () => { throw new Error('sink'); } }), /sink/);
  assert.deepEqual(regionNames(model), ['vectors', 'norms']);
  assert.deepEqual(regionNames(g3000), ['vectors', 'norms']);
});
