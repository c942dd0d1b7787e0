/** NN-descent's cut of a row's candidates: keepSmallest against a full sort of the same entries. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keepSmallest } from '../../src/graph/keep-smallest.js';
import { Random } from '../../src/random.js';

/** The indices of the c smallest entries by (priority, index), by sorting them all: the truth. */
function smallestBySort(pri: Uint32Array, idx: Int32Array, m: number, c: number): number[] {
  const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => pri[x] - pri[y] || idx[x] - idx[y]);
  return order.slice(0, c).map((i) => idx[i]).sort((a, b) => a - b);
}

/** Whether `kept` (the first c indices, any order) is the truth's set: named, so that a wrong set can be fed to it. */
function sameSet(kept: ArrayLike<number>, truth: number[]): boolean {
  const k = Array.from(kept).sort((a, b) => a - b);
  return k.length === truth.length && k.every((v, i) => v === truth[i]);
}

/** m entries with distinct indices (shuffled) and priorities below `range` (a small range: many equal priorities). */
function entries(random: Random, m: number, range: number): { pri: Uint32Array; idx: Int32Array } {
  const idx = Int32Array.from({ length: m }, (_, i) => 3 * i + 1);
  for (let i = m - 1; i > 0; i--) {
    const j = random.below(i + 1);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  const pri = Uint32Array.from({ length: m }, () => (range >= 2 ** 32 ? random.nextU32() : random.below(range)));
  return { pri, idx };
}

test('the first c entries are the c smallest by (priority, index), for every c, with and without equal priorities', () => {
  const random = new Random(7);
  for (const m of [1, 2, 3, 5, 17, 90, 400]) {
    for (const range of [1, 3, m, 2 ** 32]) {
      for (const c of new Set([0, 1, 2, m >> 1, m - 1, m].filter((x) => x >= 0 && x <= m))) {
        const { pri, idx } = entries(random, m, range);
        const truth = smallestBySort(pri, idx, m, c);
        const priorityOf = new Map(Array.from(idx, (j, i) => [j, pri[i]]));
        keepSmallest(pri, idx, m, c);
        assert.ok(sameSet(idx.subarray(0, c), truth), `m ${m}, range ${range}, c ${c}`);
        // a permutation of the entries, each index moved with its priority: nothing lost, doubled or mixed up
        assert.deepEqual(new Map(Array.from(idx, (j, i) => [j, pri[i]])), priorityOf);
        assert.equal(new Set(idx).size, m);
      }
    }
  }
});

test('the set kept does not depend on the order of the entries', () => {
  const random = new Random(11);
  const { pri, idx } = entries(random, 200, 50);
  const keptAfter = (p: Uint32Array, x: Int32Array): number[] => {
    const p2 = p.slice(), x2 = x.slice();
    keepSmallest(p2, x2, 200, 45);
    return Array.from(x2.subarray(0, 45)).sort((a, b) => a - b);
  };
  const first = keptAfter(pri, idx);
  const reversedPri = pri.slice().reverse(), reversedIdx = idx.slice().reverse();
  assert.deepEqual(keptAfter(reversedPri, reversedIdx), first);
});

test('the truth helper rejects a wrong set: one kept entry swapped for one dropped', () => {
  const random = new Random(3);
  const { pri, idx } = entries(random, 60, 2 ** 32);
  const truth = smallestBySort(pri, idx, 60, 20);
  keepSmallest(pri, idx, 60, 20);
  assert.ok(sameSet(idx.subarray(0, 20), truth));
  const wrong = Array.from(idx.subarray(0, 20));
  wrong[0] = idx[20];
  assert.equal(sameSet(wrong, truth), false);
});
