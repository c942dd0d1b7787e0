/**
 * A 2-D map of a few vectors: their first two principal components (PCA), for drawing a word's neighbourhood.
 *
 * With n points of d dimensions and n ≪ d (a word and its neighbours), the principal coordinates come from the n × n
 * Gram matrix of the centred points, G = X·Xᵀ: if G·u = λ·u (‖u‖ = 1), the points' coordinates on that component are
 * √λ·u, and λ is n times the variance it explains. The two largest eigenpairs are found by power iteration with
 * deflation, in float64, from a fixed start: the same input always gives the same map. Each axis's sign is fixed so
 * that its largest coordinate (in absolute value, first on ties) is positive.
 */
export interface Projection2D {
  /** Coordinates of point i: (x[i], y[i]). */
  x: Float64Array;
  y: Float64Array;
  /** The fraction of the points' total variance along each axis. */
  explained: [number, number];
}

/** Power iteration stops when no coordinate of the unit vector moves more than TOLERANCE (or after ITERATIONS). */
const ITERATIONS = 1000;
const TOLERANCE = 1e-14;

/** Projects `count` points (count × dim values, row-major) onto their first two principal axes. */
export function project2d(points: ArrayLike<number>, count: number, dim: number): Projection2D {
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(dim) || dim < 1 || points.length !== count * dim) {
    throw new RangeError(`${count} points of ${dim} dimensions need ${count * dim} values, got ${points.length}`);
  }
  const gram = centredGram(points, count, dim);
  let total = 0;
  for (let i = 0; i < count; i++) total += gram[i * count + i];
  const first = topEigenpair(gram, count);
  deflate(gram, count, first);
  const second = topEigenpair(gram, count);
  const axis = (e: Eigenpair): Float64Array => orient(e.vector.map((u) => Math.sqrt(Math.max(e.value, 0)) * u));
  return {
    x: axis(first),
    y: axis(second),
    explained: [total > 0 ? first.value / total : 0, total > 0 ? Math.max(second.value, 0) / total : 0],
  };
}

interface Eigenpair {
  value: number;
  vector: Float64Array;
}

/** G = X·Xᵀ of the points minus their mean, in float64. */
function centredGram(points: ArrayLike<number>, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) mean[p] += points[i * d + p] / n;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) x[i * d + p] = points[i * d + p] - mean[p];
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let p = 0; p < d; p++) s += x[i * d + p] * x[j * d + p];
      gram[i * n + j] = gram[j * n + i] = s;
    }
  }
  return gram;
}

/** The largest eigenvalue of a symmetric positive semi-definite matrix and its unit eigenvector. */
function topEigenpair(m: Float64Array, n: number): Eigenpair {
  let v: Float64Array = new Float64Array(n).map((_, i) => 1 + i / n); // fixed, not orthogonal to any likely eigenvector
  normalize(v);
  let value = 0;
  for (let it = 0; it < ITERATIONS; it++) {
    const w = multiply(m, n, v);
    const next = Math.hypot(...w);
    if (next === 0) return { value: 0, vector: new Float64Array(n) };
    let change = 0;
    w.forEach((_, i) => {
      w[i] /= next;
      change = Math.max(change, Math.abs(w[i] - v[i]));
    });
    v = w;
    value = next;
    if (change <= TOLERANCE) break;
  }
  return { value, vector: v };
}

function deflate(m: Float64Array, n: number, e: Eigenpair): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] -= e.value * e.vector[i] * e.vector[j];
}

function multiply(m: Float64Array, n: number, v: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += m[i * n + j] * v[j];
    out[i] = s;
  }
  return out;
}

function normalize(v: Float64Array): void {
  const length = Math.hypot(...v);
  if (length > 0) v.forEach((_, i) => (v[i] /= length));
}

/** Flips the axis so that its largest coordinate in absolute value is positive. */
function orient(axis: Float64Array): Float64Array {
  let at = 0;
  for (let i = 1; i < axis.length; i++) if (Math.abs(axis[i]) > Math.abs(axis[at]) + 1e-12) at = i;
  return axis[at] < 0 ? axis.map((c) => -c) : axis;
}
