/** The threads' rows moved after their measured times: equal times keep the bounds, uneven ones move them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { balancedBounds } from '../../src/graph/balanced-bounds.js';

test('equal times keep the bounds; a slower share gives rows to the faster one, in proportion', () => {
  assert.deepEqual(balancedBounds([0, 50, 100], [2, 2]), [0, 50, 100]);
  // share 0 costs 1 per 50 rows, share 1 costs 3: half the total (2) is 50 rows + a third of share 1
  assert.deepEqual(balancedBounds([0, 50, 100], [1, 3]), [0, 67, 100]);
  assert.deepEqual(balancedBounds([0, 50, 100], [3, 1]), [0, 33, 100]);
  // three shares: each new bound falls where its part of the total is reached
  assert.deepEqual(balancedBounds([0, 10, 20, 30], [1, 1, 4]), [0, 20, 25, 30]);
});

test('many shares cut into fewer parts: blocks of rows with their pairs, cut for 2 threads', () => {
  // 4 blocks of 10 rows costing 1, 1, 1, 5: half of 8 is the 3 light blocks and a fifth of the heavy one
  assert.deepEqual(balancedBounds([0, 10, 20, 30, 40], [1, 1, 1, 5], 2), [0, 32, 40]);
  assert.deepEqual(balancedBounds([0, 10, 20, 30, 40], [0, 0, 0, 0], 2), [0, 20, 40]);
});

test('no time measured, or a broken measurement: the bounds stay', () => {
  assert.deepEqual(balancedBounds([0, 5, 9], [0, 0]), [0, 5, 9]);
  assert.deepEqual(balancedBounds([0, 5, 9], [NaN, 1]), [0, 5, 9]);
  assert.deepEqual(balancedBounds([0, 5, 9], [1, Infinity]), [0, 5, 9]);
});

test('bounds stay ordered within [0, n], a share may become empty', () => {
  const b = balancedBounds([0, 1, 2, 100], [5, 5, 0.001]);
  assert.equal(b[0], 0);
  assert.equal(b[3], 100);
  for (let t = 0; t < 3; t++) assert.ok(b[t] <= b[t + 1], JSON.stringify(b));
});
