/**
 * The search pool (worker threads, rows split between them) against the single-thread tile path of mostSimilarBatch,
 * which the queries tests hold to gensim's mostSimilar: the same rows, in the same order, with the same float32
 * scores, for any number of workers.
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

for (const threads of [1, 2, 3]) {
  test(`${threads} worker(s), blocks of 64: every answer equals the single-thread tile path`, async () => {
    const p = await pool(model, { threads, capacity: 64 });
    for (const restrictVocab of [undefined, 3001]) {
      const want = await mostSimilarBatch(model, queries, { topn: 12, restrictVocab });
      const got = await mostSimilarBatch(model, queries, { topn: 12, restrictVocab, searcher: p });
      assert.deepEqual(got, want);
    }
  });
}

test('ties and zero rows: rank order (score, then index, NaN last) survives the split between workers', async () => {
  // Few distinct vectors, so many exact ties across the workers' slices; every 97th row zero (NaN scores).
  const tied = tiedModel(1000, 8, 5, 97, 7);
  const p = await pool(tied, { threads: 3, capacity: 8 });
  const qs = ['w1', 'w2', 'w3', 'w4', 'w5', 'w0'];
  for (const topn of [1, 150, 999]) {
    assert.deepEqual(await mostSimilarBatch(tied, qs, { topn, searcher: p }), await mostSimilarBatch(tied, qs, { topn }), `topn ${topn}`);
  }
});

test('bad arguments are RangeErrors naming the argument; a closed pool says so', async () => {
  const p = await pool(model, { threads: 1, capacity: 4, maxK: 20 });
  const one = new Float32Array(model.dim);
  await assert.rejects(p.search(one, 5, 10, 0, model.size), /count must be a whole number from 0 to 4/);
  await assert.rejects(p.search(one, 1, 21, 0, model.size), /k must be a whole number from 1 to 20/);
  await assert.rejects(p.search(one, 1, 5, 10, model.size + 1), /not a range of the model/);
  await assert.rejects(mostSimilarBatch(model, ['king'], { topn: 20, searcher: p }), /more than the searcher's 20 results/);
  await assert.rejects(SearchPool.start(model, { threads: 0 }), /threads must be a whole number from 1/);
  await p.close();
  await assert.rejects(p.search(one, 1, 5, 0, model.size), /closed/);
});

test("closing pools gives their regions back: the model's memory can reserve them again", async () => {
  const bytes = 1 << 20;
  const a = await SearchPool.start(model, { threads: 2 });
  await a.close();
  const r = model.memory.reserve(bytes); // would throw if a region were still held out of order
  r.release();
});
