/**
 * Every approximate run measures its recall on a seeded sample (exact rows computed once up front): the estimate is
 * checked against the true recall over every word (±0.03 on 3,000 GloVe words with the default sample of 1,000; the
 * sample is a third of the rows, so its standard error is ~0.004 — the margin leaves room, yet a figure taken from
 * the wrong rows, or a guess, falls outside it); the descent stops at the target; a target not reached is said so,
 * with the figure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedVectors, loadModel } from '../../src/index.js';
import { buildApproximateDictionary } from '../../src/graph/build-approximate.js';
import { exactSample, recallOf } from '../../src/dictionary/recall.js';
import { fixture } from '../helpers/fixtures.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'));
const model = KeyedVectors.fromArrays(glove.words.slice(0, 3000), glove.vectors.subarray(0, 3000 * glove.dim), glove.dim);
const k = 10;
const everyRow = await exactSample(model, Int32Array.from({ length: 3000 }, (_, i) => i), { k });
const trueRecall = (d: { indices: Int32Array }) => recallOf(model, everyRow, (i) => d.indices.subarray(i * k, i * k + k));

test('the sampled recall is within 0.03 of the true recall over every word, at the forest and at the target', async () => {
  for (const options of [{ maxIterations: 0 }, { recall: 0.97 }]) {
    const d = await buildApproximateDictionary(model, { k, ...options });
    const estimate = d.meta.recall as number, truth = trueRecall(d);
    assert.equal(d.meta.recallSample, 1000);
    assert.ok(Math.abs(estimate - truth) <= 0.03, `${JSON.stringify(options)}: sampled ${estimate}, true ${truth}`);
  }
});

test('the descent stops once the sample reaches the target; each iteration reports the recall it measured', async () => {
  const seen: number[] = [];
  const d = await buildApproximateDictionary(model, { k, recall: 0.93, onIteration: (p) => void seen.push(p.recall) });
  const nn = d.meta.nnDescent as { stoppedBy: string; recallByIteration: number[]; iterations: number };
  assert.equal(nn.stoppedBy, 'recall');
  assert.equal(d.meta.recallReached, true);
  assert.equal(d.meta.recallTarget, 0.93);
  assert.deepEqual(nn.recallByIteration.slice(1), seen);
  assert.equal(seen.length, nn.iterations);
  assert.ok(seen[seen.length - 1] >= 0.93 && nn.recallByIteration.slice(0, -1).every((r) => r < 0.93), `recalls ${nn.recallByIteration}`);
  assert.equal(d.meta.recall, seen[seen.length - 1]);
});

test('a target not reached: the measured figure, recallReached false, and why the descent ended', async () => {
  const d = await buildApproximateDictionary(model, { k, maxIterations: 0, recall: 0.999, recallSample: 300 });
  assert.equal(d.meta.recallReached, false);
  assert.equal(d.meta.recallSample, 300);
  assert.ok((d.meta.recall as number) < 0.999 && (d.meta.recall as number) > 0.5);
  assert.equal((d.meta.nnDescent as { stoppedBy: string }).stoppedBy, 'max-iterations');
});

test('bad recall options are RangeErrors naming the option', async () => {
  for (const [options, message] of [[{ recall: 0 }, /recall/], [{ recall: 1.5 }, /recall/], [{ recall: NaN }, /recall/], [{ recallSample: 0 }, /recallSample/]] as const) {
    await assert.rejects(buildApproximateDictionary(model, { k, ...options }), (e: Error) => e instanceof RangeError && message.test(e.message), JSON.stringify(options));
  }
});
