/**
 * The score-tile kernel fused with top-k heaps (src/kernels/assembly/tiles.ts via TileWorkspace): dictionaries
 * (every row's k most similar rows) against a float64 brute force; bit-exact agreement between the symmetric and the
 * plain tilings, between tile sizes, visit orders, merged workers and the TypeScript twin; the edge cases; and the
 * real glove10k model against mostSimilar.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadModel } from '../../src/formats/load-model.js';
import { TileWorkspace } from '../../src/kernels/tile-workspace.js';
import type { TopKResult } from '../../src/kernels/types.js';
import type { KeyedVectors } from '../../src/vectors/keyed-vectors.js';
import type { ModelMemory } from '../../src/vectors/model-memory.js';
import { fixture } from '../helpers/fixtures.js';
import { makeModel, rankCompare, rng, sameFloats, type ModelSpec } from './helpers.js';
import { OracleTiles } from './tile-oracle.js';

type Tile = [number, number, number, number, boolean, boolean];

/** Block starts of [0, n) in steps of `size`. */
function blocks(n: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < n; s += size) out.push([s, Math.min(s + size, n)]);
  return out;
}

/** The tiles of a dictionary: symmetric (J ≥ I, columns on off the diagonal) or plain (every I, J). */
function tiles(n: number, rowsBlock: number, colsBlock: number, symmetric: boolean): Tile[] {
  const out: Tile[] = [];
  if (symmetric) { // the same partition for I and J
    const parts = blocks(n, rowsBlock);
    for (let a = 0; a < parts.length; a++) {
      out.push([...parts[a], ...parts[a], false, true]);
      for (let b = a + 1; b < parts.length; b++) out.push([...parts[a], ...parts[b], true, false]);
    }
  } else {
    for (const I of blocks(n, rowsBlock)) for (const J of blocks(n, colsBlock)) out.push([...I, ...J, false, true]);
  }
  return out;
}

function shuffle<T>(items: T[], seed: number): T[] {
  const next = rng(seed), out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

interface Run {
  k: number;
  rowsBlock?: number;
  colsBlock?: number;
  symmetric?: boolean;
  order?: 'forward' | 'reverse' | number;
  /** 'js': the TypeScript oracle (./tile-oracle.ts) on the same region instead of the WebAssembly kernel. */
  kernel?: 'wasm' | 'js';
}

/** Builds a dictionary with one workspace; returns every row's result. */
function dictionary(memory: ModelMemory, run: Run): TopKResult {
  const rowsBlock = run.rowsBlock ?? 64;
  const reserved = TileWorkspace.reserve(memory, run.k, rowsBlock), release = reserved.release;
  const workspace = run.kernel === 'js' ? new OracleTiles(reserved.workspace) : reserved.workspace;
  try {
    let list = tiles(memory.rows, rowsBlock, run.colsBlock ?? rowsBlock, run.symmetric ?? true);
    if (run.order === 'reverse') list = list.reverse();
    else if (typeof run.order === 'number') list = shuffle(list, run.order);
    for (const t of list) workspace.tile(...t);
    return workspace.rowsResult(0, memory.rows);
  } finally {
    release();
  }
}

function sameResult(a: TopKResult, b: TopKResult, what: string): void {
  assert.deepEqual(a.indices, b.indices, `${what}: indices differ`);
  assert.ok(sameFloats(a.scores, b.scores), `${what}: scores differ`);
}

/** float64 cosine similarities of row i with every row (NaN for zero rows). */
function referenceRow(memory: ModelMemory, i: number): Float64Array {
  const V = memory.vectors(), dim = memory.dim, n = memory.rows;
  const norm = (r: number): number => {
    let s = 0;
    for (let p = 0; p < dim; p++) s += V[r * dim + p] ** 2;
    return Math.sqrt(s);
  };
  const out = new Float64Array(n), ni = norm(i);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < dim; p++) s += V[i * dim + p] * V[j * dim + p];
    out[j] = s / (ni * norm(j));
  }
  return out;
}

/**
 * Checks row i of a dictionary against the float64 brute force: the p-th pick has (in float64) the p-th best score
 * up to `tol` (so the neighbours agree in order except within near-ties), no row twice, not itself, sentinels only
 * when fewer than k candidates exist; the kernel's own scores are within `tol` of float64.
 */
function checkRow(memory: ModelMemory, got: TopKResult, i: number, k: number, tol = 1e-6): void {
  const ref = referenceRow(memory, i);
  const order = Array.from({ length: memory.rows }, (_, j) => j).filter((j) => j !== i)
    .sort((a, b) => rankCompare(ref[a], a, ref[b], b));
  const seen = new Set<number>();
  for (let p = 0; p < k; p++) {
    const ix = got.indices[i * k + p], s = got.scores[i * k + p];
    if (p >= order.length) {
      assert.equal(ix, -1, `row ${i} position ${p}: expected a sentinel`);
      assert.ok(Number.isNaN(s));
      continue;
    }
    assert.ok(ix >= 0 && ix < memory.rows && ix !== i && !seen.has(ix), `row ${i} position ${p}: bad index ${ix}`);
    seen.add(ix);
    const want = ref[order[p]], have = ref[ix];
    if (Number.isNaN(want)) {
      assert.ok(Number.isNaN(have) && Number.isNaN(s), `row ${i} position ${p}: should be a NaN row`);
      assert.equal(ix, order[p], `row ${i} position ${p}: NaN rows in index order`);
    } else {
      assert.ok(Math.abs(want - have) <= tol, `row ${i} position ${p}: row ${ix} (${have}), reference row ${order[p]} (${want})`);
      assert.ok(Math.abs(s - have) <= tol, `row ${i} position ${p}: score ${s}, float64 ${have}`);
    }
  }
}

describe('tile dictionaries against a float64 brute force', () => {
  for (const dim of [1, 3, 7, 50, 100, 300]) {
    it(`${dim} dims, 203 rows, k = 7, zero rows and duplicates`, () => {
      const spec: ModelSpec = { rows: 203, dim, zeroRows: [5, 100], duplicates: [[50, 7], [51, 7], [202, 7]] };
      const memory = makeModel(spec);
      const k = 7;
      const got = dictionary(memory, { k, rowsBlock: 40 });
      for (let i = 0; i < memory.rows; i++) checkRow(memory, got, i, k);
      // duplicate rows tie, by index; a zero row's list is every other zero row... here only NaN rows by index
      if (dim > 1) {
        for (const r of [7, 50, 51, 202]) {
          const others = [7, 50, 51, 202].filter((x) => x !== r);
          assert.deepEqual([...got.indices.subarray(r * k, r * k + 3)], others, `row ${r}: its copies first, by index`);
        }
      }
      assert.deepEqual([...got.indices.subarray(5 * k, 5 * k + k)], [0, 1, 2, 3, 4, 6, 7], 'a zero row: NaN everywhere, by index');
      assert.ok(got.scores.subarray(5 * k, 6 * k).every(Number.isNaN));
    });
  }
});

describe('determinism: tilings, visit orders, workers, kernels', () => {
  const memory = makeModel({ rows: 517, dim: 37, zeroRows: [3], duplicates: [[400, 9], [401, 9]] });
  const k = 10;
  const base = dictionary(memory, { k, rowsBlock: 64 });

  it('symmetric (J ≥ I, columns) == plain (every I, J) bit for bit', () => {
    sameResult(dictionary(memory, { k, rowsBlock: 64, symmetric: false, colsBlock: 64 }), base, 'plain 64 × 64');
    sameResult(dictionary(memory, { k, rowsBlock: 50, symmetric: false, colsBlock: 517 }), base, 'plain 50 × all');
  });

  it('tile sizes and visit orders do not matter', () => {
    for (const rowsBlock of [1, 4, 7, 33, 128, 517]) sameResult(dictionary(memory, { k, rowsBlock }), base, `rowsBlock ${rowsBlock}`);
    sameResult(dictionary(memory, { k, rowsBlock: 32, order: 'reverse' }), base, 'reverse order');
    sameResult(dictionary(memory, { k, rowsBlock: 24, order: 7 }), base, 'shuffled order');
    sameResult(dictionary(memory, { k, rowsBlock: 13, symmetric: false, colsBlock: 29, order: 11 }), base, 'shuffled plain tiles');
  });

  it('mergeHeaps of two workspaces that each saw half the tiles == one that saw all', () => {
    const rowsBlock = 48;
    const a = TileWorkspace.reserve(memory, k, rowsBlock), b = TileWorkspace.reserve(memory, k, rowsBlock);
    try {
      const list = shuffle(tiles(memory.rows, rowsBlock, rowsBlock, true), 5);
      list.forEach((t, n) => (n % 2 ? a : b).workspace.tile(...t));
      // merge in two row ranges, one by workspace, one by region offset as a worker would post it
      a.workspace.mergeHeaps(b.workspace, 0, 200);
      a.workspace.mergeHeaps(b.workspace.regionOffset, 200, memory.rows);
      sameResult(a.workspace.rowsResult(0, memory.rows), base, 'merged');
      // a second workspace attached to the same region (as in another thread) reads its header and the same rows
      const model = { memory: memory.wasm!, vectorsOffset: memory.vectorsOffset, normsOffset: memory.normsOffset, rows: memory.rows, dim: memory.dim };
      const again = TileWorkspace.attach(model, a.workspace.regionOffset);
      assert.deepEqual([again.k, again.blockRows, again.heaps, again.queries, again.bytes], [k, rowsBlock, memory.rows, 0, a.workspace.bytes]);
      const part = again.rowsResult(100, 300);
      assert.deepEqual(part.indices, base.indices.subarray(100 * k, 300 * k));
      // attach refuses what create() did not make, and a region made for another model
      assert.throws(() => TileWorkspace.attach(model, a.workspace.regionOffset + 16), /no tile workspace at offset/);
      assert.throws(() => TileWorkspace.attach({ ...model, dim: memory.dim + 1 }, a.workspace.regionOffset), /is for \d+ x \d+, not this/);
      new Uint32Array(memory.buffer, a.workspace.regionOffset, 2)[1] = 99; // another layout version
      assert.throws(() => TileWorkspace.attach(model, a.workspace.regionOffset), /layout version 99/);
    } finally {
      b.release();
      a.release();
    }
  });

  it('rowsResult leaves the heaps intact (reading between tiles changes nothing)', () => {
    const rowsBlock = 100;
    const { workspace, release } = TileWorkspace.reserve(memory, k, rowsBlock);
    try {
      for (const t of tiles(memory.rows, rowsBlock, rowsBlock, true)) {
        workspace.tile(...t);
        workspace.rowsResult(0, memory.rows);
      }
      sameResult(workspace.rowsResult(0, memory.rows), base, 'read between tiles');
    } finally {
      release();
    }
  });

  it('the TypeScript oracle gives the same bits; a workspace needs a WebAssembly memory', () => {
    sameResult(dictionary(memory, { k, rowsBlock: 64, kernel: 'js' }), base, 'js kernel');
    const small = makeModel({ rows: 90, dim: 301, zeroRows: [4] });
    sameResult(dictionary(small, { k: 5, rowsBlock: 20, kernel: 'js' }), dictionary(small, { k: 5, rowsBlock: 20 }), 'js, dim 301');
    const sab = new SharedArrayBuffer(1 << 20);
    assert.throws(() => TileWorkspace.create({ memory: sab, vectorsOffset: 0, normsOffset: 0, rows: 10, dim: 4 }, 4096, 5, 20), /need WebAssembly SIMD128 and the model in a WebAssembly memory/);
    assert.throws(() => TileWorkspace.create({ memory: small.wasm!, vectorsOffset: small.vectorsOffset, normsOffset: small.normsOffset, rows: small.rows, dim: small.dim },
      small.buffer.byteLength - 64, 5, 20), /does not fit/);
  });

  it('a workspace can be reset and reused', () => {
    const { workspace, release } = TileWorkspace.reserve(memory, k, 64);
    try {
      for (const t of tiles(memory.rows, 64, 64, true)) workspace.tile(...t);
      workspace.resetHeaps();
      for (const t of tiles(memory.rows, 64, 64, true)) workspace.tile(...t);
      sameResult(workspace.rowsResult(0, memory.rows), base, 'after reset');
    } finally {
      release();
    }
  });
});

describe('edge cases', () => {
  it('k > n − 1: every other row, then sentinels (-1, NaN)', () => {
    const memory = makeModel({ rows: 6, dim: 5 });
    for (const kernel of ['wasm', 'js'] as const) {
      const got = dictionary(memory, { k: 9, rowsBlock: 4, kernel });
      for (let i = 0; i < 6; i++) {
        checkRow(memory, got, i, 9);
        assert.deepEqual([...got.indices.subarray(i * 9 + 5, i * 9 + 9)], [-1, -1, -1, -1]);
      }
    }
  });

  it('without excludeSelf a row finds itself; k = 1', () => {
    const memory = makeModel({ rows: 30, dim: 8 });
    const { workspace, release } = TileWorkspace.reserve(memory, 1, 30);
    try {
      workspace.tile(0, 30, 0, 30);
      assert.deepEqual([...workspace.rowsResult(0, 30).indices], Array.from({ length: 30 }, (_, i) => i));
    } finally {
      release();
    }
  });

  it('an all-zero model: NaN scores, neighbours by index', () => {
    const memory = makeModel({ rows: 12, dim: 4, zeroRows: Array.from({ length: 12 }, (_, i) => i) });
    const got = dictionary(memory, { k: 3, rowsBlock: 5 });
    assert.deepEqual([...got.indices.subarray(0, 6)], [1, 2, 3, 0, 2, 3]);
    assert.ok(got.scores.every(Number.isNaN));
  });

  it('many identical rows: ties broken by the lowest indices in every tiling', () => {
    const memory = makeModel({ rows: 300, dim: 16 });
    const V = memory.vectors();
    for (let r = 1; r < 300; r++) V.copyWithin(r * 16, 0, 16);
    memory.norms().fill(memory.norms()[0]);
    const got = dictionary(memory, { k: 5, rowsBlock: 32, order: 3 });
    assert.deepEqual([...got.indices.subarray(0, 5)], [1, 2, 3, 4, 5]);
    assert.deepEqual([...got.indices.subarray(299 * 5, 300 * 5)], [0, 1, 2, 3, 4]);
    sameResult(got, dictionary(memory, { k: 5, rowsBlock: 7, symmetric: false, colsBlock: 100 }), 'ties, other tiling');
  });

  it('bad arguments throw', () => {
    const memory = makeModel({ rows: 20, dim: 4 });
    const { workspace, release } = TileWorkspace.reserve(memory, 3, 8);
    try {
      assert.throws(() => workspace.tile(0, 9, 0, 20), /blockRows/);
      assert.throws(() => workspace.tile(0, 8, 4, 20, true), /disjoint/);
      assert.throws(() => workspace.tile(0, 8, 0, 21), /range/);
      assert.throws(() => workspace.tileQueries(0, 1, 0, 20), /queries/);
      assert.throws(() => workspace.rowsResult(5, 21), /range/);
    } finally {
      release();
    }
  });
});

describe('batch queries', () => {
  it('unit rows as queries give the rows\' own dictionary entries (self included), bit for bit; js == wasm', () => {
    const memory = makeModel({ rows: 150, dim: 21, zeroRows: [8] });
    const k = 6, q = 40;
    const V = memory.vectors(), norms = memory.norms(), dim = memory.dim;
    const queries = new Float32Array(q * dim);
    for (let r = 0; r < q; r++) for (let p = 0; p < dim; p++) queries[r * dim + p] = V[(r + 50) * dim + p] / norms[r + 50];
    queries.fill(0, 8 * dim, 9 * dim); // query 8: a zero vector scores 0 everywhere... then NaN-free ties by index
    const want = (() => {
      const { workspace, release } = TileWorkspace.reserve(memory, k, 64);
      try {
        workspace.tile(50, 90, 0, 150);
        return workspace.rowsResult(50, 90);
      } finally {
        release();
      }
    })();
    for (const kernel of ['wasm', 'js'] as const) {
      const reserved = TileWorkspace.reserve(memory, k, 16, { queries: q }), release = reserved.release;
      const workspace = kernel === 'js' ? new OracleTiles(reserved.workspace) : reserved.workspace;
      try {
        workspace.setQueries(queries.subarray(0, 20 * dim));
        workspace.setQueries(queries.subarray(20 * dim), 20);
        for (const [q0, q1] of blocks(q, 16)) for (const [j0, j1] of blocks(150, 70)) workspace.tileQueries(q0, q1, j0, j1);
        const got = workspace.rowsResult(0, q);
        for (let r = 0; r < q; r++) {
          if (r === 8) {
            assert.ok(got.scores.subarray(8 * k, 9 * k).every((s) => s === 0 || Number.isNaN(s)), 'zero query: 0 (or NaN for the zero row)');
            assert.deepEqual([...got.indices.subarray(8 * k, 9 * k)], [0, 1, 2, 3, 4, 5]);
            continue;
          }
          assert.deepEqual(got.indices.subarray(r * k, r * k + k), want.indices.subarray(r * k, r * k + k), `${kernel} query ${r}`);
          assert.ok(sameFloats(got.scores.subarray(r * k, r * k + k), want.scores.subarray(r * k, r * k + k)), `${kernel} query ${r}`);
        }
      } finally {
        release();
      }
    }
  });

  it('normalize scales raw queries to unit length', () => {
    const memory = makeModel({ rows: 40, dim: 9 });
    const { workspace, release } = TileWorkspace.reserve(memory, 3, 4, { queries: 2 });
    try {
      const raw = memory.vectors().slice(0, 2 * 9);
      workspace.setQueries(raw, 0, { normalize: true });
      workspace.tileQueries(0, 2, 0, 40);
      const got = workspace.rowsResult(0, 2);
      assert.equal(got.indices[0], 0);
      assert.equal(got.indices[3], 1);
      assert.ok(Math.abs(got.scores[0] - 1) < 1e-6);
    } finally {
      release();
    }
  });
});

describe('glove10k-100d: the tile dictionary agrees with mostSimilar', () => {
  let kv: KeyedVectors;
  before(async () => {
    kv = await loadModel(fixture('models/glove10k-100d.bin'), { binary: true });
  });

  it('top-15 of the first 500 rows, in order except within near-ties', () => {
    const memory = kv.memory, k = 15, n = memory.rows;
    const { workspace, release } = TileWorkspace.reserve(memory, k, 128);
    let got: TopKResult;
    try {
      for (const [i0, i1] of blocks(500, 128)) {
        for (const [j0, j1] of blocks(n, 2048)) workspace.tile(i0, i1, j0, j1, false, true);
      }
      got = workspace.rowsResult(0, 500);
    } finally {
      release();
    }
    let nearTies = 0;
    for (let i = 0; i < 500; i++) {
      const want = kv.mostSimilar(kv.words[i], { topn: k + 1 }); // one more, to see a near-tie at the k-th
      assert.equal(want.length, k + 1);
      for (let p = 0; p < k; p++) {
        const word = kv.words[got.indices[i * k + p]];
        assert.ok(Math.abs(got.scores[i * k + p] - want[p].score) <= 1e-6, `${kv.words[i]} #${p}: ${got.scores[i * k + p]} vs ${want[p].score}`);
        if (word !== want[p].word) {
          // only where mostSimilar's consecutive scores are within 1e-6 (a near-tie the two formulas may order apart)
          const tie = (p > 0 && want[p - 1].score - want[p].score <= 1e-6) || (p + 1 < k && want[p].score - want[p + 1].score <= 1e-6);
          assert.ok(tie, `${kv.words[i]} #${p}: ${word} vs ${want[p].word} (${want[p].score})`);
          nearTies++;
        }
      }
    }
    assert.ok(nearTies < 20, `${nearTies} near-tie swaps`);
  });
});
