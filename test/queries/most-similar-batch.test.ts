/** mostSimilarBatch against mostSimilar, query by query, on the GloVe fixture. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedVectors, loadModel, mostSimilar, mostSimilarBatch, UnknownWordError } from '../../src/index.js';
import { fixture } from '../helpers/fixtures.js';

const model = await loadModel(fixture('models/glove10k-100d.bin'));

/** Scores within 1e-6 rank by rank: so the same words in the same order, except that neighbours tied within 1e-6 may swap. */
function assertSameAnswer(got: { word: string; score: number }[], want: { word: string; score: number }[], label: string): void {
  assert.equal(got.length, want.length, label);
  for (let r = 0; r < want.length; r++) {
    assert.ok(Math.abs(got[r].score - want[r].score) < 1e-6, `${label} rank ${r}: ${got[r].score} vs ${want[r].score}`);
  }
}

test('600 single-word queries (over two blocks) equal mostSimilar one by one', async () => {
  const words = Array.from({ length: 600 }, (_, i) => model.words[(i * 16) % model.size]);
  const batch = await mostSimilarBatch(model, words, { topn: 10 });
  words.forEach((w, i) => assertSameAnswer(batch[i], mostSimilar(model, w, { topn: 10 }), w));
});

test('mixed queries: positive and negative words, raw vectors, weights, restrictVocab', async () => {
  const queries = [
    { positive: ['king', 'woman'], negative: ['man'] },
    ['paris', 'france'],
    { positive: [model.getVector('king')] },
    { positive: [{ term: 'computer', weight: 2 }, 'software'], negative: [{ term: 'hardware', weight: -0.5 }] },
    'king',
  ];
  for (const restrictVocab of [undefined, 2000]) {
    const batch = await mostSimilarBatch(model, queries, { topn: 7, restrictVocab });
    queries.forEach((q, i) => {
      const want = Array.isArray(q) || typeof q === 'string' ? mostSimilar(model, q, { topn: 7, restrictVocab }) : mostSimilar(model, { ...q, topn: 7, restrictVocab });
      assertSameAnswer(batch[i], want, JSON.stringify(q).slice(0, 40));
    });
  }
});

test('an unknown word fails the whole batch before any work, naming the word', async () => {
  await assert.rejects(mostSimilarBatch(model, ['king', 'kingg']), (e: Error) => e instanceof UnknownWordError && /kingg/.test(e.message));
});

test('topn below 1 and an empty batch give empty answers; a model smaller than topn gives what there is', async () => {
  assert.deepEqual(await mostSimilarBatch(model, ['king'], { topn: 0 }), [[]]);
  assert.deepEqual(await mostSimilarBatch(model, [], { topn: 5 }), []);
  const tiny = KeyedVectors.fromArrays(['a', 'b', 'c'], [1, 0, 0.6, 0.8, 0, 1], 2);
  const [answer] = await mostSimilarBatch(tiny, ['a'], { topn: 5 });
  assert.deepEqual(answer.map((n) => n.word), ['b', 'c']);
});
