/**
 * The quantised dictionary path (TileQuantized, TileWorkspace tileInt8 / selectRows / tileList, TileRescorer): its answers must be
 * exactly the float32 path's (same rows, same order, same float32 scores), whatever the bits, the extra candidates m
 * (m = 0 sends every row through the float32 fallback) and the tiling; and the error bound it relies on must hold.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadModel } from '../../src/formats/load-model.js';
import { TileQuantized } from '../../src/kernels/tile-int8.js';
import { TileRescorer } from '../../src/kernels/tile-rescore.js';
import { sharedOf, TileWorkspace } from '../../src/kernels/tile-workspace.js';
import type { TopKResult } from '../../src/kernels/types.js';
import type { KeyedVectors } from '../../src/vectors/keyed-vectors.js';
import { ModelMemory } from '../../src/vectors/model-memory.js';
import { fixture } from '../helpers/fixtures.js';
import { copyModel, makeModel, rng, sameFloats } from './helpers.js';
import { OracleTiles } from './tile-oracle.js';

/** Every row's top-k by the float32 tiles (symmetric tiling). */
function f32Dictionary(memory: ModelMemory, k: number, block: number): TopKResult {
  const { workspace, release } = TileWorkspace.reserve(memory, k, block);
  try {
    const n = memory.rows;
    for (let i0 = 0; i0 < n; i0 += block) {
      const i1 = Math.min(n, i0 + block);
      workspace.tile(i0, i1, i0, i1, false, true);
      if (i1 < n) workspace.tile(i0, i1, i1, n, true);
    }
    return workspace.rowsResult(0, n);
  } finally {
    release();
  }
}

/** The rows [0, n) of the merged approximate heaps of `approx`, made exact by a rescorer, a block at a time. */
function rescoreAll(memory: ModelMemory, approx: TileWorkspace, k: number, rows = memory.rows): { result: TopKResult; recomputed: number[] } {
  const block = approx.blockRows;
  const { rescorer, release } = TileRescorer.reserve(memory, k, approx.k, block);
  try {
    const result = { indices: new Int32Array(rows * k), scores: new Float32Array(rows * k) };
    const recomputed: number[] = [];
    for (let r0 = 0; r0 < rows; r0 += block) {
      const r1 = Math.min(rows, r0 + block);
      const got = rescorer.rows(approx, r0, r1);
      result.indices.set(got.indices, r0 * k);
      result.scores.set(got.scores, r0 * k);
      recomputed.push(...got.recomputed);
    }
    return { result, recomputed };
  } finally {
    release();
  }
}

/**
 * Every row's top-k by the quantised path: `workers` int8 workspaces share the tiles (round robin), are merged,
 * then rescored. With `split`, the quantised model and the workspaces are in a memory of their own (the
 * dictionary's split layout). Returns the result and the rows that needed the float32 fallback.
 */
function int8Dictionary(memory: ModelMemory, k: number, m: number, bits: number, block: number, workers = 1, split = false): { result: TopKResult; recomputed: number[] } {
  const work = split ? new ModelMemory(0, 0) : memory;
  const q = TileQuantized.reserve(memory, bits, work);
  const model = split ? { memory: work.wasm!, vectorsOffset: -1, normsOffset: -1, rows: memory.rows, dim: memory.dim } : sharedOf(memory);
  const bytes = TileWorkspace.bytesNeeded(memory.rows, memory.dim, k + m, block, { int8: true });
  const ws = Array.from({ length: workers }, () => {
    const region = work.reserve(bytes);
    return { workspace: TileWorkspace.create(model, region.offset, k + m, block, { int8: q.quantized }), release: region.release };
  });
  try {
    const n = memory.rows;
    let t = 0;
    for (let i0 = 0; i0 < n; i0 += block) {
      const i1 = Math.min(n, i0 + block);
      ws[t++ % workers].workspace.tileInt8(i0, i1, i0, i1, false, true);
      for (let j0 = i1; j0 < n; j0 += 3 * block) ws[t++ % workers].workspace.tileInt8(i0, i1, j0, Math.min(n, j0 + 3 * block), true);
    }
    for (let w = 1; w < workers; w++) ws[0].workspace.mergeHeaps(ws[w].workspace, 0, n);
    return rescoreAll(memory, ws[0].workspace, k);
  } finally {
    for (let w = workers - 1; w >= 0; w--) ws[w].release();
    q.release();
  }
}

function sameResult(a: TopKResult, b: TopKResult, what: string): void {
  assert.deepEqual(a.indices, b.indices, `${what}: indices differ`);
  assert.ok(sameFloats(a.scores, b.scores), `${what}: scores differ`);
}

describe('int8 path == float32 path, exactly', () => {
  for (const dim of [1, 3, 7, 50, 100, 300]) {
    it(`${dim} dims, 190 rows, zero rows and duplicates, bits 8 and 12, m = 0, 4, 20, one memory or two`, () => {
      const memory = makeModel({ rows: 190, dim, zeroRows: [4, 77], duplicates: [[30, 12], [31, 12], [150, 12]] });
      const k = 6;
      const want = f32Dictionary(memory, k, 32);
      for (const bits of [8, 12]) {
        for (const m of [0, 4, 20]) {
          for (const split of [false, true]) {
            const { result, recomputed } = int8Dictionary(memory, k, m, bits, 32, 1, split);
            sameResult(result, want, `bits ${bits}, m ${m}${split ? ', split' : ''}`);
            if (m === 0) assert.equal(recomputed.length, memory.rows - 2, 'm = 0: every row but the zero rows needs the float32 pass');
          }
        }
      }
    });
  }

  it('workers: tiles split between three int8 workspaces, merged, then rescored', () => {
    const memory = makeModel({ rows: 400, dim: 24, zeroRows: [9] });
    const want = f32Dictionary(memory, 8, 64);
    for (const block of [16, 64, 100]) sameResult(int8Dictionary(memory, 8, 10, 12, block, 3).result, want, `block ${block}`);
    sameResult(int8Dictionary(memory, 8, 10, 12, 64, 3, true).result, want, 'split');
  });

  it('reserveYielding (slices, with turns of the event loop between them) quantises exactly as reserve, in place and split', async () => {
    const memory = makeModel({ rows: 5000, dim: 300, zeroRows: [17] }); // several slices of 4 MB
    const here = TileQuantized.reserve(memory, 12);
    const work = new ModelMemory(0, 0);
    const sliced = [await TileQuantized.reserveYielding(memory, 12, work)];
    sliced.push(await TileQuantized.reserveYielding(memory, 12));
    try {
      const a = here.quantized.arrays();
      for (const s of sliced) {
        const b = s.quantized.arrays();
        assert.deepEqual(b.values, a.values);
        assert.ok(sameFloats(b.scales, a.scales) && sameFloats(b.enorms, a.enorms) && sameFloats(b.unorms, a.unorms));
        assert.deepEqual(s.quantized.maxima, here.quantized.maxima);
      }
    } finally {
      sliced[1].release();
      sliced[0].release();
      here.release();
    }
  });

  it('split: the quantised rows copied over in chunks are those quantised in place; no float32 tiles there', () => {
    const memory = makeModel({ rows: 5000, dim: 300, zeroRows: [17] }); // 6 MB of rows: several copies of 4 MB
    const here = TileQuantized.reserve(memory, 12);
    const work = new ModelMemory(0, 0);
    const there = TileQuantized.reserve(memory, 12, work);
    try {
      const a = here.quantized.arrays(), b = there.quantized.arrays();
      assert.deepEqual(b.values, a.values);
      assert.ok(sameFloats(b.scales, a.scales) && sameFloats(b.enorms, a.enorms) && sameFloats(b.unorms, a.unorms));
      assert.deepEqual(there.quantized.maxima, here.quantized.maxima);
      const model = { memory: work.wasm!, vectorsOffset: -1, normsOffset: -1, rows: memory.rows, dim: memory.dim };
      const region = work.reserve(TileWorkspace.bytesNeeded(memory.rows, memory.dim, 4, 8, { int8: true }));
      const ws = TileWorkspace.create(model, region.offset, 4, 8, { int8: there.quantized });
      assert.throws(() => ws.tile(0, 8, 8, 16), /without the float32 rows/);
      ws.tileInt8(0, 8, 8, 16);
      region.release();
    } finally {
      there.release();
      here.release();
    }
  });

  it('k > n − 1: sentinels, as in the float32 path', () => {
    const memory = makeModel({ rows: 9, dim: 5, zeroRows: [2] });
    sameResult(int8Dictionary(memory, 12, 3, 8, 4).result, f32Dictionary(memory, 12, 4), 'k = 12, 9 rows');
  });

  it('many identical rows: ties by index survive quantisation and rescoring', () => {
    const memory = makeModel({ rows: 200, dim: 16 });
    const V = memory.vectors();
    for (let r = 1; r < 120; r++) V.copyWithin(r * 16, 0, 16);
    memory.norms().fill(memory.norms()[0], 0, 120);
    const want = f32Dictionary(memory, 5, 32);
    assert.deepEqual([...want.indices.subarray(0, 5)], [1, 2, 3, 4, 5]);
    sameResult(int8Dictionary(memory, 5, 8, 12, 32).result, want, 'ties');
  });
});

describe('the error bound', () => {
  it('|s(i, j) − a(i, j)| ≤ ε_i for sampled pairs; the quantised values and norms are as documented', () => {
    for (const [dim, bits] of [[100, 8], [300, 8], [100, 12], [37, 5]] as const) {
      const memory = makeModel({ rows: 300, dim, zeroRows: [3] });
      const { quantized, release } = TileQuantized.reserve(memory, bits);
      try {
        const { values, scales, enorms, unorms } = quantized.arrays();
        const V = memory.vectors(), norms = memory.norms(), dp = quantized.dimPad, qmax = quantized.qmax;
        const unit = (r: number) => Float32Array.from({ length: dim }, (_, p) => V[r * dim + p] / norms[r]);
        assert.ok(Number.isNaN(scales[3]), 'a zero row has scale NaN');
        for (let r = 0; r < 300; r++) {
          if (r === 3) continue;
          const u = unit(r);
          let e2 = 0, u2 = 0;
          for (let p = 0; p < dp; p++) {
            const q = values[r * dp + p];
            assert.ok(Math.abs(q) <= qmax && (p < dim || q === 0));
            if (p < dim) { e2 += (u[p] - q * scales[r]) ** 2; u2 += u[p] ** 2; }
          }
          assert.ok(enorms[r] >= Math.sqrt(e2) && enorms[r] <= Math.sqrt(e2) * (1 + 1e-6) + 1e-30, `row ${r}: enorm`);
          assert.ok(unorms[r] >= Math.sqrt(u2) && unorms[r] <= Math.sqrt(u2) * (1 + 1e-6), `row ${r}: unorm`);
        }
        const next = rng(dim * 100 + bits);
        let worst = 0;
        for (let t = 0; t < 2000; t++) {
          const i = 4 + Math.floor(next() * 296), j = 4 + Math.floor(next() * 296);
          const ui = unit(i), uj = unit(j);
          let s = 0, d = 0;
          for (let p = 0; p < dim; p++) s = Math.fround(s + Math.fround(ui[p] * uj[p]));
          for (let p = 0; p < dp; p++) d += values[i * dp + p] * values[j * dp + p];
          const a = Math.fround(Math.fround(d) * Math.fround(scales[i] * scales[j]));
          const eps = quantized.bound(i);
          assert.ok(Math.abs(s - a) <= eps, `dim ${dim} bits ${bits}: |${s} − ${a}| > ε ${eps}`);
          worst = Math.max(worst, Math.abs(s - a) / eps);
        }
        assert.ok(worst > 0.01, `the bound should not be absurdly loose (worst error / ε = ${worst})`);
      } finally {
        release();
      }
    }
  });

  it('bits that could overflow the int32 dot products are refused; the js kernel has no int8 path', () => {
    const memory = makeModel({ rows: 4, dim: 600 });
    assert.throws(() => TileQuantized.reserve(memory, 12), /overflow/);
    assert.throws(() => TileQuantized.qmax(13), /bits/);
    assert.equal(TileQuantized.qmax(8), 127);
    assert.deepEqual([1, 300, 512, 513, 2000, 100000].map(TileQuantized.bitsFor), [12, 12, 12, 11, 11, 8]);
    const plain = copyModel(makeModel({ rows: 4, dim: 3 }), { wasm: false });
    assert.throws(() => TileQuantized.reserve(plain, 8), /WebAssembly/);
  });
});

describe('tileList', () => {
  it('heaps of a batch workspace standing for rows rowBase + h == the same rows by tile()', () => {
    const memory = makeModel({ rows: 300, dim: 19, zeroRows: [40] });
    const k = 7, base = 37, heaps = [3, 0, 9, 4];
    const a = TileWorkspace.reserve(memory, k, 16, { queries: 16 });
    const c = TileWorkspace.reserve(memory, k, 1);
    try {
      a.workspace.tileList(heaps, 0, 300, true, base);
      for (const h of heaps) c.workspace.tile(base + h, base + h + 1, 0, 300, false, true);
      for (const h of heaps) sameResult(a.workspace.rowsResult(h, h + 1), c.workspace.rowsResult(base + h, base + h + 1), `heap ${h}`);
      assert.ok(Number.isNaN(a.workspace.rowsResult(1, 2).scores[0]), 'a heap not listed stays empty');
    } finally {
      c.release();
      a.release();
    }
  });

  it('listed rows against all candidates == the same rows by tile()', () => {
    const memory = makeModel({ rows: 300, dim: 19, zeroRows: [40] });
    const k = 7, rows = [5, 299, 40, 6, 7, 120, 0];
    const a = TileWorkspace.reserve(memory, k, 8), b = TileWorkspace.reserve(memory, k, 8), oracle = new OracleTiles(b.workspace);
    const c = TileWorkspace.reserve(memory, k, 1);
    try {
      for (const [j0, j1] of [[0, 100], [100, 300]]) {
        a.workspace.tileList(rows, j0, j1);
        oracle.tileList(rows, j0, j1);
        for (const r of rows) c.workspace.tile(r, r + 1, j0, j1, false, true);
      }
      for (const r of rows) {
        const want = c.workspace.rowsResult(r, r + 1);
        sameResult(a.workspace.rowsResult(r, r + 1), want, `row ${r}`);
        sameResult(oracle.rowsResult(r, r + 1), want, `row ${r} (js)`);
      }
    } finally {
      c.release();
      b.release();
      a.release();
    }
  });
});

describe('glove10k-100d: the int8 path gives the float32 rows exactly', () => {
  let kv: KeyedVectors;
  before(async () => {
    kv = await loadModel(fixture('models/glove10k-100d.bin'), { binary: true });
  });

  it('top-10 of the first 512 rows, 12 bits and 8 bits', () => {
    const memory = kv.memory, n = memory.rows, k = 10, rows = 512, block = 128;
    const f32 = TileWorkspace.reserve(memory, k, block);
    try {
      for (let i0 = 0; i0 < rows; i0 += block) f32.workspace.tile(i0, i0 + block, 0, n, false, true);
      const want = f32.workspace.rowsResult(0, rows);
      for (const [bits, m, most] of [[12, 10, 5], [8, 30, 200]] as const) {
        const q = TileQuantized.reserve(memory, bits);
        const w8 = TileWorkspace.reserve(memory, k + m, block, { int8: q.quantized });
        try {
          for (let i0 = 0; i0 < rows; i0 += block) w8.workspace.tileInt8(i0, i0 + block, 0, n, false, true);
          const { result, recomputed } = rescoreAll(memory, w8.workspace, k, rows);
          sameResult(result, want, `${bits} bits`);
          assert.ok(recomputed.length <= most, `${bits} bits, m = ${m}: ${recomputed.length} rows needed the float32 pass`);
        } finally {
          w8.release();
          q.release();
        }
      }
    } finally {
      f32.release();
    }
  });
});
