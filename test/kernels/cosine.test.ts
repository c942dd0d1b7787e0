import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsKernel, wasmKernel, type CosineKernel } from '../../src/kernels/index.js';
import { ModelMemory } from '../../src/vectors/model-memory.js';
import { copyModel, makeModel, randomQuery, rankOrder, reference, sameFloats } from './helpers.js';

const DIMS = [1, 2, 3, 4, 5, 8, 15, 16, 17, 31, 50, 100, 300];
const ROWS = [0, 1, 7, 1000];
const KERNELS: CosineKernel[] = [wasmKernel, jsKernel];

/** Checks scores against the float64 reference, each within its error bound; returns them. */
function checkScores(kernel: CosineKernel, memory: ModelMemory, q: Float32Array, start: number, end: number): Float32Array {
  const got = kernel.scores(memory, q, start, end);
  const ref = reference(memory, q, start, end);
  assert.equal(got.length, end - start);
  for (let i = 0; i < got.length; i++) {
    if (Number.isNaN(ref.scores[i])) {
      assert.ok(Number.isNaN(got[i]), `${kernel.name}: row ${start + i} should score NaN, got ${got[i]}`);
    } else {
      const err = Math.abs(got[i] - ref.scores[i]);
      assert.ok(err <= ref.tolerance[i], `${kernel.name}: row ${start + i} scored ${got[i]}, reference ${ref.scores[i]} (error ${err} > ${ref.tolerance[i]})`);
    }
  }
  return got;
}

/**
 * Checks a top-k against the float64 reference: the kernel's p-th pick must score (in the reference) what the
 * reference's p-th best scores, up to the error bounds; NaN rows only after all numbers.
 */
function checkTopK(kernel: CosineKernel, memory: ModelMemory, q: Float32Array, start: number, end: number, k: number) {
  const got = kernel.topK(memory, q, start, end, k);
  const ref = reference(memory, q, start, end);
  const order = rankOrder(ref.scores);
  assert.equal(got.indices.length, Math.min(k, end - start));
  assert.equal(got.scores.length, got.indices.length);
  const scores = kernel.scores(memory, q, start, end);
  for (let p = 0; p < got.indices.length; p++) {
    const row = got.indices[p];
    assert.ok(row >= start && row < end, `${kernel.name}: row ${row} out of [${start}, ${end})`);
    assert.ok(Object.is(got.scores[p], scores[row - start]) || Number.isNaN(scores[row - start]), 'top-k score differs from scores()');
    const want = ref.scores[order[p]], have = ref.scores[row - start];
    if (Number.isNaN(want)) {
      assert.ok(Number.isNaN(have), `${kernel.name}: position ${p} should be a NaN row`);
    } else {
      const tol = ref.tolerance[order[p]] + ref.tolerance[row - start];
      assert.ok(Math.abs(want - have) <= tol, `${kernel.name}: position ${p} is row ${row} (${have}), reference row ${start + order[p]} (${want})`);
    }
  }
  // the result is in exact rank order of the kernel's own scores, with no row twice
  for (let p = 1; p < got.indices.length; p++) {
    const [a, b] = [got.scores[p - 1], got.scores[p]];
    const ok = Number.isNaN(b) ? !Number.isNaN(a) || got.indices[p - 1] < got.indices[p]
      : a > b || (a === b && got.indices[p - 1] < got.indices[p]);
    assert.ok(ok, `${kernel.name}: positions ${p - 1}, ${p} out of rank order`);
  }
  return got;
}

describe('cosine kernels against a float64 reference', () => {
  for (const dim of DIMS) {
    for (const rows of ROWS) {
      it(`${rows} rows × ${dim} dims`, () => {
        const zeroRows = rows >= 7 ? [0, Math.floor(rows / 2), rows - 1] : [];
        const wasm = makeModel({ rows, dim, zeroRows, duplicates: rows >= 7 ? [[5, 3]] : [] });
        const plain = copyModel(wasm, { wasm: false });
        for (const seed of [1, 2]) {
          const q = randomQuery(dim, seed * 1000 + dim);
          const ranges: [number, number][] = [[0, rows]];
          if (rows >= 7) ranges.push([2, rows - 1], [3, 3]);
          for (const [start, end] of ranges) {
            const a = checkScores(wasmKernel, wasm, q, start, end);
            const b = checkScores(jsKernel, plain, q, start, end);
            const c = checkScores(jsKernel, wasm, q, start, end);
            assert.ok(sameFloats(a, b) && sameFloats(a, c), 'wasm and js scores differ');
            for (const k of [0, 1, 10, end - start, end - start + 5]) {
              const x = checkTopK(wasmKernel, wasm, q, start, end, k);
              const y = checkTopK(jsKernel, plain, q, start, end, k);
              assert.deepEqual(x.indices, y.indices, `k=${k}: wasm and js pick different rows`);
              assert.ok(sameFloats(x.scores, y.scores), `k=${k}: wasm and js top-k scores differ`);
            }
          }
        }
      });
    }
  }

  it('a larger model (5000 × 300, k = 100) agrees in both kernels and with the reference', () => {
    const wasm = makeModel({ rows: 5000, dim: 300, zeroRows: [17] });
    const plain = copyModel(wasm, { wasm: false });
    const q = randomQuery(300, 99);
    const x = checkTopK(wasmKernel, wasm, q, 0, 5000, 100);
    const y = checkTopK(jsKernel, plain, q, 0, 5000, 100);
    assert.deepEqual(x, y);
  });
});

describe('zero rows, ties and edge cases', () => {
  for (const kernel of KERNELS) {
    const wasm = kernel === wasmKernel;

    it(`${kernel.name}: zero rows score NaN and rank after every number`, () => {
      const memory = makeModel({ rows: 40, dim: 5, wasm, zeroRows: [0, 3, 20, 39] });
      const q = randomQuery(5, 7);
      const s = kernel.scores(memory, q, 0, 40);
      for (let r = 0; r < 40; r++) assert.equal(Number.isNaN(s[r]), [0, 3, 20, 39].includes(r));
      const top = kernel.topK(memory, q, 0, 40, 40);
      assert.deepEqual([...top.indices.slice(36)], [0, 3, 20, 39]);
      assert.ok(top.scores.slice(0, 36).every((x) => !Number.isNaN(x)));
    });

    it(`${kernel.name}: an all-zero model ranks rows by index`, () => {
      const memory = makeModel({ rows: 50, dim: 3, wasm, zeroRows: Array.from({ length: 50 }, (_, i) => i) });
      const top = kernel.topK(memory, randomQuery(3, 1), 10, 50, 7);
      assert.deepEqual([...top.indices], [10, 11, 12, 13, 14, 15, 16]);
      assert.ok(top.scores.every(Number.isNaN));
    });

    it(`${kernel.name}: duplicate rows tie and come in index order`, () => {
      const dups: [number, number][] = [[9, 2], [30, 2], [31, 2], [99, 2]];
      const memory = makeModel({ rows: 100, dim: 6, wasm, duplicates: dups });
      const V = memory.vectors();
      const q = new Float32Array(V.subarray(2 * 6, 3 * 6)); // the query is row 2 itself: the five copies win
      const top = kernel.topK(memory, q, 0, 100, 7);
      assert.deepEqual([...top.indices.slice(0, 5)], [2, 9, 30, 31, 99]);
      assert.ok(top.scores.slice(0, 5).every((x) => x === top.scores[0]));
      assert.deepEqual([...kernel.topK(memory, q, 0, 100, 3).indices], [2, 9, 30]); // k cuts through the tie
      assert.deepEqual([...kernel.topK(memory, q, 10, 100, 2).indices], [30, 31]);
    });

    it(`${kernel.name}: 3000 identical rows (every block ties with the k-th) keep the lowest indices`, () => {
      const memory = makeModel({ rows: 3000, dim: 4, wasm });
      const V = memory.vectors();
      for (let r = 1; r < 3000; r++) V.copyWithin(r * 4, 0, 4);
      memory.norms().fill(memory.norms()[0]);
      const top = kernel.topK(memory, randomQuery(4, 3), 0, 3000, 20);
      assert.deepEqual([...top.indices], Array.from({ length: 20 }, (_, i) => i));
    });

    it(`${kernel.name}: k = 0, k > n and empty ranges`, () => {
      const memory = makeModel({ rows: 7, dim: 3, wasm });
      const q = randomQuery(3, 5);
      assert.equal(kernel.topK(memory, q, 0, 7, 0).indices.length, 0);
      assert.equal(kernel.topK(memory, q, 4, 4, 5).indices.length, 0);
      assert.equal(kernel.scores(memory, q, 4, 4).length, 0);
      const all = kernel.topK(memory, q, 0, 7, 1000);
      assert.deepEqual([...all.indices].sort(), [0, 1, 2, 3, 4, 5, 6]);
    });

    it(`${kernel.name}: a model with no rows`, () => {
      const memory = makeModel({ rows: 0, dim: 8, wasm });
      assert.equal(kernel.scores(memory, randomQuery(8, 1), 0, 0).length, 0);
      assert.equal(kernel.topK(memory, randomQuery(8, 1), 0, 0, 10).indices.length, 0);
    });
  }
});

it('reserved regions survive resetScratch; scratch and regions are freed in any order', async () => {
  const memory = new ModelMemory(10, 4);
  const a = memory.reserve(1000);
  const b = memory.reserve(5 << 20); // grows the memory
  const scratch = memory.allocScratch(64);
  assert.ok(scratch >= b.offset + (5 << 20));
  memory.resetScratch();
  assert.equal(memory.allocScratch(16), scratch, 'scratch reuses the space it freed');
  memory.resetScratch();
  a.release(); // before b: any order
  assert.equal(memory.allocScratch(16), a.offset, 'released regions are reused');
  memory.resetScratch();
  b.release();
  assert.deepEqual(memory.arena!.regions().map((r) => r.name), ['vectors', 'norms']);
});
