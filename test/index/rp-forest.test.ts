/**
 * The random-projection forest: each tree puts every row in exactly one leaf, no leaf holds more than leafSize rows,
 * the same seed gives the same tree, and degenerate models (duplicates, zero vectors) still split down to leafSize;
 * each both with the big nodes cut by sweeps (`big` below the model's rows) and without.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTree, defaultTrees, SAMPLE_ROWS, SPLIT_TRIES } from '../../src/index/rp-forest.js';
import { jsSplitter, planeDot, sweepNodes, wasmSplitter, type PlaneSplitter } from '../../src/index/plane-splitter.js';
import { Random } from '../../src/random.js';
import { sharedOf } from '../../src/kernels/tile-workspace.js';
import { KeyedVectors, loadModel } from '../../src/index.js';
import { fixture } from '../helpers/fixtures.js';

const glove = await loadModel(fixture('models/glove10k-100d.bin'));
const model = KeyedVectors.fromArrays(glove.words.slice(0, 3000), glove.vectors.subarray(0, 3000 * glove.dim), glove.dim);

/** A tree by the TypeScript splitter; `big`: the nodes over it are cut by sweeps (default: none in these models). */
function tree(m: KeyedVectors, leafSize: number, seed: number, big?: number) {
  const n = m.size;
  const perm = new Int32Array(n), starts = new Int32Array(n + 1), dots = new Float32Array(n);
  const splitter = jsSplitter(m, { normals: new Float32Array(sweepNodes(n, m.dim, big) * m.dim) });
  const leaves = buildTree(m, leafSize, new Random(seed), perm, starts, dots, splitter, big);
  return { perm, starts: starts.slice(0, leaves + 1), leaves };
}

/** `splitter` with its dots() and sweep() counted: the rows dotted in passes over nodes (not samples), by either. */
function counted(splitter: PlaneSplitter, count: { rows: number; sweeps: number }): PlaneSplitter {
  return {
    ...splitter,
    dots(list, start, end, out) {
      if (end - start !== SAMPLE_ROWS) count.rows += end - start;
      splitter.dots(list, start, end, out);
    },
    sweep(out) {
      count.sweeps++;
      for (const node of splitter.nodeOf) if (node >= 0) count.rows++;
      splitter.sweep(out);
    },
  };
}

function checkTree(m: KeyedVectors, t: ReturnType<typeof tree>, leafSize: number): void {
  const n = m.size;
  assert.equal(t.starts[0], 0);
  assert.equal(t.starts[t.leaves], n);
  const leafOf = new Int32Array(n).fill(-1);
  for (let l = 0; l < t.leaves; l++) {
    const size = t.starts[l + 1] - t.starts[l];
    assert.ok(size >= 1 && size <= leafSize, `leaf ${l} has ${size} rows (leafSize ${leafSize})`);
    for (let p = t.starts[l]; p < t.starts[l + 1]; p++) {
      const r = t.perm[p];
      assert.ok(r >= 0 && r < n, `row ${r}`);
      assert.equal(leafOf[r], -1, `row ${r} in two leaves`);
      if (p > t.starts[l]) assert.ok(r > t.perm[p - 1], `leaf ${l}: its rows in increasing order (the partition is stable)`);
      leafOf[r] = l;
    }
  }
  assert.ok(leafOf.every((l) => l >= 0), 'every row in a leaf');
}

test('every row in exactly one leaf, in increasing order, leaves of at most leafSize rows', () => {
  for (const big of [undefined, 100, 400]) {
    for (const [leafSize, seed] of [[24, 1], [10, 2], [60, 3], [2, 4]]) {
      const t = tree(model, leafSize, seed, big);
      checkTree(model, t, leafSize);
      // the splits are hyperplanes, not cuts in the middle: leaf sizes vary, and not many leaves are tiny
      assert.ok(t.leaves < (4 * model.size) / Math.max(1, leafSize / 2), `${t.leaves} leaves`);
    }
  }
});

test('sweeps cut the big nodes level by level: a few sweeps, each row dotted about once a level', () => {
  const count = { rows: 0, sweeps: 0 }, n = model.size;
  const splitter = counted(jsSplitter(model, { normals: new Float32Array(sweepNodes(n, model.dim, 100) * model.dim) }), count);
  const leaves = buildTree(model, 24, new Random(3), new Int32Array(n), new Int32Array(n + 1), new Float32Array(n), splitter, 100);
  assert.ok(leaves > 0);
  // 3000 rows down to nodes of 100: about 5 levels, more with uneven cuts and hyperplanes drawn again
  assert.ok(count.sweeps >= 5 && count.sweeps <= 5 * SPLIT_TRIES * 2, `${count.sweeps} sweeps`);
});

test('a leaf groups similar rows: the rows of a leaf are far closer than random pairs', () => {
  for (const big of [undefined, 100]) leafCloseness(tree(model, 24, 5, big));
});

function leafCloseness(t: ReturnType<typeof tree>): void {
  const cos = (i: number, j: number): number => {
    let s = 0;
    for (let d = 0; d < model.dim; d++) s += model.vectors[i * model.dim + d] * model.vectors[j * model.dim + d];
    return s / (model.norms[i] * model.norms[j]);
  };
  let inLeaf = 0, pairs = 0, random = 0;
  for (let l = 0; l < t.leaves; l++) {
    for (let p = t.starts[l]; p + 1 < t.starts[l + 1]; p++) {
      inLeaf += cos(t.perm[p], t.perm[p + 1]);
      random += cos(t.perm[p], (t.perm[p] * 7919 + 13) % model.size);
      pairs++;
    }
  }
  assert.ok(inLeaf / pairs > random / pairs + 0.1, `mean cosine in a leaf ${inLeaf / pairs}, random ${random / pairs}`);
}

test('the same seed gives the same tree, another seed another', () => {
  for (const big of [undefined, 100]) {
    const a = tree(model, 24, 11, big), b = tree(model, 24, 11, big), c = tree(model, 24, 12, big);
    assert.deepEqual(a.perm, b.perm);
    assert.deepEqual(a.starts, b.starts);
    assert.notDeepEqual(a.perm, c.perm);
  }
});

test('duplicates and zero vectors: nothing separates them, yet the leaves reach leafSize', () => {
  const n = 500, dim = 4, v = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) continue; // a zero vector
    v.set(i % 3 === 1 ? [1, 2, 3, 4] : [-1, 0.5, 0, 2], i * dim); // two repeated vectors
  }
  const m = KeyedVectors.fromArrays(Array.from({ length: n }, (_, i) => `w${i}`), v, dim);
  for (const big of [undefined, 50]) for (const leafSize of [2, 7, 40]) checkTree(m, tree(m, leafSize, 9, big), leafSize);
});

test('tiny models: no rows, one row, fewer rows than leafSize', () => {
  const empty = KeyedVectors.fromArrays([], [], 3);
  assert.equal(tree(empty, 10, 1).leaves, 0);
  const one = KeyedVectors.fromArrays(['a'], [1, 2, 3], 3);
  checkTree(one, tree(one, 10, 1), 10);
  const few = KeyedVectors.fromArrays(['a', 'b', 'c'], [1, 2, 3, 4, 5, 6, 7, 8, 9], 3);
  const t = tree(few, 10, 1);
  assert.equal(t.leaves, 1);
  checkTree(few, t, 10);
});

test('the default number of trees: 4 + n^¼ / 4, rounded, at most 32', () => {
  assert.equal(defaultTrees(3000), 6);
  assert.equal(defaultTrees(341_479), 10);
  assert.equal(defaultTrees(10 ** 6), 12);
  assert.equal(defaultTrees(3 * 10 ** 6), 14);
  assert.equal(defaultTrees(10 ** 12), 32);
});

/** The kernel splitter's arrays (and a tree's) in a region of m's memory, for sweeps of nodes over `big` rows. */
function kernelArrays(m: KeyedVectors, big: number) {
  const n = m.size, dim = m.dim, nodes = sweepNodes(n, dim, big);
  const sizes = [4 * n, 4 * (n + 1), 4 * n, 4 * dim, 4 * n, 4 * nodes * dim].map((b) => Math.ceil(b / 16) * 16);
  const region = m.memory.reserve(sizes.reduce((a, b) => a + b, 0), 'test forest');
  const buf = m.memory.buffer;
  const at = sizes.map((_, i) => region.offset + sizes.slice(0, i).reduce((a, b) => a + b, 0));
  return {
    region,
    perm: new Int32Array(buf, at[0], n), starts: new Int32Array(buf, at[1], n + 1), dots: new Float32Array(buf, at[2], n),
    arrays: { normal: new Float32Array(buf, at[3], dim), nodeOf: new Int32Array(buf, at[4], n), normals: new Float32Array(buf, at[5], nodes * dim) },
  };
}

test('the kernel splitter gives the same trees as the TypeScript one (the same float32 dots, in the same order), with and without sweeps', () => {
  for (const big of [100, 5000]) {
    const k = kernelArrays(model, big);
    try {
      for (const seed of [1, 2]) {
        const leaves = buildTree(model, 24, new Random(seed), k.perm, k.starts, k.dots, wasmSplitter(sharedOf(model.memory), k.arrays), big);
        const js = tree(model, 24, seed, big);
        assert.equal(leaves, js.leaves);
        assert.deepEqual(k.perm, js.perm);
        assert.deepEqual(k.starts.slice(0, leaves + 1), js.starts);
      }
    } finally {
      k.region.release();
    }
  }
});

test('the kernel\'s dots and sweeps equal planeDot bit for bit, for any count of rows and a dim with a tail', () => {
  const dim = 7, n = 23, random = new Random(5);
  const vectors = Float32Array.from({ length: n * dim }, () => random.nextU32() / 2 ** 31 - 1);
  const m = KeyedVectors.fromArrays(Array.from({ length: n }, (_, i) => `w${i}`), vectors, dim);
  const k = kernelArrays(m, 2);
  try {
    const splitter = wasmSplitter(sharedOf(m.memory), k.arrays);
    splitter.normal.set(Float32Array.from({ length: dim }, () => random.nextU32() / 2 ** 31 - 1));
    const list = k.perm; // the lists, like the outputs, are views of the model's memory
    for (let i = 0; i < n; i++) list[i] = (i * 7) % n;
    for (let count = 1; count <= 9; count++) {
      k.dots.fill(NaN);
      splitter.dots(list, 2, 2 + count, k.dots);
      for (let r = 2; r < 2 + count; r++) assert.equal(k.dots[list[r]], planeDot(m.vectors, list[r] * dim, splitter.normal, dim), `dots: row ${list[r]} of ${count}`);
    }
    // rows in three nodes and none; 19, 18, 17 and 16 rows in nodes: 3, 2, 1 and 0 left after the groups of four
    for (const last of [n - 1, n - 2, n - 3, n - 4]) {
      splitter.normals.set(Float32Array.from({ length: 3 * dim }, () => random.nextU32() / 2 ** 31 - 1));
      for (let r = 0; r < n; r++) splitter.nodeOf[r] = r > last || r % 5 === 4 ? -1 : r % 3;
      k.dots.fill(NaN);
      splitter.sweep(k.dots);
      for (let r = 0; r < n; r++) {
        const node = splitter.nodeOf[r];
        if (node < 0) assert.ok(Number.isNaN(k.dots[r]), `sweep: row ${r} is in no node`);
        else assert.equal(k.dots[r], planeDot(m.vectors, r * dim, splitter.normals, dim, node * dim), `sweep: row ${r}`);
      }
    }
  } finally {
    k.region.release();
  }
});

test('a splitter without room for the sweep\'s nodes is refused', () => {
  const n = model.size;
  const splitter = jsSplitter(model, { normals: new Float32Array(model.dim) });
  assert.throws(() => buildTree(model, 24, new Random(1), new Int32Array(n), new Int32Array(n + 1), new Float32Array(n), splitter, 100), /normals hold 1 nodes, a sweep of nodes over 100 rows of 3000 needs 30/);
});

/** A splitter whose every dot is +1 for the rows that `left` picks, −1 for the others. */
function fixedSides(m: KeyedVectors, left: (row: number) => boolean, big?: number): PlaneSplitter {
  const nodeOf = new Int32Array(m.size);
  return {
    normal: new Float32Array(m.dim), nodeOf, normals: new Float32Array(sweepNodes(m.size, m.dim, big) * m.dim),
    dots(list, start, end, out) {
      for (let r = start; r < end; r++) out[list[r]] = left(list[r]) ? 1 : -1;
    },
    sweep(out) {
      for (let r = 0; r < m.size; r++) if (nodeOf[r] >= 0) out[r] = left(r) ? 1 : -1;
    },
  };
}

test('hyperplanes that peel a few rows off are dropped on a sample, then replaced by a cut at the median: one pass per level', () => {
  const n = model.size, leafSize = 24;
  let full = 0, sampled = 0;
  // a splitter whose every hyperplane puts one row in a thousand on one side, the rest on the other (what a two-means
  // stuck on an outlier does)
  const real = fixedSides(model, (r) => r % 1000 === 0);
  const peeling = { ...real, dots: (list: Int32Array, start: number, end: number, out: Float32Array) => {
    if (end - start === SAMPLE_ROWS) sampled++;
    else if (end - start >= 4 * SAMPLE_ROWS) full += end - start; // the nodes that are sampled first
    real.dots(list, start, end, out);
  } };
  const t = { perm: new Int32Array(n), starts: new Int32Array(n + 1), dots: new Float32Array(n) };
  const leaves = buildTree(model, leafSize, new Random(4), t.perm, t.starts, t.dots, peeling);
  checkTree(model, { perm: t.perm, starts: t.starts, leaves }, leafSize);
  const levels = Math.ceil(Math.log2(n / (4 * SAMPLE_ROWS))) + 1;
  // every level: the median's pass, and now and then a hyperplane whose sample caught one of the rare rows (without
  // the sample: SPLIT_TRIES + 1 passes)
  assert.ok(full <= 1.5 * levels * n, `${(full / n).toFixed(1)} passes per row over nodes of ${4 * SAMPLE_ROWS} rows or more, ${levels} such levels`);
  assert.ok(sampled > 0);
  assert.ok(leaves >= n / leafSize && leaves <= (4 * n) / leafSize, `${leaves} leaves`);
});

test('a hyperplane that passes its sample but leaves under 5% of the node on a side is tried again, at most SPLIT_TRIES times', () => {
  const n = model.size, leafSize = 24;
  for (const big of [undefined, 100]) {
    const count = { rows: 0, sweeps: 0 };
    // rows 0 mod 40 on the left (2.5%): most samples of 64 see both sides, and the node's pass refuses the hyperplane
    const splitter = counted(fixedSides(model, (r) => r % 40 === 0, big), count);
    const t = { perm: new Int32Array(n), starts: new Int32Array(n + 1), dots: new Float32Array(n) };
    const leaves = buildTree(model, leafSize, new Random(4), t.perm, t.starts, t.dots, splitter, big);
    checkTree(model, { perm: t.perm, starts: t.starts, leaves }, leafSize);
    // the root: tries whose sample holds a row 0 mod 40 (most of them) pass over all n rows, are refused, and after
    // SPLIT_TRIES the median cuts it
    assert.ok(count.rows >= 2 * n, `${count.rows / n} passes over the root's rows at least`);
    const levels = Math.ceil(Math.log2(n / leafSize)) + 1;
    assert.ok(count.rows <= (SPLIT_TRIES + 1) * levels * n, `${(count.rows / n).toFixed(1)} passes per row`);
  }
});

test('the kernel\'s dots and sweep equal planeDot, for odd counts of rows and a dim that is not a multiple of 4', () => {
  const dim = 7, n = 5;
  const m = KeyedVectors.fromArrays(Array.from({ length: n }, (_, i) => `w${i}`), Float32Array.from({ length: n * dim }, (_, i) => Math.sin(i) * 3), dim);
  const k = kernelArrays(m, 1);
  try {
    const list = k.perm, dots = k.dots, normal = k.arrays.normal;
    for (let d = 0; d < dim; d++) normal[d] = Math.cos(d) / 3;
    list.set([4, 0, 3, 1, 2]);
    const splitter = wasmSplitter(sharedOf(m.memory), k.arrays);
    for (const [start, end] of [[0, 5], [1, 4], [2, 3]]) {
      dots.fill(NaN);
      splitter.dots(list, start, end, dots);
      for (let r = 0; r < n; r++) {
        const p = list.indexOf(r);
        const want = p >= start && p < end ? planeDot(m.vectors, r * dim, normal, dim) : NaN;
        assert.ok(Object.is(dots[r], want), `row ${r} (at ${p} of [${start}, ${end})): ${dots[r]}, planeDot ${want}`);
      }
    }
    // the sweep: each row against its node's normal, rows of node −1 untouched
    const { nodeOf, normals } = k.arrays;
    for (let i = 0; i < normals.length; i++) normals[i] = Math.sin(3 * i) / 2;
    nodeOf.set([1, -1, 0, 2, 1]);
    dots.fill(NaN);
    splitter.sweep(dots);
    for (let r = 0; r < n; r++) {
      const want = nodeOf[r] < 0 ? NaN : planeDot(m.vectors, r * dim, normals, dim, nodeOf[r] * dim);
      assert.ok(Object.is(dots[r], want), `row ${r} of node ${nodeOf[r]}: ${dots[r]}, planeDot ${want}`);
    }
  } finally {
    k.region.release();
  }
});

test('planeDot: float32, 4 lanes then the tail, as the kernel sums it', () => {
  const v = Float32Array.from({ length: 7 }, (_, i) => 0.1 * (i + 1)), normal = Float32Array.from({ length: 7 }, (_, i) => 1 / (i + 3));
  const f = Math.fround, t = (p: number) => f(v[p] * normal[p]);
  const lanes = f(f(t(0) + t(1)) + f(t(2) + t(3))); // one step of 4 lanes: lane l holds term l
  const want = f(f(f(lanes + t(4)) + t(5)) + t(6));
  assert.ok(Object.is(planeDot(v, 0, normal, 7), want));
});
