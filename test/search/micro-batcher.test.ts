/**
 * The micro-batcher: concurrent single queries with different k and ranges are answered exactly as each would be
 * alone, in fewer batches than queries; a failing searcher fails every query of the batch and the next batch runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel, mostSimilarBatch } from '../../src/index.js';
import type { BatchSearcher } from '../../src/search/batch-searcher.js';
import { MicroBatcher } from '../../src/search/micro-batcher.js';
import { SearchPool } from '../../src/search/search-pool.js';
import { fixture } from '../helpers/fixtures.js';

const model = await loadModel(fixture('models/glove10k-100d.bin'));

test('200 concurrent queries (topn 1..20, two ranges) equal the single-thread answers, in fewer batches', async () => {
  const pool = await SearchPool.start(model, { threads: 2, capacity: 32 });
  try {
    const batcher = new MicroBatcher(pool, model.dim);
    const asks = Array.from({ length: 200 }, (_, i) => ({ word: model.words[(i * 41) % model.size], topn: 1 + (i % 20), restrictVocab: i % 3 === 0 ? 5000 : undefined }));
    const got = await Promise.all(asks.map((a) => mostSimilarBatch(model, [a.word], { topn: a.topn, restrictVocab: a.restrictVocab, searcher: batcher })));
    for (let i = 0; i < asks.length; i++) {
      const [want] = await mostSimilarBatch(model, [asks[i].word], { topn: asks[i].topn, restrictVocab: asks[i].restrictVocab });
      assert.deepEqual(got[i][0], want, asks[i].word);
    }
    assert.equal(batcher.stats.queries, 200);
    assert.ok(batcher.stats.batches < 50, `${batcher.stats.batches} batches for 200 queries`);
  } finally {
    await pool.close();
  }
});

test("a searcher's failure rejects that batch's queries; later queries are served", async () => {
  let calls = 0;
  const flaky: BatchSearcher = {
    capacity: 4,
    maxK: 10,
    method: { name: 'approximate-test', recall: 0.9 },
    async search(_v, count, k) {
      if (calls++ === 0) throw new Error('disk on fire');
      return { indices: new Int32Array(count * k).fill(3), scores: new Float32Array(count * k).fill(0.5) };
    },
  };
  const batcher = new MicroBatcher(flaky, 2);
  assert.deepEqual(batcher.method, { name: 'approximate-test', recall: 0.9 }, "the batcher reports its searcher's method");
  const first = await Promise.allSettled([batcher.search(new Float32Array(2), 1, 2, 0, 10), batcher.search(new Float32Array(2), 1, 3, 0, 10)]);
  assert.deepEqual(first.map((r) => r.status), ['rejected', 'rejected']);
  const later = await batcher.search(new Float32Array(4), 2, 2, 0, 10);
  assert.deepEqual([...later.indices], [3, 3, 3, 3]);
  await assert.rejects(batcher.search(new Float32Array(2), 1, 11, 0, 10), /k must be a whole number from 1 to 10/);
});
