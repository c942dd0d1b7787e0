/**
 * evaluate_word_pairs against gensim 4.2.0 (golden/eval/word-pairs.json) on glove10k-100d.bin: WordSim-353 and
 * SimLex-999, 4 runs each. Statistics within 1e-9, p-values within 1e-6 relative (in fact ~1e-13), each model
 * similarity bit for bit.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { evaluateWordPairs, evaluateWordPairsText } from '../../src/evaluation/index.js';
import { loadModel } from '../../src/formats/load-model.js';
import type { KeyedVectors } from '../../src/vectors/keyed-vectors.js';
import { fixture, goldenPath } from '../helpers/fixtures.js';

interface Run {
  call: string;
  kwargs: { restrict_vocab?: number; case_insensitive?: boolean; dummy4unknown?: boolean };
  pearson: { statistic: number; pvalue: number };
  spearman: { statistic: number; pvalue: number };
  oov_ratio: number;
  pairs_evaluated: number;
  model_similarities: [string, string, number][];
}

const golden: { model: string; runs: Run[] } = JSON.parse(readFileSync(goldenPath('eval', 'word-pairs.json'), 'utf8'));

function near(got: number, want: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(got - want) <= tolerance, `${what}: got ${got}, gensim ${want} (diff ${Math.abs(got - want)})`);
}

describe('evaluateWordPairs (glove10k-100d)', () => {
  let kv: KeyedVectors;
  before(async () => {
    kv = await loadModel(fixture(golden.model), { binary: true });
  });

  for (const run of golden.runs) {
    it(run.call, async () => {
      const path = fixture(/'(eval\/[^']+)'/.exec(run.call)![1]);
      const got = await evaluateWordPairs(kv, path, {
        restrictVocab: run.kwargs.restrict_vocab, caseInsensitive: run.kwargs.case_insensitive, dummy4unknown: run.kwargs.dummy4unknown,
      });
      near(got.pearson.statistic, run.pearson.statistic, 1e-9, 'pearson');
      near(got.spearman.statistic, run.spearman.statistic, 1e-9, 'spearman');
      near(got.pearson.pvalue / run.pearson.pvalue, 1, 1e-6, 'pearson p-value (relative)');
      near(got.spearman.pvalue / run.spearman.pvalue, 1, 1e-6, 'spearman p-value (relative)');
      assert.equal(got.oovRatio, run.oov_ratio);
      assert.equal(got.pairsEvaluated, run.pairs_evaluated);
      assert.deepEqual(got.modelSimilarities.map((p) => [p.a, p.b, p.similarity]), run.model_similarities);
    });
  }

  it('the default WordSim-353 run: Spearman 0.568017169938085, Pearson 0.5928858848213462, OOV 21.25%', async () => {
    const got = await evaluateWordPairs(kv, fixture('eval/wordsim353.tsv'));
    near(got.spearman.statistic, 0.568017169938085, 1e-9, 'spearman');
    near(got.pearson.statistic, 0.5928858848213462, 1e-9, 'pearson');
    assert.equal(got.oovRatio, 21.246458923512748);
    assert.equal(got.oovPairs, 75);
  });

  it('parses like gensim: comments, wrong field counts and non-numbers skipped, Python float spellings', () => {
    const text = '# comment\nking\tqueen\t 1_0.5 \r\nman\twoman\t3e0\nbad line\nx\ty\tz\ncar\tautomobile\tnot-a-number\ncomputer\tsoftware\t.5\n';
    const got = evaluateWordPairsText(kv, text);
    assert.deepEqual(got.modelSimilarities.map((p) => [p.a, p.gold]), [['KING', 10.5], ['MAN', 3], ['COMPUTER', 0.5]]);
    assert.equal(got.oovPairs, 0);
    assert.throws(() => evaluateWordPairsText(kv, '# nothing\n'), /no valid similarity judgements/);
  });
});
