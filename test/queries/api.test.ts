/**
 * The query API beyond the golden cases: call shapes, argument checks, error types and messages, the JS and
 * WebAssembly kernels agreeing, and gensim behaviours the goldens cover only on one model.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadModel } from '../../src/formats/load-model.js';
import {
  closerThan, doesntMatch, getMeanVector, mostSimilar, mostSimilarCosmul, nSimilarity, rankByCentrality, similarity, wordsCloserThan,
} from '../../src/queries/index.js';
import { KeyedVectors, UnknownWordError } from '../../src/vectors/keyed-vectors.js';
import { fixture } from '../helpers/fixtures.js';

describe('query API', () => {
  let kv: KeyedVectors; // toy-model.vec: 22 words × 5
  let js: KeyedVectors; // the same, with the js kernel
  before(async () => {
    kv = await loadModel(fixture('models/toy-model.vec'));
    js = KeyedVectors.fromArrays(kv.words, kv.vectors, kv.dim, { wasm: false });
  });

  it('mostSimilar: query object, positional positive, method and function agree; both kernels agree bit for bit', () => {
    const a = mostSimilar(kv, { positive: ['anarchist', 'society'], negative: 'property', topn: 4 });
    assert.deepEqual(mostSimilar(kv, ['anarchist', 'society'], { negative: ['property'], topn: 4 }), a);
    assert.deepEqual(kv.mostSimilar({ positive: ['anarchist', 'society'], negative: ['property'], topn: 4 }), a);
    assert.deepEqual(js.mostSimilar({ positive: ['anarchist', 'society'], negative: ['property'], topn: 4 }), a);
    assert.deepEqual(kv.mostSimilar('the', { topn: null }), js.mostSimilar('the', { topn: null }));
    assert.equal(a.length, 4);
    assert.ok(a.every((n) => typeof n.word === 'string' && Math.fround(n.score) === n.score));
  });

  it('terms: integer index = word, number[] inside a list = Float32Array, weights as given', () => {
    const i = kv.indexOf('anarchism');
    assert.deepEqual(kv.mostSimilar([i], { topn: 3 }), kv.mostSimilar('anarchism', { topn: 3 }));
    const v = kv.getVector('anarchism');
    assert.deepEqual(kv.mostSimilar([[...v]], { topn: 3 }), kv.mostSimilar(v, { topn: 3 }));
    assert.equal(kv.mostSimilar(v, { topn: 1 })[0].word, 'anarchism'); // a raw vector is not excluded
    // a weighted term in `negative` keeps its (positive) weight: it adds, like a positive term
    assert.deepEqual(kv.mostSimilar({ positive: ['the'], negative: [{ term: 'of', weight: 1 }], topn: 5 }), kv.mostSimilar(['the', 'of'], { topn: 5 }));
  });

  it('topn: below 1 gives [], null gives all scores of the range, restrictVocab 0 is no restriction', () => {
    assert.deepEqual(kv.mostSimilar('the', { topn: 0 }), []);
    assert.deepEqual(kv.mostSimilar('not-a-word', { topn: -1 }), []); // topn is checked first, as in gensim
    assert.equal(kv.mostSimilar('the', { topn: null, restrictVocab: 7 }).length, 7);
    assert.equal(kv.mostSimilar('the', { topn: null, clipStart: 3, clipEnd: 10 }).length, 7);
    assert.deepEqual(kv.mostSimilar('the', { restrictVocab: 0 }), kv.mostSimilar('the'));
    assert.equal(kv.mostSimilar('the', { topn: 100 }).length, kv.size - 1);
  });

  it('errors: unknown words, empty input, bad parameters, wrong dimensions', () => {
    assert.throws(() => kv.mostSimilar('kingg'), (e: unknown) => e instanceof UnknownWordError && e.word === 'kingg'
      && e.message === `word "kingg" is not in the model's vocabulary`);
    const long = 'x'.repeat(10240);
    assert.throws(() => kv.mostSimilar(long), (e: unknown) => e instanceof UnknownWordError && e.word === long
      && e.message === `word "${'x'.repeat(60)}"... (10,240 characters) is not in the model's vocabulary`, 'a long word is shortened in the message, kept whole in e.word');
    assert.throws(() => kv.mostSimilar({ positive: [] }), /mostSimilar needs at least one positive or negative word/);
    assert.throws(() => kv.mostSimilar({}), /needs at least one/);
    assert.throws(() => kv.mostSimilar('the', { topn: 2.5 }), (e: unknown) => e instanceof RangeError && /topn/.test(e.message));
    assert.throws(() => kv.mostSimilar('the', { restrictVocab: -1 }), (e: unknown) => e instanceof RangeError && /restrictVocab/.test(e.message));
    assert.throws(() => kv.mostSimilar('the', { clipStart: 0.5 }), /clipStart/);
    assert.throws(() => kv.mostSimilar(new Float32Array(3)), (e: unknown) => e instanceof RangeError && /3 dimensions, the model 5/.test(e.message));
    assert.throws(() => kv.mostSimilarCosmul({ negative: ['the'] }), /needs at least one positive word/);
    assert.throws(() => kv.mostSimilarCosmul([{ term: 'the', weight: 2 }]), TypeError);
    assert.throws(() => kv.similarity('the', 'kingg'), UnknownWordError);
    assert.throws(() => nSimilarity(kv, [], ['the']), /at least one word in each list/);
    assert.throws(() => getMeanVector(kv, []), /at least one key/);
    assert.throws(() => getMeanVector(kv, ['the'], { weights: [1, 2] }), RangeError);
    assert.throws(() => getMeanVector(kv, ['the', 'kingg'], { ignoreMissing: false }), UnknownWordError);
    assert.throws(() => doesntMatch(kv, ['kingg']), /empty list/);
  });

  it('mostSimilarCosmul: an index is its word, restrictVocab is ignored (gensim 4.2.0), topn null gives all scores', () => {
    const byWord = mostSimilarCosmul(kv, { positive: ['anarchist', 'society'], negative: ['property'], topn: 3 });
    const i = (w: string) => kv.indexOf(w);
    assert.deepEqual(mostSimilarCosmul(kv, { positive: [i('anarchist'), i('society')], negative: [i('property')], topn: 3 }), byWord);
    assert.deepEqual(mostSimilarCosmul(kv, { positive: ['anarchist', 'society'], negative: ['property'], topn: 3, restrictVocab: 2 }), byWord);
    assert.deepEqual(js.mostSimilarCosmul({ positive: ['anarchist', 'society'], negative: ['property'], topn: 3 }), byWord);
    assert.equal(kv.mostSimilarCosmul('the', { topn: null }).length, kv.size);
  });

  it('a zero row scores NaN and ranks last (gensim: 0/0)', () => {
    const m = KeyedVectors.fromArrays(['a', 'zero', 'b', 'c'], [1, 0, 0, 0, 0.9, 0.1, 0, 1], 2);
    const got = m.mostSimilar('a');
    assert.deepEqual(got.map((n) => n.word), ['b', 'c', 'zero']);
    assert.ok(Number.isNaN(got[2].score));
    assert.deepEqual(m.mostSimilar({ positive: ['a'], negative: ['a'], topn: 2 }).map((n) => n.score), [0, 0]);
  });

  it('rankByCentrality orders ties by word (descending) and warns about unknown words', () => {
    const warnings: string[] = [];
    const m = KeyedVectors.fromArrays(['x', 'y', 'far'], [1, 0, 1, 0, 0, 1], 2);
    const ranked = rankByCentrality(m, ['x', 'y', 'far', 'nope'], { onWarning: (w) => warnings.push(w) });
    assert.deepEqual(ranked.map((n) => n.word), ['y', 'x', 'far']);
    assert.deepEqual(warnings, ['vectors for words {"nope"} are not present in the model, ignoring these words']);
  });

  it('closerThan lists words in index order; wordsCloserThan warns once', async () => {
    const closer = closerThan(kv, 'anarchist', 'the');
    assert.deepEqual([...closer].sort((a, b) => kv.indexOf(a) - kv.indexOf(b)), closer);
    assert.equal(kv.rank('anarchist', 'the'), closer.length + 1);
    const seen: string[] = [];
    const listen = (w: Error) => seen.push(w.name);
    process.on('warning', listen);
    assert.deepEqual(wordsCloserThan(kv, 'anarchist', 'the'), closer);
    wordsCloserThan(kv, 'anarchist', 'the');
    await new Promise((done) => setImmediate(done)); // warnings are emitted on the next tick
    process.off('warning', listen);
    assert.deepEqual(seen, ['DeprecationWarning']);
  });

  it('similarity is symmetric and 1 for a word with itself (float32)', () => {
    assert.equal(similarity(kv, 'the', 'of'), similarity(kv, 'of', 'the'));
    assert.ok(Math.abs(kv.similarity('the', 'the') - 1) < 1e-6);
    assert.equal(kv.distance('the', 'of'), 1 - kv.similarity('the', 'of'));
  });
});
