/**
 * The gathered tile kernel (tileGathered): for rows given by a list, every pair (a < na, a < b < count) scored with
 * the exact engine's float32 bits (checked against the TypeScript block scorer and against tile()), two positions of
 * one row skipped, and exactly the pairs passing either row's heap threshold proposed; on quantised rows the int8
 * tiles' approximate scores (against a TypeScript oracle, within the error bound of the exact ones) and scoreListed's
 * exact ones; and the engine gives the same dictionary with the kernel as with the TypeScript scorer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedVectors, loadModel } from '../../src/index.js';
import { buildApproximateDictionary } from '../../src/graph/build-approximate.js';
import { BlockScorer } from '../../src/graph/block-scorer.js';
import { GATHERED_PROPOSAL_BYTES } from '../../src/kernels/layout.js';
import { sharedOf, TileWorkspace } from '../../src/kernels/tile-workspace.js';
import { TileQuantized } from '../../src/kernels/tile-int8.js';
import { fixture } from '../helpers/fixtures.js';
import { rng } from '../helpers/random.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'));
const model = KeyedVectors.fromArrays(glove.words.slice(0, 1200), glove.vectors.subarray(0, 1200 * glove.dim), glove.dim);

function workspace(k: number, blockRows: number) {
  const region = model.memory.reserve(TileWorkspace.bytesNeeded(model.size, model.dim, k, blockRows), 'test workspace');
  const ws = TileWorkspace.create(sharedOf(model.memory), region.offset, k, blockRows);
  const out = model.memory.reserve(TileWorkspace.gatheredPairs(blockRows, blockRows) * GATHERED_PROPOSAL_BYTES, 'test proposals');
  return { ws, out, release: () => { out.release(); region.release(); } };
}

function proposals(ws: TileWorkspace, out: number, count: number): [number, number, number][] {
  const I = new Int32Array(ws.buffer(), out, 3 * count), S = new Float32Array(ws.buffer(), out, 3 * count);
  return Array.from({ length: count }, (_, p): [number, number, number] => [I[3 * p], I[3 * p + 1], S[3 * p + 2]]);
}

test('empty heaps: every pair of the list is proposed once, with the TypeScript scorer\'s (and tile()\'s) bits', () => {
  const random = rng(5);
  const { ws, out, release } = workspace(4, 64);
  try {
    for (const [count, na] of [[37, 37], [64, 30], [9, 1], [8, 8], [5, 2], [2, 1], [1, 1], [0, 0]]) {
      const rows = Array.from({ length: count }, () => Math.floor(random() * model.size));
      if (count > 4) rows[3] = rows[1]; // one row twice: its pair is skipped
      ws.gatheredList().set(rows);
      const written = ws.tileGathered(count, na, out.offset, TileWorkspace.gatheredPairs(64, 64));
      const got = proposals(ws, out.offset, written);
      const ts = new BlockScorer(model, 64);
      ts.gather(rows);
      const want: [number, number, number][] = [];
      ts.pairs(na, (i, j, s) => void want.push([i, j, s]));
      ts.release();
      // the same multiset of (row a, row b, score bits): a row listed twice makes equal pairs
      const text = (p: [number, number, number]) => `${p[0]},${p[1]},${Object.is(p[2], -0) ? '-0' : p[2]}`;
      assert.equal(written, want.length, `count ${count}, na ${na}`);
      assert.deepEqual(got.map(text).sort(), want.map(text).sort(), `count ${count}, na ${na}`);
    }
    // and the exact engine's tile computes the same bits: row 10 against rows [0, 8)
    ws.resetHeaps();
    ws.tile(10, 11, 0, 8, false, false);
    const exact = ws.rowsResult(10, 11);
    ws.gatheredList().set([10, 0, 1, 2, 3, 4, 5, 6, 7]);
    const got = proposals(ws, out.offset, ws.tileGathered(9, 1, out.offset, TileWorkspace.gatheredPairs(64, 64)));
    for (let r = 0; r < 4; r++) {
      const p = got.find((x) => x[1] === exact.indices[r])!;
      assert.ok(Object.is(p[2], exact.scores[r]), `row 10 vs ${exact.indices[r]}`);
    }
  } finally {
    release();
  }
});

test('only pairs not below either heap\'s threshold are proposed', () => {
  const { ws, out, release } = workspace(2, 32);
  try {
    const rows = Array.from({ length: 20 }, (_, i) => i * 7);
    ws.gatheredList().set(rows);
    const all = proposals(ws, out.offset, ws.tileGathered(20, 20, out.offset, TileWorkspace.gatheredPairs(32, 32)));
    // thresholds: every row's heap at 0.5 (slot 0's score)
    const thr = new Float32Array(ws.buffer(), ws.thrOffset, model.size);
    thr.fill(0.5);
    ws.gatheredList().set(rows);
    const got = proposals(ws, out.offset, ws.tileGathered(20, 20, out.offset, TileWorkspace.gatheredPairs(32, 32)));
    assert.deepEqual(got, all.filter((p) => p[2] >= 0.5));
    assert.ok(got.length > 0 && got.length < all.length, `${got.length} of ${all.length}`);
  } finally {
    release();
  }
});

test("with the heaps' indices in reach: a side below its threshold or already in its heap is ~row, a pair with no side left is not written", () => {
  const K = 6, blockRows = 32;
  const region = model.memory.reserve(TileWorkspace.gatheredBytes(model.dim, blockRows), 'test gathered');
  const plainRegion = model.memory.reserve(TileWorkspace.gatheredBytes(model.dim, blockRows), 'test gathered, no heaps');
  const thrRegion = model.memory.reserve(4 * model.size, 'test thresholds');
  const idxRegion = model.memory.reserve(4 * model.size * K, 'test heap indices');
  const out = model.memory.reserve(TileWorkspace.gatheredPairs(blockRows, blockRows) * GATHERED_PROPOSAL_BYTES, 'test proposals');
  try {
    const shared = sharedOf(model.memory);
    const plain = TileWorkspace.createGathered(shared, plainRegion.offset, blockRows, thrRegion.offset);
    const ws = TileWorkspace.createGathered(shared, region.offset, blockRows, thrRegion.offset, { indices: idxRegion.offset, K });
    const thr = new Float32Array(ws.buffer(), thrRegion.offset, model.size);
    const heaps = new Int32Array(ws.buffer(), idxRegion.offset, model.size * K);
    const random = rng(11);
    const rows = Array.from({ length: 24 }, () => Math.floor(random() * model.size));
    rows[5] = rows[2]; // one row twice: skipped as ever
    // every listed row's heap holds some of the other listed rows; the thresholds vary
    heaps.fill(0x7fffffff);
    for (const r of rows) {
      thr[r] = random() < 0.2 ? NaN : 0.2 * random();
      for (let e = 0; e < K; e++) if (random() < 0.9) heaps[r * K + e] = rows[Math.floor(random() * rows.length)];
    }
    const inHeap = (r: number, j: number) => Array.from(heaps.subarray(r * K, r * K + K)).includes(j);
    const room = TileWorkspace.gatheredPairs(blockRows, blockRows);
    const run = (w: TileWorkspace) => {
      w.gatheredList().set(rows);
      return proposals(w, out.offset, w.tileGathered(rows.length, 10, out.offset, room));
    };
    const all = run(plain); // the thresholds only: pairs passing either
    const want: [number, number, number][] = [];
    for (const [a, b, sc] of all) {
      const keepA = !(sc < thr[a]) && !inHeap(a, b), keepB = !(sc < thr[b]) && !inHeap(b, a);
      if (keepA || keepB) want.push([keepA ? a : ~a, keepB ? b : ~b, sc]);
    }
    const got = run(ws);
    assert.deepEqual(got, want);
    assert.ok(want.length < all.length && want.some((p) => p[0] < 0 || p[1] < 0), `${want.length} of ${all.length}`);
    // a wrong filter fails this check: the unfiltered proposals are not the expected ones
    assert.notDeepEqual(all, want);
  } finally {
    out.release(); idxRegion.release(); thrRegion.release(); plainRegion.release(); region.release();
  }
});

test('on quantised rows: every pair proposed with the int8 tiles\' approximate score, within the error bound of the exact one; scoreListed gives the exact bits', () => {
  const blockRows = 64;
  const { quantized, release: releaseQuantized } = TileQuantized.reserve(model.memory);
  const region = model.memory.reserve(TileWorkspace.gatheredBytes(model.dim, blockRows, true), 'test gathered int16');
  const thrRegion = model.memory.reserve(4 * model.size, 'test thresholds');
  const out = model.memory.reserve(TileWorkspace.gatheredPairs(blockRows, blockRows) * GATHERED_PROPOSAL_BYTES, 'test proposals');
  try {
    const ws = TileWorkspace.createGathered(sharedOf(model.memory), region.offset, blockRows, thrRegion.offset, undefined, quantized.regionOffset);
    const thr = new Float32Array(ws.buffer(), thrRegion.offset, model.size);
    const { values, scales } = quantized.arrays();
    const pad = quantized.dimPad;
    // the oracle: a(i, j) = f32(D) · f32(scale_i · scale_j), D the exact integer dot of the quantised rows
    const approx = (i: number, j: number): number => {
      let D = 0;
      for (let p = 0; p < pad; p++) D += values[i * pad + p] * values[j * pad + p];
      return Math.fround(Math.fround(D) * Math.fround(scales[i] * scales[j]));
    };
    const text = (p: [number, number, number]) => `${p[0]},${p[1]},${Object.is(p[2], -0) ? '-0' : p[2]}`;
    const random = rng(9);
    for (const [count, na, t] of [[37, 37, NaN], [64, 30, NaN], [9, 1, NaN], [5, 2, NaN], [50, 20, 0.3]]) {
      thr.fill(t);
      const rows = Array.from({ length: count }, () => Math.floor(random() * model.size));
      if (count > 4) rows[3] = rows[1]; // one row twice: its pair is skipped
      ws.gatheredList().set(rows);
      const got = proposals(ws, out.offset, ws.tileGathered(count, na, out.offset, TileWorkspace.gatheredPairs(blockRows, blockRows)));
      const want: [number, number, number][] = [];
      for (let a = 0; a < na; a++) {
        for (let b = a + 1; b < count; b++) {
          if (rows[a] === rows[b]) continue;
          const sc = approx(rows[a], rows[b]);
          assert.ok(Object.is(sc, approx(rows[b], rows[a])), 'symmetric'); // both sides take one score
          if (!(sc < thr[rows[a]]) || !(sc < thr[rows[b]])) want.push([rows[a], rows[b], sc]);
        }
      }
      assert.deepEqual(got.map(text).sort(), want.map(text).sort(), `count ${count}, na ${na}`);
      if (Number.isNaN(t)) assert.equal(got.length, want.length);
      else assert.ok(got.length > 0 && got.length < TileWorkspace.gatheredPairs(count, na), `${got.length} pass 0.3`);
      // the exact scores are other numbers, each within the row's error bound ε_i (the rescoring's selection rule)
      const ts = new BlockScorer(model, blockRows);
      ts.gather(rows);
      const exact = new Map<string, number>();
      ts.pairs(na, (i, j, sc) => void exact.set(`${i},${j}`, sc));
      ts.release();
      let differ = 0;
      for (const [i, j, sc] of got) {
        const e = exact.get(`${i},${j}`)!;
        if (!Object.is(e, sc)) differ++;
        assert.ok(Math.abs(e - sc) <= quantized.bound(i) && Math.abs(e - sc) <= quantized.bound(j), `(${i}, ${j}): ${sc} vs exact ${e}`);
      }
      assert.ok(differ > got.length / 2, `${differ} of ${got.length} approximate scores differ from the exact ones`);
    }
    // scoreListed: the exact bits of one row against listed rows (the TypeScript scorer's, which are tile()'s)
    for (const count of [1, 8, 13, 45, 64]) {
      const row = Math.floor(random() * model.size);
      const rows = Array.from({ length: count }, () => Math.floor(random() * model.size));
      ws.gatheredList().set(rows);
      const got = Array.from(ws.scoreListed(row, count).subarray(0, count));
      const ts = new BlockScorer(model, count + 1);
      ts.gather([row, ...rows]);
      const want = rows.map((_, c) => ts.score(0, c + 1));
      ts.release();
      assert.deepEqual(got, want, `count ${count}`);
    }
    ws.gatheredList().set([0, model.size]);
    assert.throws(() => ws.scoreListed(0, 2), /listed row/);
    assert.throws(() => ws.scoreListed(model.size, 1), RangeError);
  } finally {
    out.release(); thrRegion.release(); region.release(); releaseQuantized();
  }
});

test('bad calls are RangeErrors', () => {
  const { ws, out, release } = workspace(2, 16);
  try {
    assert.throws(() => ws.tileGathered(17, 1, out.offset, 1000), RangeError);
    assert.throws(() => ws.tileGathered(4, 5, out.offset, 1000), RangeError);
    assert.throws(() => ws.tileGathered(10, 10, out.offset, 10), /room for 10 proposals/);
    ws.gatheredList().set([0, model.size]);
    assert.throws(() => ws.tileGathered(2, 1, out.offset, 10), /listed row/);
  } finally {
    release();
  }
});

test('the engine gives the same dictionary with the kernel (the heap\'s indices in the model\'s memory or beside it) as with the TypeScript scorer', async () => {
  for (const [k, includeSelf] of [[10, false], [4, true]] as const) {
    // the kernel's joins on the float32 rows (the TypeScript scorer's are): the same bits throughout
    const wasm = await buildApproximateDictionary(model, { k, includeSelf, kernel: 'wasm', joins: 'float32' });
    const js = await buildApproximateDictionary(model, { k, includeSelf, kernel: 'js' });
    // the kernel without the heap's indices (a model that fills its memory): it proposes the sides already there too
    const beside = await buildApproximateDictionary(model, { k, includeSelf, kernel: 'wasm', heapIndices: 'beside', joins: 'float32' });
    // on the quantised rows, the heap's indices here or beside: the same dictionary as each other
    const int16 = await buildApproximateDictionary(model, { k, includeSelf });
    const int16Beside = await buildApproximateDictionary(model, { k, includeSelf, heapIndices: 'beside' });
    assert.equal((int16.meta.nnDescent as { joins: string }).joins, 'int16');
    assert.deepEqual(int16Beside.indices, int16.indices);
    assert.deepEqual(int16Beside.scores, int16.scores);
    assert.deepEqual(beside.indices, js.indices);
    assert.deepEqual(beside.scores, js.scores);
    assert.equal(wasm.meta.nnDescent && (wasm.meta.nnDescent as { kernel: string }).kernel, 'wasm');
    assert.deepEqual(wasm.indices, js.indices);
    assert.deepEqual(wasm.scores, js.scores);
    assert.deepEqual((wasm.meta.nnDescent as { updates: number[] }).updates, (js.meta.nnDescent as { updates: number[] }).updates);
  }
  const plain = KeyedVectors.fromArrays(model.words.slice(0, 300), model.vectors.subarray(0, 300 * model.dim), model.dim, { wasm: false });
  // outside WebAssembly memory the recall cannot be measured (the exact engine needs it): refused, never unmeasured
  await assert.rejects(buildApproximateDictionary(plain, { k: 5 }), /measures its recall with the exact engine, which needs the model in a WebAssembly memory/);
  assert.deepEqual(model.memory.arena!.regions().map((r) => r.name), ['vectors', 'norms']);
});
