/**
 * The approximate engine writes through the result sink, as the exact engines do: each format gets the rows of the
 * in-memory build, via `<out>.partial` renamed when complete, with the metadata (method nn-descent, the measured
 * recall, its sample, the parameters) round-tripping; a resume of a finished one keeps it.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedVectors, loadModel } from '../../src/index.js';
import { buildApproximateDictionary } from '../../src/graph/build-approximate.js';
import { openDictionary } from '../../src/store/index.js';
import { fixture } from '../helpers/fixtures.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'));
const model = KeyedVectors.fromArrays(glove.words.slice(0, 2000), glove.vectors.subarray(0, 2000 * glove.dim), glove.dim);
const dir = mkdtempSync(join(tmpdir(), 'simdict-ann-store-'));
const options = { k: 8, seed: 7 };
const inMemory = await buildApproximateDictionary(model, options);

for (const ext of ['sqlite', 'jsonl', 'tsv']) {
  test(`${ext}: the rows of the in-memory build, the final name only when complete, the metadata round-trips`, async () => {
    const out = join(dir, `ann.${ext}`);
    let partialSeen = false;
    const d = await buildApproximateDictionary(model, { ...options, out, onRows: () => void (partialSeen ||= existsSync(`${out}.partial`) && !existsSync(out)) });
    assert.ok(partialSeen, 'rows went to <out>.partial first');
    assert.ok(existsSync(out) && !existsSync(`${out}.partial`));
    assert.equal(d.indices.length, 0, 'a store: no rows in memory');
    const stored = openDictionary(out);
    try {
      for (const i of [0, 1, 999, 1999]) {
        const e = stored.lookup(model.words[i], 8)!;
        assert.deepEqual(e.neighbors.map((x) => x.word), Array.from(inMemory.indices.subarray(i * 8, i * 8 + 8)).map((j) => model.words[j]), `row ${i}`);
      }
      const meta = stored.meta;
      assert.equal(meta.method, 'nn-descent');
      assert.deepEqual(meta.nnDescent, d.meta.nnDescent);
      assert.equal(meta.recall, d.meta.recall);
      assert.equal(meta.recallSample, d.meta.recallSample);
      assert.equal(meta.recallTarget, d.meta.recallTarget);
    } finally {
      stored.close();
    }
    const again = await buildApproximateDictionary(model, { ...options, out, resume: true });
    assert.equal(again.alreadyComplete, true);
    assert.equal(again.meta.createdAt, d.meta.createdAt);
  });
}

test("an exact build that finishes an output removes an approximate build's stale state beside it", async () => {
  const { buildDictionary } = await import('../../src/index.js');
  const { statePathOf } = await import('../../src/graph/approximate-state.js');
  const { writeFileSync } = await import('node:fs');
  const out = join(dir, 'exact-after.tsv');
  writeFileSync(statePathOf(out), 'stale');
  await buildDictionary(model, { k: 3, threads: 1, out });
  assert.ok(existsSync(out) && !existsSync(statePathOf(out)));
});
