/**
 * The plain TypeScript kernel, for models outside a WebAssembly memory (over 4 GiB, or `{ wasm: false }`) and
 * runtimes without WebAssembly SIMD. It repeats the WebAssembly kernel's float32 operations in the same order
 * (see the summation order documented in ./assembly/cosine.ts), so its scores are bit-identical.
 */
import type { ModelMemory } from '../vectors/model-memory.js';
import { checkK, checkQuery } from './args.js';
import { TopK } from './top-k.js';
import type { CosineKernel, TopKResult } from './types.js';

const f = Math.fround;
/** Rows scored per block by topK (the scores of one block stay in cache while they are offered to the heap). */
const BLOCK_ROWS = 4096;

/**
 * dot(V[at .. at + dim), q) in float32: 16 running sums s0..s15 play the four 4-lane SIMD accumulators
 * (s[4a + j] is lane j of accumulator a). A product of two float32 is exact in float64, so f(x * y) and f(s + p)
 * are exactly float32 multiply and add.
 */
function dot(V: Float32Array, at: number, q: Float32Array, dim: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  let s8 = 0, s9 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0, s14 = 0, s15 = 0;
  const end16 = dim & ~15, end4 = dim & ~3;
  let i = 0;
  for (; i < end16; i += 16) {
    const o = at + i;
    s0 = f(s0 + f(V[o] * q[i])); s1 = f(s1 + f(V[o + 1] * q[i + 1])); s2 = f(s2 + f(V[o + 2] * q[i + 2])); s3 = f(s3 + f(V[o + 3] * q[i + 3]));
    s4 = f(s4 + f(V[o + 4] * q[i + 4])); s5 = f(s5 + f(V[o + 5] * q[i + 5])); s6 = f(s6 + f(V[o + 6] * q[i + 6])); s7 = f(s7 + f(V[o + 7] * q[i + 7]));
    s8 = f(s8 + f(V[o + 8] * q[i + 8])); s9 = f(s9 + f(V[o + 9] * q[i + 9])); s10 = f(s10 + f(V[o + 10] * q[i + 10])); s11 = f(s11 + f(V[o + 11] * q[i + 11]));
    s12 = f(s12 + f(V[o + 12] * q[i + 12])); s13 = f(s13 + f(V[o + 13] * q[i + 13])); s14 = f(s14 + f(V[o + 14] * q[i + 14])); s15 = f(s15 + f(V[o + 15] * q[i + 15]));
  }
  for (; i < end4; i += 4) {
    const o = at + i;
    s0 = f(s0 + f(V[o] * q[i])); s1 = f(s1 + f(V[o + 1] * q[i + 1])); s2 = f(s2 + f(V[o + 2] * q[i + 2])); s3 = f(s3 + f(V[o + 3] * q[i + 3]));
  }
  const l0 = f(f(s0 + s4) + f(s8 + s12)), l1 = f(f(s1 + s5) + f(s9 + s13));
  const l2 = f(f(s2 + s6) + f(s10 + s14)), l3 = f(f(s3 + s7) + f(s11 + s15));
  let sum = f(f(l0 + l1) + f(l2 + l3));
  for (; i < dim; i++) sum = f(sum + f(V[at + i] * q[i]));
  return sum;
}

/** out[i - start] = dot(row i, q) / norms[i] for i in [start, end) (the Float32Array store rounds the quotient). */
function cosineScores(V: Float32Array, norms: Float32Array, dim: number, start: number, end: number, q: Float32Array, out: Float32Array): void {
  for (let i = start, at = start * dim; i < end; i++, at += dim) out[i - start] = dot(V, at, q, dim) / norms[i];
}

export const jsKernel: CosineKernel = {
  name: 'js',

  scores(memory: ModelMemory, query: Float32Array, start: number, end: number): Float32Array {
    checkQuery(memory, query, start, end);
    const out = new Float32Array(end - start);
    cosineScores(memory.vectors(), memory.norms(), memory.dim, start, end, query, out);
    return out;
  },

  topK(memory: ModelMemory, query: Float32Array, start: number, end: number, k: number): TopKResult {
    checkQuery(memory, query, start, end);
    checkK(k);
    const top = new TopK(Math.min(k, end - start));
    if (top.capacity === 0) return top.result();
    const V = memory.vectors(), norms = memory.norms(), dim = memory.dim;
    const block = new Float32Array(Math.min(BLOCK_ROWS, end - start));
    for (let b = start; b < end; b += BLOCK_ROWS) {
      const e = Math.min(b + BLOCK_ROWS, end);
      cosineScores(V, norms, dim, b, e, query, block);
      top.offer(block, e - b, b);
    }
    return top.result();
  },
};
