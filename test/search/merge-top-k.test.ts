/** mergeTopK against sorting the union of the parts' entries. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { before } from '../../src/kernels/heap.js';
import { mergeTopK } from '../../src/search/merge-top-k.js';
import { rng } from '../helpers/random.js';

/** A rank-ordered list of k entries from `entries` (padded with −1 / NaN). */
function topList(entries: [number, number][], k: number): [Int32Array, Float32Array] {
  const sorted = [...entries].sort((a, b) => (before(a[0], a[1], b[0], b[1]) ? -1 : 1)).slice(0, k);
  const indices = new Int32Array(k).fill(-1), scores = new Float32Array(k).fill(NaN);
  sorted.forEach(([s, i], e) => { indices[e] = i; scores[e] = s; });
  return [indices, scores];
}

test('merging the top-k of disjoint slices gives the top-k of their union, ties by index, NaN last, padding kept', () => {
  const random = rng(3);
  for (const [parts, k, perPart] of [[2, 5, 40], [3, 10, 4], [4, 7, 0], [1, 3, 10], [3, 20, 6]] as const) {
    const count = 4;
    const all: [number, number][][] = Array.from({ length: count }, () => []);
    const built = Array.from({ length: parts }, (_, p) => {
      const indices = new Int32Array(count * k), scores = new Float32Array(count * k);
      for (let q = 0; q < count; q++) {
        const entries: [number, number][] = Array.from({ length: perPart }, (_, e) => {
          const r = random();
          const score = r < 0.1 ? NaN : Math.fround(Math.round(r * 8) / 8); // coarse scores: many ties
          return [score, p * 1000 + e];
        });
        all[q].push(...entries);
        const [ix, sc] = topList(entries, k);
        indices.set(ix, q * k);
        scores.set(sc, q * k);
      }
      return { indices, scores };
    });
    const merged = mergeTopK(built, count, k);
    for (let q = 0; q < count; q++) {
      const [ix, sc] = topList(all[q], k);
      assert.deepEqual(merged.indices.subarray(q * k, (q + 1) * k), ix, `parts ${parts} k ${k} query ${q}`);
      assert.deepEqual(merged.scores.subarray(q * k, (q + 1) * k), sc);
    }
  }
});

test('overlapping slices (a dictionary shard\'s rows): an entry in several parts is taken once', () => {
  const random = rng(5);
  for (const [parts, k, perPart, pool] of [[2, 5, 30, 40], [4, 10, 8, 12], [3, 6, 20, 20], [5, 3, 2, 6]] as const) {
    const count = 3;
    // a score per candidate index (coarse: ties; some NaN), the same in every part that has the candidate
    const scoreOf = Array.from({ length: pool }, () => { const r = random(); return r < 0.1 ? NaN : Math.fround(Math.round(r * 6) / 6); });
    const union: Set<number>[] = Array.from({ length: count }, () => new Set());
    const built = Array.from({ length: parts }, () => {
      const indices = new Int32Array(count * k), scores = new Float32Array(count * k);
      for (let q = 0; q < count; q++) {
        const chosen = new Set(Array.from({ length: perPart }, () => Math.floor(random() * pool)));
        for (const i of chosen) union[q].add(i);
        const [ix, sc] = topList([...chosen].map((i) => [scoreOf[i], i]), k);
        indices.set(ix, q * k);
        scores.set(sc, q * k);
      }
      return { indices, scores };
    });
    const merged = mergeTopK(built, count, k);
    for (let q = 0; q < count; q++) {
      const [ix, sc] = topList([...union[q]].map((i) => [scoreOf[i], i]), k);
      assert.deepEqual(merged.indices.subarray(q * k, (q + 1) * k), ix, `parts ${parts} k ${k} row ${q}`);
      assert.deepEqual(merged.scores.subarray(q * k, (q + 1) * k), sc);
    }
  }
});
