/**
 * TileQueries on the quantised panels: its answers must be exactly those of the float32 tiles (same rows, order and
 * float32 scores) for any range of candidates (panels start at multiples of 8; a range need not), any k, any batch,
 * queries that are model rows or not, zero queries, ties and zero rows, and whether the error bound settles a query
 * or sends it to the float32 pass. The float32 tiles are themselves held to a float64 brute force and to gensim
 * (./tile-workspace.test.ts, the queries tests).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadModel } from '../../src/formats/load-model.js';
import { TileQuantized } from '../../src/kernels/tile-int8.js';
import { QUERY_CHUNK, queryChunks, queryMargin, TileQueries } from '../../src/kernels/tile-queries.js';
import { sharedOf, TileWorkspace } from '../../src/kernels/tile-workspace.js';
import type { ModelMemory } from '../../src/vectors/model-memory.js';
import { fixture } from '../helpers/fixtures.js';
import { tiedModel } from '../helpers/tied-model.js';
import { makeModel, randomQuery } from './helpers.js';

const releases: (() => void)[] = [];
after(() => {
  for (const r of releases.reverse()) r();
});

/** A float32 and an int8 TileQueries over `memory` (the model quantised as panels), for up to `capacity` queries. */
function pair(memory: ModelMemory, capacity: number, maxK: number): { f32: TileQueries; int8: TileQueries; quantized: TileQuantized } {
  const q = TileQuantized.reserve(memory, TileQuantized.bitsFor(memory.dim), memory, { panels: true });
  releases.push(q.release);
  const model = sharedOf(memory);
  const make = (int8?: number): TileQueries => {
    const region = memory.reserve(TileQueries.bytesNeeded(memory.rows, memory.dim, capacity, maxK, int8 !== undefined));
    releases.push(region.release);
    return new TileQueries(model, region.offset, capacity, maxK, int8);
  };
  return { f32: make(), int8: make(q.quantized.regionOffset), quantized: q.quantized };
}

/** count unit queries: model rows' unit vectors (as mostSimilar makes them) and random unit vectors, alternating. */
function queries(memory: ModelMemory, count: number, seed: number): Float32Array {
  const dim = memory.dim, out = new Float32Array(count * dim), V = memory.vectors(), norms = memory.norms();
  for (let q = 0; q < count; q++) {
    if (q % 2 === 0) {
      const row = (seed * 131 + q * 977) % memory.rows;
      for (let p = 0; p < dim; p++) out[q * dim + p] = V[row * dim + p] / norms[row];
    } else {
      out.set(randomQuery(dim, seed * 1000 + q), q * dim);
    }
  }
  return out;
}

function same(got: ReturnType<TileQueries['search']>, want: ReturnType<TileQueries['search']>, what: string): void {
  assert.deepEqual(got.indices, want.indices, `${what}: indices`);
  assert.deepEqual(new Uint32Array(got.scores.buffer), new Uint32Array(want.scores.buffer), `${what}: score bits`);
}

describe('TileQueries: int8 panels, rescored, == float32 tiles bit for bit', () => {
  it('glove10k-100d: ranges that start and end anywhere, k from 1 to 300, batches of 1 to 16', async () => {
    const model = await loadModel(fixture('models/glove10k-100d.bin'));
    const memory = model.memory;
    const { f32, int8 } = pair(memory, 16, 300);
    assert.equal(int8.method, 'int8');
    assert.equal(f32.method, 'f32');
    const n = memory.rows;
    const ranges: [number, number][] = [[0, n], [3, n - 5], [8, 4096], [4093, 4100], [1, 2], [17, 17], [n - 3, n]];
    let unproven = 0, cases = 0;
    for (const [j0, j1] of ranges) {
      for (const [k, count] of [[1, 1], [11, 8], [16, 16], [101, 5], [300, 3]]) {
        const qs = queries(memory, count, j0 + k);
        const want = f32.search(qs, count, k, j0, j1);
        const got = int8.search(qs, count, k, j0, j1);
        same(got, want, `[${j0}, ${j1}) k ${k} count ${count}`);
        assert.equal(want.unproven, 0);
        unproven += got.unproven;
        cases += count;
      }
    }
    // the bound settles nearly every query here: the float32 pass is the exception, not the rule
    assert.ok(unproven < cases / 10, `${unproven} of ${cases} queries unproven`);
  });

  it('ties and zero rows: near-ties defeat the bound, the float32 pass takes over, the answers stay exact', () => {
    const tied = tiedModel(1000, 24, 5, 97, 11).memory; // 5 distinct vectors: every k-th score ties the (k + m)-th
    const { f32, int8 } = pair(tied, 8, 200);
    let unproven = 0;
    for (const [k, j0, j1] of [[1, 0, 1000], [10, 5, 995], [200, 0, 1000]]) {
      const qs = queries(tied, 8, k);
      const got = int8.search(qs, 8, k, j0, j1);
      same(got, f32.search(qs, 8, k, j0, j1), `k ${k}`);
      unproven += got.unproven;
    }
    assert.ok(unproven > 0, 'the tied model must exercise the float32 pass');
  });

  it('zero queries score 0 against every finite row (NaN against zero rows), as in the float32 tiles', () => {
    const memory = makeModel({ rows: 300, dim: 20, zeroRows: [7, 150], seed: 5 });
    const { f32, int8 } = pair(memory, 4, 50);
    const qs = queries(memory, 4, 3);
    qs.fill(0, 20, 40); // query 1: the zero vector
    for (const k of [5, 50]) same(int8.search(qs, 4, k, 0, 300), f32.search(qs, 4, k, 0, 300), `k ${k}`);
  });

  it('a range over several kernel calls (queryChunks) gives one call\'s answer, with duplicates across chunks', () => {
    const rows = 2 * QUERY_CHUNK + 777, dim = 8;
    // the chunks cover the range exactly, in order, none empty or over QUERY_CHUNK, and grow to it
    for (const [j0, j1] of [[0, rows], [5, 6], [7, 7], [100, 100 + 5 * QUERY_CHUNK]]) {
      let at = j0;
      for (const [a, b] of queryChunks(j0, j1)) {
        assert.equal(a, at, `[${j0}, ${j1}): a chunk starts where the last ended`);
        assert.ok(b > a && b - a <= QUERY_CHUNK, `[${j0}, ${j1}): chunk [${a}, ${b})`);
        at = b;
      }
      assert.equal(at, j1, `[${j0}, ${j1}): the chunks end at j1`);
    }
    assert.ok([...queryChunks(0, rows)].length >= 4);
    assert.ok([...queryChunks(100, 100 + 5 * QUERY_CHUNK)].some(([a, b]) => b - a === QUERY_CHUNK));
    // rows duplicated across the chunks' borders: equal scores that only the index order ranks
    const duplicates: [number, number][] = [[QUERY_CHUNK + 5, 3], [2 * QUERY_CHUNK + 1, QUERY_CHUNK - 1], [rows - 1, 0]];
    const memory = makeModel({ rows, dim, seed: 21, duplicates });
    const { f32, int8 } = pair(memory, 8, 40);
    const one = TileWorkspace.reserve(memory, 40, 8, { queries: 8 });
    releases.push(one.release);
    const qs = queries(memory, 8, 7);
    // queries 0, 2, 4: rows 3, 0 and QUERY_CHUNK − 1, each duplicated in another chunk
    for (const [q, v] of [[0, 3], [2, 0], [4, QUERY_CHUNK - 1]]) qs.set(memory.vectors().subarray(v * dim, (v + 1) * dim).map((x) => x / memory.norms()[v]), q * dim);
    for (const [j0, j1] of [[0, rows], [QUERY_CHUNK - 3, 2 * QUERY_CHUNK + 2], [5, rows - 1]]) {
      one.workspace.setQueries(qs, 0);
      one.workspace.resetHeaps(0, 8);
      one.workspace.tileQueries(0, 8, j0, j1);
      const want = one.workspace.rowsResult(0, 8);
      same(f32.search(qs, 8, 40, j0, j1), { ...want, unproven: 0 }, `float32 [${j0}, ${j1})`);
      same(int8.search(qs, 8, 40, j0, j1), { ...want, unproven: 0 }, `int8 [${j0}, ${j1})`);
    }
    // a duplicate pair is in the answer of a query that is one of its rows, both rows, by index
    const dupRows = f32.search(qs, 8, 40, 0, rows).indices.subarray(0, 40);
    assert.ok(dupRows.includes(3) && dupRows.includes(QUERY_CHUNK + 5), 'query 0 is row 3: it finds its duplicate');
  });

  it('more bits never hurt; the margin grows with k', () => {
    assert.equal(queryMargin(1), 16);
    assert.equal(queryMargin(1100), 275);
    const memory = makeModel({ rows: 64, dim: 10, seed: 9 });
    assert.throws(() => TileQuantized.reserve(memory, 8, memory, { panels: true }), /panels hold 16-bit values/);
  });
});

describe('the quantised model as panels', () => {
  it('holds the same values as the row-major layout, rearranged into 8-row panels', () => {
    const memory = makeModel({ rows: 21, dim: 13, zeroRows: [4], seed: 2 });
    const rows = TileQuantized.reserve(memory, 12);
    const panels = TileQuantized.reserve(memory, 12, memory, { panels: true });
    try {
      const a = rows.quantized.arrays(), b = panels.quantized.arrays(), dp = rows.quantized.dimPad;
      assert.equal(b.values.length, 24 * dp); // rows rounded up to whole panels
      for (let i = 0; i < 21; i++) {
        for (let p = 0; p < dp; p++) {
          assert.equal(b.values[8 * dp * (i >> 3) + 16 * (p >> 1) + 2 * (i & 7) + (p & 1)], a.values[i * dp + p], `row ${i} value ${p}`);
        }
      }
      assert.deepEqual(b.scales, a.scales);
      assert.deepEqual(b.enorms, a.enorms);
      assert.deepEqual(panels.quantized.maxima, rows.quantized.maxima);
    } finally {
      panels.release();
      rows.release();
    }
  });

  it('serves batch queries only: a dictionary workspace refuses it', () => {
    const memory = makeModel({ rows: 40, dim: 8, seed: 4 });
    const q = TileQuantized.reserve(memory, 12, memory, { panels: true });
    try {
      assert.throws(() => TileWorkspace.reserve(memory, 4, 8, { int8: q.quantized }), /batch queries only/);
    } finally {
      q.release();
    }
  });
});
