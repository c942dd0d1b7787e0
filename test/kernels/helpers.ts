/** Shared fixtures for the kernel tests: seeded random models and a float64 brute-force reference. */
import { ModelMemory } from '../../src/vectors/model-memory.js';
import { rng } from '../helpers/random.js';

export { rng };

export interface ModelSpec {
  rows: number;
  dim: number;
  seed?: number;
  wasm?: boolean;
  /** rows set to all zeros (norm 0, so their scores are NaN) */
  zeroRows?: number[];
  /** [copy, original]: row `copy` gets the same vector as row `original` */
  duplicates?: [number, number][];
}

/** A model with random vectors in [-1, 1) and float32 norms (as gensim's fill_norms). */
export function makeModel(spec: ModelSpec): ModelMemory {
  const { rows, dim } = spec;
  const memory = new ModelMemory(rows, dim, { wasm: spec.wasm ?? true });
  const V = memory.vectors();
  const next = rng(spec.seed ?? rows * 7919 + dim);
  for (let i = 0; i < V.length; i++) V[i] = 2 * next() - 1;
  for (const r of spec.zeroRows ?? []) V.fill(0, r * dim, (r + 1) * dim);
  for (const [copy, original] of spec.duplicates ?? []) V.copyWithin(copy * dim, original * dim, (original + 1) * dim);
  fillNorms(memory);
  return memory;
}

/** Copies a model into a memory of the other kind (same bytes). */
export function copyModel(from: ModelMemory, options: { wasm: boolean }): ModelMemory {
  const to = new ModelMemory(from.rows, from.dim, options);
  to.vectors().set(from.vectors());
  to.norms().set(from.norms());
  return to;
}

export function fillNorms(memory: ModelMemory): void {
  const V = memory.vectors(), norms = memory.norms(), dim = memory.dim;
  for (let r = 0; r < memory.rows; r++) {
    let s = 0;
    for (let i = 0; i < dim; i++) s += V[r * dim + i] ** 2;
    norms[r] = Math.sqrt(s);
  }
}

/** A random float32 query of unit length. */
export function randomQuery(dim: number, seed: number): Float32Array {
  const next = rng(seed);
  const q = new Float32Array(dim);
  for (let i = 0; i < dim; i++) q[i] = 2 * next() - 1;
  const n = Math.hypot(...q) || 1;
  for (let i = 0; i < dim; i++) q[i] /= n;
  return q;
}

/**
 * Float64 reference scores of rows [start, end), each with a rigorous bound on a float32 kernel's error: a
 * float32 dot product of length n, summed in any order, is off by at most γ(n+1)·Σ|v·q| (γ(m) = m·u/(1 - m·u),
 * u = 2^-24), and the final float32 division adds u·|score|.
 */
export function reference(memory: ModelMemory, q: Float32Array, start: number, end: number): { scores: Float64Array; tolerance: Float64Array } {
  const V = memory.vectors(), norms = memory.norms(), dim = memory.dim;
  const u = 2 ** -24, m = dim + 1, gamma = (m * u) / (1 - m * u);
  const scores = new Float64Array(end - start), tolerance = new Float64Array(end - start);
  for (let r = start; r < end; r++) {
    let dot = 0, abs = 0;
    for (let i = 0; i < dim; i++) {
      const p = V[r * dim + i] * q[i];
      dot += p;
      abs += Math.abs(p);
    }
    scores[r - start] = dot / norms[r];
    tolerance[r - start] = (gamma * abs) / norms[r] + u * Math.abs(dot / norms[r]) + 1e-30;
  }
  return { scores, tolerance };
}

/** Rank order: higher first, ties by lower index, NaN last. Negative when (sa, ia) ranks first. */
export function rankCompare(sa: number, ia: number, sb: number, ib: number): number {
  const na = Number.isNaN(sa), nb = Number.isNaN(sb);
  if (na !== nb) return na ? 1 : -1;
  if (!na && sa !== sb) return sb - sa;
  return ia - ib;
}

/** The positions 0..n-1 of `scores` sorted in rank order. */
export function rankOrder(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => rankCompare(scores[a], a, scores[b], b));
}

/** Whether two float32 arrays hold the same values bit for bit (any NaN equals any NaN). */
export function sameFloats(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
}
