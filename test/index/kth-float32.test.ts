// kthFloat32 against the truth it replaces: Float32Array.prototype.sort, position k.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kthFloat32 } from '../../src/index/kth-float32.js';
import { rng } from '../helpers/random.js';

test('the value at position k of the sorted values, as Float32Array sort gives it (−0 before +0, NaNs last)', () => {
  const random = rng(3);
  const specials = [0, -0, NaN, -NaN, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38];
  for (let trial = 0; trial < 300; trial++) {
    const m = 1 + Math.floor(random() * (trial < 200 ? 40 : 3000));
    const values = new Float32Array(m);
    const few = random() < 0.3; // many ties
    for (let i = 0; i < m; i++) {
      const u = random();
      values[i] = u < 0.1 ? specials[Math.floor(random() * specials.length)] : few ? Math.floor(random() * 4) - 2 : (random() - 0.5) * 10;
    }
    const copy = values.slice();
    const sorted = values.slice().sort();
    for (const k of [0, m >> 1, m - 1, Math.floor(random() * m)]) {
      assert.ok(Object.is(kthFloat32(values, k), sorted[k]), `m ${m}, k ${k}: ${kthFloat32(values, k)} vs ${sorted[k]}`);
    }
    assert.deepEqual(values, copy); // left as it was
  }
  // the check itself fails on a wrong answer: the neighbour position is another value here
  const v = new Float32Array([3, 1, 2]);
  assert.notEqual(kthFloat32(v, 1), v.slice().sort()[2]);
  assert.throws(() => kthFloat32(v, 3), RangeError);
});
