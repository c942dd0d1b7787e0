/** `simdict eval`: gensim's evaluate_word_analogies / evaluate_word_pairs through the CLI. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fixture, hasStack, simdict, simdictJson } from './helpers.js';

const GLOVE10K = fixture('models/glove10k-100d.bin');
const golden = {
  analogies: JSON.parse(readFileSync(fixture('golden/eval/analogies.json'), 'utf8')),
  pairs: JSON.parse(readFileSync(fixture('golden/eval/word-pairs.json'), 'utf8')),
};

describe('eval', () => {
  test('--json on the gensim GloVe fixture: the shipped questions-words and the given pair files, as gensim', async () => {
    const { result, json } = await simdictJson(['eval', GLOVE10K, '--pairs', fixture('eval/wordsim353.tsv'), fixture('eval/simlex999.txt')]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json.model.words, 10000);
    assert.deepEqual(json.options, { restrictVocab: 300000, caseInsensitive: true, dummy4unknown: false });

    const run = golden.analogies.runs.find((r: { kwargs: object }) => Object.keys(r.kwargs).length === 0);
    assert.match(json.analogies.file, /models[\\/]eval[\\/]questions-words\.txt$/);
    assert.equal(json.analogies.score, run.score);
    assert.equal(json.analogies.questions, run.questions);
    assert.equal(json.analogies.evaluated, run.evaluated);
    assert.equal(json.analogies.oovQuestions, run.oov_questions);
    assert.deepEqual(json.analogies.sections, run.sections);

    assert.equal(json.pairs.length, 2);
    for (const pairs of json.pairs) {
      const name = pairs.file.endsWith('wordsim353.tsv') ? 'wordsim353.tsv' : 'simlex999.txt';
      const g = golden.pairs.runs.find((r: { call: string; kwargs: object }) => r.call === `kv.evaluate_word_pairs('eval/${name}')`);
      assert.ok(g, name);
      assert.equal(pairs.pairsEvaluated, g.pairs_evaluated);
      assert.ok(Math.abs(pairs.oovRatio - g.oov_ratio) < 1e-9);
      for (const k of ['pearson', 'spearman'] as const) {
        assert.ok(Math.abs(pairs[k].statistic - g[k].statistic) < 1e-6, `${name} ${k}`);
        assert.ok(typeof pairs[k].pvalue === 'number' && pairs[k].pvalue < 1e-10, `${name} ${k} p-value`);
      }
      assert.equal(pairs.modelSimilarities, undefined, 'per-pair similarities are left out');
    }
  });

  test('the shipped model, human output: sections and total accuracy', async () => {
    const r = await simdict(['eval']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^word analogies: .*questions-words\.txt$/m);
    assert.match(r.stdout, /^capital-common-countries\s+[\d,]+\s+[\d,]+\s+[\d.]+%$/m);
    assert.match(r.stdout, /^Total accuracy\s+[\d,]+\s+[\d,]+\s+[\d.]+%$/m);
  });

  test('--no-analogies with --pairs; --restrict-vocab', async () => {
    const { result, json } = await simdictJson(['eval', '--no-analogies', '--pairs', fixture('eval/wordsim353.tsv'), '--restrict-vocab', '5000']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json.analogies, null);
    assert.equal(json.options.restrictVocab, 5000);
    assert.equal(json.pairs.length, 1);
    assert.ok(json.pairs[0].pairsEvaluated > 100);
  });

  test('a missing pairs file: exit 1, no stack; nothing to do: exit 2', async () => {
    const missing = await simdict(['eval', '--pairs', 'no-such-pairs.tsv']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no-such-pairs\.tsv: no such file/);
    assert.ok(!hasStack(missing.stderr));
    const nothing = await simdict(['eval', '--no-analogies']);
    assert.equal(nothing.code, 2);
  });
});
