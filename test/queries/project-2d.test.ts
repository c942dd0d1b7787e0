/**
 * project2d against points built on known axes: coordinates along two orthogonal directions with known spreads,
 * moved and rotated into 50 dimensions, plus small noise along the other directions. PCA must give back the
 * coordinates (up to the documented sign rule) and the variance fractions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { project2d } from '../../src/queries/project-2d.js';
import { rng } from '../helpers/random.js';

const dim = 50, count = 30;

/** A random orthonormal set of 3 directions in `dim` dimensions (Gram–Schmidt). */
function directions(random: () => number): Float64Array[] {
  const out: Float64Array[] = [];
  while (out.length < 3) {
    const v = Float64Array.from({ length: dim }, () => random() - 0.5);
    for (const u of out) {
      const dot = v.reduce((s, x, p) => s + x * u[p], 0);
      v.forEach((_, p) => (v[p] -= dot * u[p]));
    }
    const length = Math.hypot(...v);
    out.push(v.map((x) => x / length));
  }
  return out;
}

test('recovers the coordinates along the two main axes and the variance they explain', () => {
  const random = rng(11);
  const [e1, e2, e3] = directions(random);
  const centre = Float64Array.from({ length: dim }, () => random() * 10);
  // Centred coordinates with spreads 5, 2 and 0.1.
  const centred = (values: number[]) => { const m = values.reduce((s, v) => s + v, 0) / values.length; return values.map((v) => v - m); };
  const a = centred(Array.from({ length: count }, () => 5 * (random() - 0.5) * 2));
  const b = centred(Array.from({ length: count }, () => 2 * (random() - 0.5) * 2));
  const c = centred(Array.from({ length: count }, () => 0.1 * (random() - 0.5) * 2));
  // Make a and b uncorrelated (so that e1, e2 are exactly the principal axes): remove b's projection on a, and c's on both.
  const dot = (u: number[], v: number[]) => u.reduce((s, x, i) => s + x * v[i], 0);
  const bb = b.map((x, i) => x - (dot(b, a) / dot(a, a)) * a[i]);
  const cc = c.map((x, i) => x - (dot(c, a) / dot(a, a)) * a[i] - (dot(c, bb) / dot(bb, bb)) * bb[i]);
  const points = new Float64Array(count * dim);
  for (let i = 0; i < count; i++) for (let p = 0; p < dim; p++) points[i * dim + p] = centre[p] + a[i] * e1[p] + bb[i] * e2[p] + cc[i] * e3[p];

  const { x, y, explained } = project2d(points, count, dim);
  const signOf = (v: number[]) => { let at = 0; v.forEach((_, i) => { if (Math.abs(v[i]) > Math.abs(v[at])) at = i; }); return Math.sign(v[at]); };
  const wantX = a.map((v) => v * signOf(a)), wantY = bb.map((v) => v * signOf(bb));
  for (let i = 0; i < count; i++) {
    assert.ok(Math.abs(x[i] - wantX[i]) < 1e-9, `x[${i}] ${x[i]} vs ${wantX[i]}`);
    assert.ok(Math.abs(y[i] - wantY[i]) < 1e-9, `y[${i}] ${y[i]} vs ${wantY[i]}`);
  }
  const total = dot(a, a) + dot(bb, bb) + dot(cc, cc);
  assert.ok(Math.abs(explained[0] - dot(a, a) / total) < 1e-12);
  assert.ok(Math.abs(explained[1] - dot(bb, bb) / total) < 1e-12);
});

test('degenerate inputs: one point, identical points, points on a line; wrong sizes are RangeErrors', () => {
  const one = project2d([1, 2, 3], 1, 3);
  assert.deepEqual([...one.x, ...one.y], [0, 0]);
  const same = project2d([1, 2, 1, 2, 1, 2], 3, 2);
  assert.deepEqual([...same.x], [0, 0, 0]);
  assert.deepEqual(same.explained, [0, 0]);
  const line = project2d([0, 0, 1, 1, 2, 2], 3, 2);
  assert.ok(Math.abs(line.x[0] - Math.SQRT2) < 1e-12 && Math.abs(line.x[2] + Math.SQRT2) < 1e-12); // a tie: the first is positive
  assert.ok(line.y.every((v) => Math.abs(v) < 1e-7));
  assert.ok(Math.abs(line.explained[0] - 1) < 1e-12);
  assert.throws(() => project2d([1, 2, 3], 2, 2), /2 points of 2 dimensions need 4 values, got 3/);
});
