/**
 * The neighbour heap: push keeps the K best distinct candidates in the exact engine's rank order (score, then lower
 * index, NaN last), whatever the order of the offers; a candidate already present is refused; flags travel with
 * their entries; sortedRow reads a row best first, −1/NaN for missing entries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { before, FLAG_NEW, FLAG_OLD, NeighborHeap, SENTINEL_INDEX } from '../../src/graph/neighbor-heap.js';
import { rng } from '../helpers/random.js';

/** The truth: the K best of distinct (score, index) pairs, by a plain sort. */
function best(offers: [number, number][], K: number): [number, number][] {
  const seen = new Map<number, number>();
  for (const [s, j] of offers) if (!seen.has(j)) seen.set(j, s); // the first offer of an index is the one kept
  return [...seen].map(([j, s]): [number, number] => [s, j]).sort((a, b) => (before(a[0], a[1], b[0], b[1]) ? -1 : 1)).slice(0, K);
}

function row(heap: NeighborHeap, i: number, k: number): [number, number][] {
  const ix = new Int32Array(k), sc = new Float32Array(k);
  heap.sortedRow(i, k, ix, sc, 0);
  return Array.from(ix, (j, r): [number, number] => [sc[r], j]);
}

test('rank order: higher score first, ties by lower index, NaN after every number', () => {
  assert.ok(before(0.5, 9, 0.4, 1));
  assert.ok(before(0.5, 1, 0.5, 2) && !before(0.5, 2, 0.5, 1));
  assert.ok(before(-1, 9, NaN, 0) && !before(NaN, 0, -1, 9));
  assert.ok(before(NaN, 3, NaN, 4) && !before(NaN, 4, NaN, 3));
  assert.ok(before(NaN, 3, NaN, SENTINEL_INDEX), 'an empty slot ranks after a NaN entry');
});

test('push keeps the K best distinct candidates, in any offer order, ties and NaN included', () => {
  const random = rng(7);
  for (let trial = 0; trial < 200; trial++) {
    const K = 1 + Math.floor(random() * 8);
    const offers: [number, number][] = [];
    const m = Math.floor(random() * 30);
    for (let t = 0; t < m; t++) {
      const j = Math.floor(random() * 20);
      // scores from a small set (ties), sometimes NaN; a repeated index keeps its score (a pair's score is fixed)
      const s = Math.fround(j % 7 === 3 ? NaN : Math.floor(random() * 5) / 4 - 0.5);
      const earlier = offers.find((o) => o[1] === j);
      offers.push([earlier ? earlier[0] : s, j]);
    }
    const heap = NeighborHeap.plain(1, K);
    for (const [s, j] of offers) heap.push(0, s, j, FLAG_NEW);
    const want = best(offers, K);
    const got = row(heap, 0, K);
    for (let r = 0; r < K; r++) {
      if (r < want.length) {
        assert.equal(got[r][1], want[r][1], `trial ${trial} rank ${r}`);
        assert.ok(Object.is(got[r][0], want[r][0]) || (Number.isNaN(got[r][0]) && Number.isNaN(want[r][0])), `trial ${trial} rank ${r} score`);
      } else {
        assert.equal(got[r][1], -1);
        assert.ok(Number.isNaN(got[r][0]));
      }
    }
    assert.equal(heap.filled(0), want.length);
  }
});

test('push refuses an index already in the row, and reports whether the row changed', () => {
  const heap = NeighborHeap.plain(2, 3);
  assert.equal(heap.push(0, 0.5, 4, FLAG_NEW), true);
  assert.equal(heap.push(0, 0.5, 4, FLAG_NEW), false, 'the same entry twice');
  assert.equal(heap.push(0, 0.9, 4, FLAG_NEW), false, 'present already, even with a better score');
  assert.equal(heap.push(0, 0.1, 5, FLAG_NEW), true);
  assert.equal(heap.push(0, 0.2, 6, FLAG_NEW), true);
  assert.equal(heap.push(0, 0.05, 7, FLAG_NEW), false, 'full, and worse than the last');
  assert.equal(heap.push(0, Math.fround(0.1), 3, FLAG_NEW), true, "ties the last (scores are float32), lower index: it wins");
  assert.deepEqual(row(heap, 0, 3).map((e) => e[1]), [4, 6, 3]);
  assert.deepEqual(row(heap, 1, 3).map((e) => e[1]), [-1, -1, -1], 'rows are independent');
});

test('flags move with their entries through the sifts', () => {
  const heap = NeighborHeap.plain(1, 5);
  const random = rng(3);
  const flagOf = new Map<number, number>();
  for (let t = 0; t < 40; t++) {
    const j = t, flag = random() < 0.5 ? FLAG_NEW : FLAG_OLD;
    flagOf.set(j, flag);
    heap.push(0, Math.fround(random()), j, flag);
  }
  for (let e = 0; e < 5; e++) assert.equal(heap.flags[e], flagOf.get(heap.indices[e]), `slot ${e}`);
});
