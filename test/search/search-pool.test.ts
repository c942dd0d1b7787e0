/**
 * The search pool (worker threads, rows split between them) against the single-thread tile path of mostSimilarBatch,
 * which the queries tests hold to gensim's mostSimilar: the same rows, in the same order, with the same float32
 * scores, for any number of workers, on the quantised panels (the default) and on the float32 tiles.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedVectors, loadModel, mostSimilarBatch } from '../../src/index.js';
import { SearchPool, type SearchPoolOptions } from '../../src/search/search-pool.js';
import { fixture } from '../helpers/fixtures.js';
import { tiedModel } from '../helpers/tied-model.js';

const model = await loadModel(fixture('models/glove10k-100d.bin'));
const pools: SearchPool[] = [];
after(async () => {
  for (const p of pools.reverse()) await p.close(); // regions go back in reverse order
});

async function pool(m: KeyedVectors, options: SearchPoolOptions = {}): Promise<SearchPool> {
  const p = await SearchPool.start(m, options);
  pools.push(p);
  return p;
}

const queries = [
  ...Array.from({ length: 150 }, (_, i) => model.words[(i * 67) % model.size]),
  { positive: ['king', 'woman'], negative: ['man'] },
  ['paris', 'france'],
];

for (const method of ['int8', 'f32'] as const) {
  for (const threads of [1, 2, 3]) {
    test(`${method}, ${threads} worker(s), blocks of 64: every answer equals the single-thread tile path`, async () => {
      const p = await pool(model, { threads, capacity: 64, method });
      assert.equal(p.scoring, method);
      assert.deepEqual(p.method, { name: method === 'int8' ? 'exact-int8-rescored' : 'exact-f32', recall: 1 });
      for (const [topn, restrictVocab] of [[12, undefined], [12, 3001], [200, undefined]] as const) {
        const want = await mostSimilarBatch(model, queries, { topn, restrictVocab });
        const got = await mostSimilarBatch(model, queries, { topn, restrictVocab, searcher: p });
        assert.deepEqual(got, want, `topn ${topn}, restrictVocab ${restrictVocab}`);
      }
      const stats = p.stats;
      assert.equal(stats.queries, 3 * queries.length);
      assert.equal(stats.batches, 3 * Math.ceil(queries.length / 64));
      if (method === 'f32') assert.equal(stats.unproven, 0);
      else assert.ok(stats.unproven < (stats.queries * threads) / 10, `${stats.unproven} unproven query slices`);
    });
  }

  test(`${method}: ties and zero rows: rank order (score, then index, NaN last) survives the split between workers`, async () => {
    // Few distinct vectors, so many exact ties across the workers' slices; every 97th row zero (NaN scores).
    const tied = tiedModel(1000, 8, 5, 97, 7);
    const p = await pool(tied, { threads: 3, capacity: 8, method });
    const qs = ['w1', 'w2', 'w3', 'w4', 'w5', 'w0'];
    for (const topn of [1, 150, 999]) {
      assert.deepEqual(await mostSimilarBatch(tied, qs, { topn, searcher: p }), await mostSimilarBatch(tied, qs, { topn }), `topn ${topn}`);
    }
    if (method === 'int8') assert.ok(p.stats.unproven > 0, 'exact ties must send queries to the float32 pass');
  });
}

test('bad arguments are RangeErrors naming the argument; a closed pool says so', async () => {
  const p = await pool(model, { threads: 1, capacity: 4, maxK: 20 });
  const one = new Float32Array(model.dim);
  await assert.rejects(p.search(one, 5, 10, 0, model.size), /count must be a whole number from 0 to 4/);
  await assert.rejects(p.search(one, 1, 21, 0, model.size), /k must be a whole number from 1 to 20/);
  await assert.rejects(p.search(one, 1, 5, 10, model.size + 1), /the model's rows \[10, \d+\) are not a range of \[0, \d+\)/);
  await assert.rejects(mostSimilarBatch(model, ['king'], { topn: 20, searcher: p }), /more than the searcher's 20 results/);
  await assert.rejects(SearchPool.start(model, { threads: 0 }), /threads must be a whole number from 1/);
  await assert.rejects(SearchPool.start(model, { method: 'f16' as 'f32' }), /method must be 'int8' or 'f32', got "f16"/);
  await p.close();
  await assert.rejects(p.search(one, 1, 5, 0, model.size), /closed/);
});

test("closing pools gives their regions back: the model's memory can reserve them again", async () => {
  const bytes = 1 << 20;
  const a = await SearchPool.start(model, { threads: 2 });
  assert.equal(a.scoring, 'int8'); // the default where it fits: its panels are a region too
  await a.close();
  const r = model.memory.reserve(bytes); // would throw if a region were still held out of order
  r.release();
});
