/**
 * The HTTP API over a real listening server (fetch over TCP): every endpoint's answers against the library's own
 * answers (which the queries tests hold to gensim's), every client mistake a 4xx JSON error naming the field, and the
 * server still serving afterwards.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildDictionary, loadModel, mostSimilarBatch, mostSimilarCosmul, similarity } from '../../src/index.js';
import { openDictionary } from '../../src/store/index.js';
import { createServer } from '../../src/server/create-server.js';
import { LIMITS } from '../../src/server/limits.js';
import { defaultModelPath } from '../../src/cli/default-model.js';

const model = await loadModel(defaultModelPath());
const dir = mkdtempSync(join(tmpdir(), 'simdict-api-'));
const dictFile = join(dir, 'd.sqlite');
let app: FastifyInstance;
let base: string;

before(async () => {
  await buildDictionary(model, { out: dictFile, k: 10, threads: 1, method: 'f32' });
  app = await createServer({ model, dictionary: openDictionary(dictFile), dictionaryFile: dictFile, threads: 2 });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(path: string): Promise<{ status: number; body: any; headers: Headers }> {
  const r = await fetch(base + path);
  return { status: r.status, headers: r.headers, body: await r.json() };
}

async function post(path: string, body: string, type = 'application/json'): Promise<{ status: number; body: any }> {
  const r = await fetch(base + path, { method: 'POST', headers: { 'content-type': type }, body });
  return { status: r.status, body: await r.json() };
}

/** The library's exact answer, as the server computes it (the batch path). */
async function expected(positive: string[], negative: string[], topn: number) {
  const [answer] = await mostSimilarBatch(model, [{ positive, negative }], { topn });
  return answer;
}

function assertError(r: { status: number; body: any }, status: number, code: string, field?: string, text?: RegExp): void {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body.error.status, status);
  assert.equal(r.body.error.code, code);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.body.error.message);
  assert.equal(typeof r.body.error.message, 'string');
  if (text) assert.match(r.body.error.message, text);
}

test('GET /v1/similar: the library answer, default topn 10', async () => {
  const r = await get('/v1/similar?word=king');
  assert.equal(r.status, 200);
  assert.equal(r.body.method, 'exact-int8-rescored'); // the pool's default scoring, reported by the pool
  assert.equal(r.body.recall, 1);
  assert.deepEqual(r.body.query, { positive: ['king'], negative: [] });
  assert.deepEqual(r.body.results, await expected(['king'], [], 10));
  assert.deepEqual((await get('/v1/similar?word=paris&topn=3')).body.results, await expected(['paris'], [], 3));
  assert.equal((await get(`/v1/similar?word=the&topn=${LIMITS.maxTopn}`)).body.results.length, LIMITS.maxTopn);
});

test('POST /v1/similar: positive and negative words, and cosmul (gensim most_similar_cosmul)', async () => {
  const r = await post('/v1/similar', JSON.stringify({ positive: ['king', 'woman'], negative: ['man'], topn: 5 }));
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.results, await expected(['king', 'woman'], ['man'], 5));
  const c = await post('/v1/similar', JSON.stringify({ positive: ['king', 'woman'], negative: ['man'], topn: 5, cosmul: true }));
  assert.equal(c.body.method, 'exact-cosmul');
  assert.equal(c.body.recall, 1);
  assert.deepEqual(c.body.results, mostSimilarCosmul(model, { positive: ['king', 'woman'], negative: ['man'], topn: 5 }));
  const negativeOnly = await post('/v1/similar', JSON.stringify({ negative: ['good'], topn: 3 }));
  assert.deepEqual(negativeOnly.body.results, await expected([], ['good'], 3));
});

test('GET /v1/analogy is positive b, c and negative a; /v1/similarity is the cosine similarity', async () => {
  const r = await get('/v1/analogy?a=man&b=king&c=woman&topn=4');
  assert.deepEqual(r.body.results, await expected(['king', 'woman'], ['man'], 4));
  assert.equal(r.body.results[0].word, 'queen');
  const s = await get('/v1/similarity?w1=king&w2=queen');
  assert.deepEqual(s.body, { w1: 'king', w2: 'queen', similarity: similarity(model, 'king', 'queen') });
});

test('GET /v1/dict/:word: the stored entry, topn, and the store\'s own lookup', async () => {
  const dict = openDictionary(dictFile);
  try {
    const r = await get('/v1/dict/king');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, JSON.parse(JSON.stringify(dict.lookup('king'))));
    assert.equal(r.body.neighbors.length, 10);
    assert.deepEqual((await get('/v1/dict/king?topn=3')).body.neighbors, r.body.neighbors.slice(0, 3));
    // The dictionary is exact: its entry is the model's answer.
    assert.deepEqual(r.body.neighbors.map((n: { word: string }) => n.word), (await expected(['king'], [], 10)).map((n) => n.word));
    const accented = encodeURIComponent(model.words.find((w) => /[^\x00-\x7f]/.test(w))!);
    assert.equal((await get(`/v1/dict/${accented}`)).status, 200);
  } finally {
    dict.close();
  }
});

test('GET /v1/words (autocomplete, most frequent first) and /v1/map (the word and its neighbours on a plane)', async () => {
  const w = await get('/v1/words?prefix=ki&limit=5');
  const want = model.words.filter((x) => x.startsWith('ki')).slice(0, 5);
  assert.deepEqual(w.body, { prefix: 'ki', words: want });
  assert.deepEqual((await get('/v1/words?prefix=zzzzq')).body.words, []);
  const m = await get('/v1/map?word=king&topn=8');
  assert.equal(m.status, 200);
  assert.deepEqual(m.body.points.map((p: { word: string }) => p.word), ['king', ...(await expected(['king'], [], 8)).map((n) => n.word)]);
  assert.ok(m.body.explained[0] >= m.body.explained[1] && m.body.explained[0] + m.body.explained[1] <= 1 + 1e-9);
  for (const p of m.body.points) assert.ok(Number.isFinite(p.x) && Number.isFinite(p.y));
});

test('GET /v1/info, /health, /openapi.json (every endpoint documented), the explorer at /', async () => {
  const info = await get('/v1/info');
  assert.deepEqual(info.body.model, { file: model.source.file, words: model.size, dim: model.dim });
  assert.equal(info.body.dictionary.words, model.size);
  assert.equal(info.body.dictionary.k, 10);
  assert.equal(info.body.search.threads, 2);
  assert.equal(info.body.search.scoring, 'int8'); // the default: quantised, rescored (the answers above are exact)
  // the model's memory as held now: its rows and norms, then the pool's panels and one workspace per worker
  assert.deepEqual(info.body.memory.regions.map((r: { name: string }) => r.name), ['vectors', 'norms', 'quantised panels', 'search workspace 0', 'search workspace 1']);
  assert.equal(info.body.memory.bytes, model.memory.heldBytes);
  assert.equal(info.body.search.method, 'exact-int8-rescored');
  assert.equal(info.body.search.recall, 1);
  assert.equal(info.body.dictionary.method, 'exact-f32'); // the dictionary's own metadata, not the pool's
  assert.deepEqual((await get('/health')).body, { status: 'ok' });
  const api = (await get('/openapi.json')).body;
  assert.match(api.openapi, /^3\./);
  for (const path of ['/v1/similar', '/v1/analogy', '/v1/similarity', '/v1/dict/{word}', '/v1/info', '/health', '/v1/words', '/v1/map']) {
    assert.ok(api.paths[path], `${path} in the OpenAPI document`);
  }
  assert.ok(api.paths['/v1/similar'].post && api.paths['/v1/similar'].get);
  const page = await fetch(base + '/');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /text\/html/);
});

test('unknown words: 404 naming the field, with close spellings; every unknown word of a query is named', async () => {
  const r = await get('/v1/similar?word=kingg');
  assertError(r, 404, 'unknown_word', 'word', /"kingg"/);
  assert.ok(r.body.error.suggestions.kingg.includes('king'));
  const p = await post('/v1/similar', JSON.stringify({ positive: ['king', 'qeen'], negative: ['xqzwv'] }));
  assertError(p, 404, 'unknown_word', 'positive', /"qeen", "xqzwv"/);
  assert.deepEqual(Object.keys(p.body.error.suggestions), ['qeen', 'xqzwv']);
  assertError(await get('/v1/analogy?a=man&b=king&c=womann'), 404, 'unknown_word', 'c');
  assertError(await get('/v1/similarity?w1=kingg&w2=queen'), 404, 'unknown_word', 'w1');
  assertError(await get('/v1/map?word=kingg'), 404, 'unknown_word', 'word');
  const d = await get('/v1/dict/kingg');
  assertError(d, 404, 'unknown_word', 'word', /dictionary/);
  assert.ok(d.body.error.suggestions.kingg.includes('king'));
});

test('bad parameters: 400 naming the field and what was expected', async () => {
  assertError(await get('/v1/similar?word=king&topn=0'), 400, 'bad_request', 'topn', />= 1/);
  assertError(await get(`/v1/similar?word=king&topn=${LIMITS.maxTopn + 1}`), 400, 'bad_request', 'topn', new RegExp(`<= ${LIMITS.maxTopn}`));
  assertError(await get('/v1/similar?word=king&topn=ten'), 400, 'bad_request', 'topn', /integer/);
  assertError(await get('/v1/similar?word=king&topn=2.5'), 400, 'bad_request', 'topn');
  assertError(await get('/v1/similar'), 400, 'bad_request', 'word', /required/);
  assertError(await get('/v1/similar?word='), 400, 'bad_request', 'word');
  assertError(await get(`/v1/similar?word=${'a'.repeat(LIMITS.maxWordLength + 1)}`), 400, 'bad_request', 'word');
  assertError(await get('/v1/similar?word=king&cosmul=maybe'), 400, 'bad_request', 'cosmul');
  assertError(await get('/v1/analogy?a=man&b=king'), 400, 'bad_request', 'c', /required/);
  assertError(await get('/v1/similarity?w1=king'), 400, 'bad_request', 'w2');
  assertError(await get(`/v1/map?word=king&topn=${LIMITS.maxMapTopn + 1}`), 400, 'bad_request', 'topn');
  assertError(await get(`/v1/words?limit=${LIMITS.maxCompletions + 1}`), 400, 'bad_request', 'limit');
  assertError(await get(`/v1/dict/king?topn=0`), 400, 'bad_request', 'topn');
});

test('bad bodies: malformed JSON, wrong types, unknown fields, no words, too many words, too large, not JSON', async () => {
  assertError(await post('/v1/similar', '{"positive": ["king"'), 400, 'bad_request', 'body', /not valid JSON/);
  assertError(await post('/v1/similar', ''), 400, 'bad_request', 'body');
  assertError(await post('/v1/similar', '[]'), 400, 'bad_request');
  assertError(await post('/v1/similar', '{"positive": "king"}'), 400, 'bad_request', 'positive', /array/);
  assertError(await post('/v1/similar', '{"positive": [1, 2]}'), 400, 'bad_request', 'positive.0', /string/);
  assertError(await post('/v1/similar', '{"positive": ["king"], "topn": "many"}'), 400, 'bad_request', 'topn');
  assertError(await post('/v1/similar', '{"positive": ["king"], "postive": ["queen"]}'), 400, 'bad_request', 'postive', /not a known field/);
  assertError(await post('/v1/similar', '{"positive": [], "negative": []}'), 400, 'bad_request', 'positive', /at least one word/);
  const many = Array.from({ length: LIMITS.maxWords + 1 }, () => 'king');
  assertError(await post('/v1/similar', JSON.stringify({ positive: many })), 400, 'bad_request', 'positive', new RegExp(`${LIMITS.maxWords}`));
  const half = many.slice(0, 30);
  assertError(await post('/v1/similar', JSON.stringify({ positive: half, negative: half })), 400, 'bad_request', 'positive', /at most 50 words/);
  assertError(await post('/v1/similar', JSON.stringify({ positive: Array(5000).fill('king') })), 413, 'payload_too_large', 'body');
  assertError(await post('/v1/similar', 'king', 'text/plain'), 415, 'unsupported_media_type', 'content-type');
});

test('unknown routes and methods are 404 JSON; the server keeps serving after every mistake', async () => {
  assertError(await get('/v1/nothing'), 404, 'not_found', undefined, /GET \/v1\/nothing/);
  assertError(await post('/v1/analogy', '{}'), 404, 'not_found');
  const ok = await get('/v1/similar?word=queen&topn=2');
  assert.equal(ok.status, 200);
});

test('100 concurrent queries (micro-batched on the pool) each get their own exact answer', async () => {
  const words = model.words.slice(200, 300);
  const answers = await Promise.all(words.map((w, i) => get(`/v1/similar?word=${encodeURIComponent(w)}&topn=${1 + (i % 15)}`)));
  for (let i = 0; i < words.length; i++) assert.deepEqual(answers[i].body.results, await expected([words[i]], [], 1 + (i % 15)), words[i]);
});

test('CORS is off by default (no Access-Control-Allow-Origin), on when asked', async () => {
  const plain = await fetch(base + '/v1/similar?word=king', { headers: { origin: 'https://example.org' } });
  assert.equal(plain.headers.get('access-control-allow-origin'), null);
  const open = await createServer({ model, threads: 1, cors: ['https://example.org'] });
  try {
    const url = await open.listen({ port: 0, host: '127.0.0.1' });
    const r = await fetch(url + '/v1/similar?word=king', { headers: { origin: 'https://example.org' } });
    assert.equal(r.headers.get('access-control-allow-origin'), 'https://example.org');
  } finally {
    await open.close();
  }
});

test('a dictionary-only server answers /v1/dict and /v1/words, and says no_model for model queries', async () => {
  const only = await createServer({ dictionary: openDictionary(dictFile) });
  try {
    const url = await only.listen({ port: 0, host: '127.0.0.1' });
    const info = await (await fetch(url + '/v1/info')).json();
    assert.equal(info.model, null);
    assert.equal((await fetch(url + '/v1/dict/king')).status, 200);
    assert.deepEqual((await (await fetch(url + '/v1/words?prefix=ki&limit=3')).json()).words, model.words.filter((x) => x.startsWith('ki')).slice(0, 3));
    const r = await fetch(url + '/v1/similar?word=king');
    assert.equal(r.status, 404);
    assert.equal((await r.json()).error.code, 'no_model');
    const d = await fetch(url + '/v1/dict/kingg');
    assert.ok((await d.json()).error.suggestions.kingg.includes('king'));
  } finally {
    await only.close();
  }
  const noDict = await createServer({ model, threads: 1 });
  try {
    const url = await noDict.listen({ port: 0, host: '127.0.0.1' });
    const r = await fetch(url + '/v1/dict/king');
    assert.equal(r.status, 404);
    assert.equal((await r.json()).error.code, 'no_dictionary');
  } finally {
    await noDict.close();
  }
  await assert.rejects(createServer({}), /needs a model, a dictionary, or both/);
});
