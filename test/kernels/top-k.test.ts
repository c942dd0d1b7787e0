import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { topKOfScores, TopK } from '../../src/kernels/index.js';
import { kernelExports } from '../../src/kernels/wasm-module.js';
import { ModelMemory } from '../../src/vectors/model-memory.js';
import { rankOrder, rng, sameFloats } from './helpers.js';

/** Score arrays that stress the rank order: many ties, NaN, ±0, ±Infinity, runs of equal values. */
function scoreSets(): Float32Array[] {
  const next = rng(42);
  const sets: Float32Array[] = [];
  for (const n of [0, 1, 2, 15, 16, 17, 33, 100, 1000, 5003]) {
    const few = [0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, 0.25];
    sets.push(Float32Array.from({ length: n }, () => few[Math.floor(next() * few.length)]));
    sets.push(Float32Array.from({ length: n }, () => (next() < 0.1 ? NaN : next() * 2 - 1)));
  }
  sets.push(new Float32Array(200).fill(NaN));
  sets.push(new Float32Array(200).fill(0.5));
  sets.push(Float32Array.from({ length: 300 }, (_, i) => i / 300)); // ascending: every score enters the heap
  sets.push(Float32Array.from({ length: 300 }, (_, i) => -i / 300)); // descending: the prefilter skips nearly all
  return sets;
}

function expected(scores: Float32Array, k: number, offset = 0) {
  const order = rankOrder(scores).slice(0, Math.min(k, scores.length));
  return {
    indices: Int32Array.from(order, (i) => i + offset),
    scores: Float32Array.from(order, (i) => scores[i]),
  };
}

const KS = (n: number) => [...new Set([0, 1, 3, 10, 16, 17, n - 1, n, n + 4].filter((k) => k >= 0))];

describe('topKOfScores (TypeScript)', () => {
  it('matches a full sort in rank order, for many k', () => {
    for (const scores of scoreSets()) {
      for (const k of KS(scores.length)) {
        const got = topKOfScores(scores, k, 1000);
        const want = expected(scores, k, 1000);
        assert.deepEqual(got.indices, want.indices, `n=${scores.length} k=${k}`);
        assert.ok(sameFloats(got.scores, want.scores));
      }
    }
  });

  it('TopK accepts scores block by block', () => {
    const scores = scoreSets()[17];
    const top = new TopK(25);
    for (let b = 0; b < scores.length; b += 64) top.offer(scores.subarray(b, b + 64), Math.min(64, scores.length - b), b);
    assert.deepEqual(top.result().indices, expected(scores, 25).indices);
  });

  it('rejects a negative or fractional k', () => {
    assert.throws(() => topKOfScores(new Float32Array(3), -1), RangeError);
    assert.throws(() => topKOfScores(new Float32Array(3), 1.5), RangeError);
  });
});

describe('topK (WebAssembly export, SIMD prefilter)', () => {
  it('matches a full sort in rank order, for many k', () => {
    const memory = new ModelMemory(0, 0);
    const kernel = kernelExports(memory.wasm!);
    for (const scores of scoreSets()) {
      for (const k of KS(scores.length)) {
        const n = scores.length, cap = Math.min(k, n);
        try {
          const at = memory.allocScratch(4 * n), idx = memory.allocScratch(4 * cap), val = memory.allocScratch(4 * cap);
          new Float32Array(memory.buffer, at, n).set(scores);
          const count = kernel.topK(at, n, k, idx, val);
          const want = expected(scores, k);
          assert.equal(count, cap);
          assert.deepEqual(new Int32Array(memory.buffer, idx, count).slice(), want.indices, `n=${n} k=${k}`);
          assert.ok(sameFloats(new Float32Array(memory.buffer, val, count).slice(), want.scores));
        } finally {
          memory.resetScratch();
        }
      }
    }
  });
});
