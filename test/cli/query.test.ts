/** `simdict info`, `similar`, `analogy` on the shipped model and on fixtures. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { DEFAULT_MODEL, defaultModelPath } from '../../src/cli/default-model.js';
import { fixture, hasStack, simdict, simdictJson } from './helpers.js';

const GLOVE10K = fixture('models/glove10k-100d.bin');

interface GoldenQuery {
  call: string;
  result: [string, number][];
}
const golden = JSON.parse(readFileSync(fixture('golden/queries/glove10k-100d.json'), 'utf8')).queries as GoldenQuery[];
function goldenResult(call: string): [string, number][] {
  const q = golden.find((g) => g.call === call);
  assert.ok(q, `no golden query ${call}`);
  return q.result;
}
function assertSameAnswers(results: { word: string; score: number }[], expected: [string, number][]): void {
  assert.deepEqual(results.map((r) => r.word), expected.map(([w]) => w));
  results.forEach((r, i) => assert.ok(Math.abs(r.score - expected[i][1]) < 1e-5, `${r.word}: ${r.score} vs gensim ${expected[i][1]}`));
}

describe('info', () => {
  test('the shipped model, human output', async () => {
    const r = await simdict(['info']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^file\s+.*glove-6B-100d-15k\.txt\.gz \(the shipped default model\)$/m);
    assert.match(r.stdout, /^format\s+word2vec-text, gzip-compressed$/m);
    assert.match(r.stdout, /^words\s+15,000$/m);
    assert.match(r.stdout, /^dimensions\s+100$/m);
    assert.match(r.stdout, /^load time\s+[\d,]+ ms$/m);
    assert.match(r.stdout, /^memory\s+(WebAssembly|plain)/m);
    assert.equal(r.stderr, '');
  });

  test('--json: one document with every field', async () => {
    const { result, json } = await simdictJson(['info']);
    assert.equal(result.code, 0);
    assert.equal(json.file, defaultModelPath());
    assert.equal(json.default, true);
    assert.equal(json.format, 'word2vec-text');
    assert.equal(json.gzip, true);
    assert.equal(json.words, DEFAULT_MODEL.words);
    assert.equal(json.dim, DEFAULT_MODEL.dim);
    assert.deepEqual(json.firstWords.slice(0, 3), ['the', ',', '.']);
    assert.equal(typeof json.loadMs, 'number');
    assert.ok(['wasm', 'plain'].includes(json.memory.kind));
    assert.ok(['wasm-simd', 'js'].includes(json.kernel));
    assert.ok(json.memory.bytes >= 4 * 15000 * 100);
    // what the memory holds, and the regions the dictionary and the search pool would take with their defaults
    assert.deepEqual(json.memory.regions.map((r: { name: string }) => r.name), ['vectors', 'norms']);
    assert.equal(json.memory.regions[0].bytes, 4 * DEFAULT_MODEL.words * DEFAULT_MODEL.dim);
    const names = (p: { regions: { name: string }[] }) => p.regions.map((r) => r.name);
    assert.ok(['f32', 'int8'].includes(json.memory.plans.dictionary.method));
    assert.ok(names(json.memory.plans.dictionary).includes('workspace 0'));
    assert.equal(json.memory.plans.search.method, 'int8');
    assert.equal(names(json.memory.plans.search)[0], 'quantised panels');
    assert.ok(json.memory.plans.search.regions.every((r: { bytes: number }) => r.bytes > 0));
  });

  test('a model file, with load options', async () => {
    const { json } = await simdictJson(['info', fixture('models/glove1k-100d.txt'), '--limit', '10']);
    assert.equal(json.format, 'glove');
    assert.equal(json.words, 10);
    assert.equal(json.default, false);
    const noHeader = await simdictJson(['info', fixture('models/test_glove.txt'), '--no-header']);
    assert.equal(noHeader.json.words, 76);
    assert.equal(noHeader.json.dim, 50);
  });
});

describe('similar', () => {
  test('the README demo: similar king queen on the shipped model', async () => {
    const r = await simdict(['similar', 'king', 'queen', '--topn', '10']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], /most similar to king \+ queen/);
    assert.match(r.stdout, /^\s*#\s+word\s+similarity$/m);
    assert.match(r.stdout, /^\s*1\s+prince\s+0\.\d{4}$/m);
    assert.equal(lines.filter((l) => /^\s*\d+\s/.test(l)).length, 10);
  });

  test('on the gensim GloVe fixture: the same answers as gensim', async () => {
    const { result, json } = await simdictJson(['similar', GLOVE10K, 'woman', 'king', '--negative', 'man', '--topn', '10']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json.model.file, GLOVE10K);
    assert.equal(json.model.words, 10000);
    assert.deepEqual(json.positive, ['woman', 'king']);
    assert.deepEqual(json.negative, ['man']);
    assert.equal(json.method, 'cosine');
    assertSameAnswers(json.results, goldenResult("kv.most_similar(positive=['woman', 'king'], negative=['man'], topn=10)"));
  });

  test('--restrict-vocab and --cosmul', async () => {
    const restricted = await simdictJson(['similar', GLOVE10K, 'king', '--restrict-vocab', '1000']);
    assertSameAnswers(restricted.json.results, goldenResult("kv.most_similar(positive=['king'], topn=10, restrict_vocab=1000)"));
    const cosmul = await simdictJson(['similar', GLOVE10K, 'woman', 'king', '--negative', 'man', '--cosmul']);
    assert.equal(cosmul.json.method, 'cosmul');
    assertSameAnswers(cosmul.json.results, goldenResult("kv.most_similar_cosmul(positive=['woman', 'king'], negative=['man'], topn=10)"));
  });

  test('the model argument is optional: a first argument that is not a file is a word', async () => {
    const { json } = await simdictJson(['similar', 'computer', '--topn', '3']);
    assert.equal(json.model.default, true);
    assert.deepEqual(json.positive, ['computer']);
    assert.equal(json.results.length, 3);
  });

  test('the default model is found from the source tree too (src/cli through tsx)', async () => {
    const { result, json } = await simdictJson(['similar', 'paris', '--topn', '3'], { source: true });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json.model.file, defaultModelPath());
  });

  test('works from another working directory', async () => {
    const { result, json } = await simdictJson(['similar', 'king', '--topn', '1'], { cwd: '/' });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json.results.length, 1);
  });
});

describe('analogy', () => {
  test('man is to king as woman is to queen', async () => {
    const r = await simdict(['analogy', 'man', 'king', 'woman', '--topn', '3']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /man is to king as woman is to \?/);
    assert.match(r.stdout, /^\s*1\s+queen\s/m);
  });

  test('with a model file and --json: most_similar(positive=[b, c], negative=[a])', async () => {
    const { json } = await simdictJson(['analogy', GLOVE10K, 'man', 'king', 'woman']);
    assert.deepEqual(json.analogy, { a: 'man', b: 'king', c: 'woman' });
    assert.deepEqual(json.positive, ['king', 'woman']);
    assert.deepEqual(json.negative, ['man']);
    assertSameAnswers(json.results, goldenResult("kv.most_similar(positive=['woman', 'king'], negative=['man'], topn=10)"));
  });

  test('wrong number of words: a usage error (exit 2)', async () => {
    const r = await simdict(['analogy', 'man', 'king']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /analogy takes three words/);
    assert.ok(!hasStack(r.stderr));
  });
});
