/**
 * Overlapping users of one model's memory (issue: mostSimilarBatch and buildDictionary at once failed with "regions
 * must be released in reverse order" and leaked the batch's region): both finish with their sequential answers, in
 * either order of finishing, and every region is given back.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildDictionary, KeyedVectors, loadModel, mostSimilarBatch } from '../../src/index.js';
import { SearchPool } from '../../src/search/search-pool.js';
import { fixture } from '../helpers/fixtures.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'));
const model = KeyedVectors.fromArrays(glove.words.slice(0, 3000), glove.vectors.subarray(0, 3000 * glove.dim), glove.dim);
const queries = model.words.slice(0, 300);
const held = () => model.memory.arena!.regions().map((r) => r.name);

test('a batch of queries, a dictionary build and a search pool overlap on one model and give every region back', async () => {
  const before = held();
  assert.deepEqual(before, ['vectors', 'norms']);
  const batchAlone = await mostSimilarBatch(model, queries, { topn: 5 });
  const dictAlone = await buildDictionary(model, { k: 5, threads: 2, blockRows: 256 });
  assert.deepEqual(held(), before);

  const pool = await SearchPool.start(model, { threads: 1 }); // holds its regions across the others
  // the batch reserves its workspace first and finishes last; the build reserves after it and finishes first
  const [batch, dict, pooled] = await Promise.all([
    mostSimilarBatch(model, queries, { topn: 5 }),
    buildDictionary(model, { k: 5, threads: 2, blockRows: 256 }),
    mostSimilarBatch(model, queries.slice(0, 50), { topn: 5, searcher: pool }),
  ]);
  assert.deepEqual(batch, batchAlone);
  assert.deepEqual(dict.indices, dictAlone.indices);
  assert.deepEqual(dict.scores, dictAlone.scores);
  assert.deepEqual(pooled.map((a) => a.map((n) => n.word)), batchAlone.slice(0, 50).map((a) => a.map((n) => n.word)));
  assert.ok(held().length > before.length, 'the pool still holds its regions');
  await pool.close();
  assert.deepEqual(held(), before, 'every region was given back');
});
