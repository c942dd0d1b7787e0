/**
 * evaluate_word_analogies against gensim 4.2.0 (golden/eval/analogies.json, analogies-default-per-question.json) on
 * glove10k-100d.bin: every run's score, section counts and OOV counts, and each question's prediction.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { evaluateWordAnalogies, evaluateWordAnalogiesText, type AnalogyOptions, type AnalogyQuestion } from '../../src/evaluation/index.js';
import { loadModel } from '../../src/formats/load-model.js';
import { kernelFor } from '../../src/kernels/index.js';
import { KeyedVectors } from '../../src/vectors/keyed-vectors.js';
import { fixture, goldenPath } from '../helpers/fixtures.js';

interface Run {
  call: string;
  kwargs: { restrict_vocab?: number; case_insensitive?: boolean; dummy4unknown?: boolean };
  score: number;
  sections: { section: string; correct: number; incorrect: number; accuracy: number }[];
  questions: number;
  oov_questions: number;
  oov_ratio_percent: number;
  evaluated: number;
}
type Question = [string, string, string, string, string, string, boolean, [string, number][]];

const golden: { model: string; dataset: string; runs: Run[] } = JSON.parse(readFileSync(goldenPath('eval', 'analogies.json'), 'utf8'));
const perQuestion: { questions: Question[] } = JSON.parse(readFileSync(goldenPath('eval', 'analogies-default-per-question.json'), 'utf8'));
const DATASET = fixture(golden.dataset);

const options = (k: Run['kwargs']): AnalogyOptions => ({ restrictVocab: k.restrict_vocab, caseInsensitive: k.case_insensitive, dummy4unknown: k.dummy4unknown });

function checkRun(got: Awaited<ReturnType<typeof evaluateWordAnalogies>>, run: Run): void {
  assert.equal(got.score, run.score);
  assert.deepEqual(got.sections, run.sections);
  assert.equal(got.questions, run.questions);
  assert.equal(got.oovQuestions, run.oov_questions);
  assert.equal(got.oovRatioPercent, run.oov_ratio_percent);
  assert.equal(got.evaluated, run.evaluated);
}

describe('evaluateWordAnalogies (glove10k-100d, questions-words.txt)', () => {
  let kv: KeyedVectors;
  before(async () => {
    kv = await loadModel(fixture(golden.model), { binary: true });
  });

  it('default run: 5124/7038 = 0.7280477408354646, every section, every prediction (wasm kernel)', async () => {
    assert.equal(kernelFor(kv.memory).name, 'wasm-simd128');
    const answered: AnalogyQuestion[] = [];
    const got = await evaluateWordAnalogies(kv, DATASET, { onQuestion: (q) => answered.push(q) });
    assert.equal(got.score, 0.7280477408354646);
    assert.equal(got.sections.at(-1)!.correct, 5124);
    assert.equal(got.evaluated, 7038);
    checkRun(got, golden.runs[0]);

    assert.equal(answered.length, perQuestion.questions.length);
    answered.forEach((q, i) => {
      const [section, a, b, c, expected, predicted, correct, top5] = perQuestion.questions[i];
      const what = `question ${i}: ${a} ${b} ${c} ${expected}`;
      assert.deepEqual([q.section, q.a, q.b, q.c, q.expected, q.predicted, q.correct], [section, a, b, c, expected, predicted, correct], what);
      assert.deepEqual(q.top.map((n) => n.word), top5.map(([w]) => w), what);
      q.top.forEach((n, j) => assert.ok(Math.abs(n.score - top5[j][1]) <= 1e-6, `${what}: score of ${n.word}`));
    });
  });

  for (const run of golden.runs.slice(1)) {
    it(run.call, async () => checkRun(await evaluateWordAnalogies(kv, DATASET, options(run.kwargs)), run));
  }

  it('restrict_vocab=2000 with the js kernel', async () => {
    const js = KeyedVectors.fromArrays(kv.words, kv.vectors, kv.dim, { wasm: false });
    assert.equal(kernelFor(js.memory).name, 'js');
    checkRun(await evaluateWordAnalogies(js, DATASET, { restrictVocab: 2000 }), golden.runs.find((r) => r.kwargs.restrict_vocab === 2000)!);
  });

  it('parses like gensim: section names, invalid lines skipped, a question before any section is an error', () => {
    const text = ':  family\t\r\nking queen man woman\r\nnot four words\n\n: other \nparis france berlin germany\n';
    const got = evaluateWordAnalogiesText(kv, text);
    assert.deepEqual(got.sections.map((s) => [s.section, s.correct, s.incorrect]), [['family', 1, 0], ['other', 1, 0], ['Total accuracy', 2, 0]]);
    assert.equal(got.questions, 2);
    assert.throws(() => evaluateWordAnalogiesText(kv, 'king queen man woman\n'), /missing section header before line 1/);
    assert.throws(() => evaluateWordAnalogiesText(kv, ': empty\n'), /no analogy questions/);
  });
});
