/**
 * The heaps' seeds (seedsOf, seedHeaps; ExactRun.seed in src/dictionary/exact-run.ts): each row's bound from a sample
 * of its candidates must leave every row of the dictionary exactly as without seeds (same rows, order and float32
 * scores, the float32 path and the int8 path through its rescorer), with ties at the k-th score, duplicate and zero
 * rows; and a bound set too high must show in the same comparison.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedRuns, SEED_RUN } from '../../src/dictionary/schedule.js';
import { TileQuantized } from '../../src/kernels/tile-int8.js';
import { TileRescorer } from '../../src/kernels/tile-rescore.js';
import { sharedOf, TileWorkspace } from '../../src/kernels/tile-workspace.js';
import type { TopKResult } from '../../src/kernels/types.js';
import type { ModelMemory } from '../../src/vectors/model-memory.js';
import { tiedModel } from '../helpers/tied-model.js';
import { makeModel, sameFloats } from './helpers.js';

interface Seeded {
  result: TopKResult;
  /** The seeds as computed (before any bump). */
  seeds: Float32Array;
}

/**
 * Every row's top k by the symmetric tiling, with or without seeds (`int8`: the quantised path, heaps of k + 10,
 * rescored). With `bump`, the seeds are raised by it before the heaps are seeded (a wrong bound, on purpose).
 */
function dictionary(memory: ModelMemory, k: number, block: number, options: { int8?: boolean; seeds?: boolean; bump?: number } = {}): Seeded {
  const n = memory.rows;
  const q = options.int8 ? TileQuantized.reserve(memory, 12) : undefined;
  const K = q ? k + 10 : k;
  const region = memory.reserve(TileWorkspace.bytesNeeded(n, memory.dim, K, block, { int8: q !== undefined }));
  const seedsRegion = memory.reserve(4 * n);
  try {
    const ws = TileWorkspace.create(sharedOf(memory), region.offset, K, block, { int8: q?.quantized });
    const tile = (i0: number, i1: number, j0: number, j1: number, columns: boolean, excludeSelf: boolean) =>
      q ? ws.tileInt8(i0, i1, j0, j1, columns, excludeSelf) : ws.tile(i0, i1, j0, j1, columns, excludeSelf);
    const seeds = new Float32Array(memory.wasm!.buffer, seedsRegion.offset, n);
    seeds.fill(NaN);
    if (options.seeds) {
      const runs = seedRuns(n, k);
      assert.ok(runs.length > 0, 'the model is big enough for a sample');
      for (let i0 = 0; i0 < n; i0 += block) {
        const i1 = Math.min(n, i0 + block);
        ws.sampleHeaps(k, i0, i1);
        for (const j of runs) tile(i0, i1, j, Math.min(n, j + SEED_RUN), false, true);
        ws.seedsOf(k, i0, i1, seedsRegion.offset);
      }
    }
    const computed = seeds.slice();
    if (options.bump) for (let i = 0; i < n; i++) seeds[i] += options.bump;
    ws.seedHeaps(0, n, seedsRegion.offset);
    for (let i0 = 0; i0 < n; i0 += block) {
      const i1 = Math.min(n, i0 + block);
      tile(i0, i1, i0, i1, false, true);
      if (i1 < n) tile(i0, i1, i1, n, true, false);
    }
    if (!q) return { result: ws.rowsResult(0, n), seeds: computed };
    const { rescorer, release } = TileRescorer.reserve(memory, k, K, block);
    try {
      const result = { indices: new Int32Array(n * k), scores: new Float32Array(n * k) };
      for (let r0 = 0; r0 < n; r0 += block) {
        const r1 = Math.min(n, r0 + block);
        const got = rescorer.rows(ws, r0, r1);
        result.indices.set(got.indices, r0 * k);
        result.scores.set(got.scores, r0 * k);
      }
      return { result, seeds: computed };
    } finally {
      release();
    }
  } finally {
    seedsRegion.release();
    region.release();
    q?.release();
  }
}

function same(a: TopKResult, b: TopKResult): boolean {
  return a.indices.length === b.indices.length && a.indices.every((x, e) => x === b.indices[e]) && sameFloats(a.scores, b.scores);
}

const models: [string, () => ModelMemory, number][] = [
  ['random 1,000 × 40, zero rows and duplicates', () => makeModel({ rows: 1000, dim: 40, zeroRows: [3, 500], duplicates: [[30, 12], [31, 12], [650, 12], [999, 12]] }), 8],
  ['1,200 rows of only 6 distinct vectors (most scores tie, the k-th too), every 9th a zero row', () => tiedModel(1200, 12, 6, 9, 5).memory, 10],
];

describe('seeded heaps give the unseeded rows, exactly', () => {
  for (const [name, make, k] of models) {
    it(`${name}: float32 and int8, blocks of 64 and 256`, () => {
      const memory = make();
      for (const block of [64, 256]) {
        const want = dictionary(memory, k, block);
        const f32 = dictionary(memory, k, block, { seeds: true });
        assert.ok(same(f32.result, want.result), `float32, block ${block}: the seeded rows differ`);
        const int8 = dictionary(memory, k, block, { int8: true, seeds: true });
        assert.ok(same(int8.result, want.result), `int8, block ${block}: the seeded rows differ`);
        // the bounds are real ones: a seed for every row with a finite vector, none above the row's exact k-th score
        for (let i = 0; i < memory.rows; i++) {
          const kth = want.result.scores[i * k + k - 1];
          if (Number.isNaN(kth)) continue; // a zero row
          assert.ok(f32.seeds[i] <= kth, `row ${i}: seed ${f32.seeds[i]} above its k-th best ${kth}`);
          assert.ok(int8.seeds[i] <= kth, `row ${i}: int8 seed ${int8.seeds[i]} above its k-th best ${kth}`);
        }
        const unseeded = f32.seeds.filter((s) => Number.isNaN(s)).length;
        const zero = Array.from({ length: memory.rows }, (_, i) => i).filter((i) => Number.isNaN(want.result.scores[i * k])).length;
        assert.equal(unseeded, zero, 'every row but the zero rows has a seed');
      }
    });
  }

  it('the comparison catches a seed set too high: raised by 0.05, some rows lose a neighbour', () => {
    const memory = models[0][1]();
    const want = dictionary(memory, 8, 64).result;
    assert.ok(!same(dictionary(memory, 8, 64, { seeds: true, bump: 0.05 }).result, want));
    assert.ok(!same(dictionary(memory, 8, 64, { int8: true, seeds: true, bump: 0.05 }).result, want));
  });
});

describe('sampleHeaps and seedsOf', () => {
  it('go in pairs, of the same k and heaps, k at most the capacity', () => {
    const memory = makeModel({ rows: 200, dim: 8 });
    const { workspace: ws, release } = TileWorkspace.reserve(memory, 12, 64);
    const seedsRegion = memory.reserve(4 * 200);
    try {
      assert.throws(() => ws.seedsOf(10, 0, 64, seedsRegion.offset), /without sampleHeaps/);
      assert.throws(() => ws.sampleHeaps(13, 0, 64), /exceeds the heaps' capacity 12/);
      ws.sampleHeaps(10, 0, 64);
      assert.throws(() => ws.sampleHeaps(10, 64, 128), /twice/);
      assert.throws(() => ws.seedsOf(10, 0, 63, seedsRegion.offset), /without sampleHeaps/);
      ws.tile(0, 64, 64, 200, false, false);
      ws.seedsOf(10, 0, 64, seedsRegion.offset);
      // the 10th best of the 136 candidates, and the heaps are 12 wide again: a full pass gives every row 12
      const seeds = new Float32Array(memory.wasm!.buffer, seedsRegion.offset, 64).slice();
      ws.resetHeaps();
      ws.tile(0, 64, 64, 200, false, false);
      const rows = ws.rowsResult(0, 64);
      for (let i = 0; i < 64; i++) {
        assert.equal(seeds[i], rows.scores[i * 12 + 9], `row ${i}: the seed is the 10th best score`);
        assert.ok(rows.indices[i * 12 + 11] >= 0, `row ${i} holds 12`);
      }
    } finally {
      seedsRegion.release();
      release();
    }
  });
});

describe('seedRuns', () => {
  it('runs of SEED_RUN rows inside the model, in order, never overlapping, at most one row in 8; the same for the same n and k', () => {
    for (const [n, k] of [[320, 10], [1000, 8], [341479, 15], [3_000_000, 100]]) {
      const runs = seedRuns(n, k);
      assert.ok(runs.length > 0 && runs.length * SEED_RUN >= 4 * k && runs.length * SEED_RUN <= n / 8, `n ${n}: ${runs.length} runs`);
      for (let r = 0; r < runs.length; r++) {
        assert.ok(runs[r] >= 0 && runs[r] + SEED_RUN <= n);
        if (r > 0) assert.ok(runs[r] >= runs[r - 1] + SEED_RUN, `n ${n}: runs ${r - 1} and ${r} overlap`);
      }
      assert.deepEqual(seedRuns(n, k), runs);
    }
  });

  it('none for a model too small for a useful sample', () => {
    assert.deepEqual(seedRuns(100, 10), []);
    assert.deepEqual(seedRuns(0, 1), []);
    assert.deepEqual(seedRuns(1000, 100), []);
  });
});
