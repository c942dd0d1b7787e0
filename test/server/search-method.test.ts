/**
 * Honest faces: the method and recall the server reports come from what answered (the searcher, the dictionary's
 * metadata), so that an approximate engine or dictionary is never reported as exact.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { loadModel, mostSimilarBatch, SearchPool, type BatchSearcher } from '../../src/index.js';
import { openDictionary } from '../../src/store/index.js';
import { createServer } from '../../src/server/create-server.js';
import { similarRoutes } from '../../src/server/routes/similar.js';
import { WordSearch } from '../../src/server/word-search.js';
import { fixture } from '../cli/helpers.js';
import { writeApproximateDictionary } from '../helpers/small-dictionary.js';

const model = await loadModel(fixture('models/toy-model.gensim.txt'));
const dir = mkdtempSync(join(tmpdir(), 'simdict-search-method-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('without workers the answers are float32 on the event loop, and /v1/similar and /v1/info say exact-f32', async () => {
  const app = await createServer({ model, threads: 0 });
  try {
    const r = await app.inject('/v1/similar?word=the&topn=3');
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().method, 'exact-f32');
    assert.equal(r.json().recall, 1);
    const info = (await app.inject('/v1/info')).json();
    assert.deepEqual([info.search.method, info.search.recall, info.search.threads], ['exact-f32', 1, 0]);
  } finally {
    await app.close();
  }
});

test("an approximate searcher's method and recall are what /v1/similar reports", async () => {
  const pool = await SearchPool.start(model, { threads: 1, method: 'f32' });
  // A real search (the pool's), declared approximate: the route must report the declaration, not 'exact'.
  const approximate: BatchSearcher = { capacity: pool.capacity, maxK: pool.maxK, method: { name: 'approximate-test', recall: 0.9 }, search: (...a) => pool.search(...a) };
  const app = Fastify();
  similarRoutes(app, () => search);
  const search = new WordSearch(model, approximate);
  try {
    const r = (await app.inject('/v1/similar?word=the&topn=3')).json();
    assert.equal(r.method, 'approximate-test');
    assert.equal(r.recall, 0.9);
    assert.deepEqual(r.results, (await mostSimilarBatch(model, ['the'], { topn: 3 }))[0]);
    const cosmul = (await app.inject('/v1/similar?word=the&topn=3&cosmul=true')).json();
    assert.deepEqual([cosmul.method, cosmul.recall], ['exact-cosmul', 1], 'cosmul runs on this thread, exactly');
  } finally {
    await app.close();
    await pool.close();
  }
});

test("/v1/info reports the dictionary's own method and recall from its metadata", async () => {
  const file = join(dir, 'approximate.tsv');
  await writeApproximateDictionary(file, { method: 'approximate-test', recall: 0.75 });
  const app = await createServer({ dictionary: openDictionary(file), dictionaryFile: file });
  try {
    const info = (await app.inject('/v1/info')).json();
    assert.equal(info.dictionary.method, 'approximate-test');
    assert.equal(info.dictionary.recall, 0.75);
    assert.equal(info.search, null, 'no model: no search to describe');
  } finally {
    await app.close();
  }
});
