/**
 * The gensim replay's ranked check (./golden-replay.ts checkRanked) must fail on wrong answers: gensim's own answer
 * passes, and answers with the words shifted by one place (gensim's scores kept), a word twice, the query's own
 * word, or (at a near-tie) a word whose real similarity is not the tied score, fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { KeyedVectors } from '../../src/vectors/keyed-vectors.js';
import { loadModel } from '../../src/formats/load-model.js';
import type { Neighbor } from '../../src/queries/index.js';
import { fixture, goldenPath } from '../helpers/fixtures.js';
import { checkRanked, checkResult, num, type GoldenCase } from './golden-replay.js';
import { similarity64 } from './query-words.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'), { binary: true });
const cases: GoldenCase[] = JSON.parse(readFileSync(goldenPath('queries', 'glove10k-100d.json'), 'utf8')).queries;
const analogy = cases.find((c) => c.call === "kv.most_similar(positive=['woman', 'king'], negative=['man'], topn=10)")!;
const gensim = (c: GoldenCase): Neighbor[] => (c.result as [string, number][]).map(([word, score]) => ({ word, score: num(score) }));

test("gensim's own answer passes, and simdict's", () => {
  checkRanked(gensim(analogy), analogy.result as [string, number][], analogy, glove);
  checkResult(glove.mostSimilar({ positive: ['woman', 'king'], negative: ['man'], topn: 10 }), analogy, glove);
});

test("the words shifted by one place, gensim's scores kept, fail", () => {
  const right = gensim(analogy);
  const shifted = right.map((n, i) => ({ word: right[(i + 1) % right.length].word, score: n.score }));
  assert.throws(() => checkRanked(shifted, analogy.result as [string, number][], analogy, glove), /#0 is "monarch", gensim "queen"/);
});

test('a word twice fails', () => {
  const twice = gensim(analogy).map((n, i) => (i === 4 ? { ...n, word: 'queen' } : n));
  assert.throws(() => checkRanked(twice, analogy.result as [string, number][], analogy, glove), /a word twice/);
});

test("the query's own word fails, even where ties would allow another word", () => {
  const own = gensim(analogy).map((n, i) => (i === 9 ? { ...n, word: 'king' } : n));
  assert.throws(() => checkRanked(own, analogy.result as [string, number][], { ...analogy, tie_margin: 0 }, glove), /answers the query's own "king"/);
});

test('at a tie at the cut, another word passes only if its own float64 similarity is the tied score', () => {
  // for a: b, c, then d and e tie exactly (e is a copy of d); x scores far lower
  const kv = KeyedVectors.fromArrays(['a', 'b', 'c', 'd', 'e', 'x'], [1, 0, 0.9, 0.1, 0.7, 0.3, 0.5, 0.5, 0.5, 0.5, -1, 0.2], 2);
  const c: GoldenCase = { method: 'most_similar', call: "most_similar('a', topn=3)", args: ['a'], kwargs: { topn: 3 }, ok: true, tie_margin: 0 };
  const want: [string, number][] = ['b', 'c', 'd'].map((w) => [w, similarity64(kv, c, w)]);
  assert.ok(Math.abs(similarity64(kv, c, 'b') - Math.fround(0.9) / Math.hypot(Math.fround(0.9), Math.fround(0.1))) < 1e-15, 'similarity64 is the cosine with the query');
  const answer = (last: string): Neighbor[] => want.map(([word, score], i) => ({ word: i === 2 ? last : word, score }));
  checkRanked(answer('d'), want, c, kv);
  checkRanked(answer('e'), want, c, kv);
  assert.throws(() => checkRanked(answer('x'), want, c, kv), /"x" tied at the cut, float64/);
});
