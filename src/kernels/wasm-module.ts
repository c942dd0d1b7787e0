/**
 * The compiled kernel module: decoded from the base64 that scripts/build-wasm.mjs embeds in ./cosine.wasm.ts,
 * compiled once (synchronously: it is ~1.5 KB), and instantiated once per WebAssembly memory.
 */
import { embeddedModule } from './embedded-module.js';
import { COSINE_WASM_BASE64 } from './cosine.wasm.js';

/**
 * The module's exports. Pointers are byte offsets into the imported memory (u32; JS numbers ≥ 2^31 wrap to negative
 * i32 on the way in and are read back unsigned). See ./assembly/cosine.ts for the layouts.
 */
export interface KernelExports {
  /** out (float32 × (end - start)) = dot(row i, query) / norms[i] for i in [start, end). */
  cosineScores(vectors: number, norms: number, dim: number, start: number, end: number, query: number, out: number): void;
  /** The min(k, n) best of scores[0..n) into outIdx (int32, 0-based) / outScores (float32), rank order; returns the count. */
  topK(scores: number, n: number, k: number, outIdx: number, outScores: number): number;
  /**
   * Fused cosineScores + topK over rows [start, end), scoring blockRows rows at a time into `block`
   * (float32 × blockRows); outIdx gets absolute row numbers. Returns min(k, end - start).
   */
  mostSimilar(vectors: number, norms: number, dim: number, start: number, end: number, query: number, k: number,
    block: number, blockRows: number, outIdx: number, outScores: number): number;
}

const embedded = embeddedModule<KernelExports>(COSINE_WASM_BASE64);

/** The compiled module, or null where this runtime cannot run it (no WebAssembly, SIMD128 or shared memory). */
export const kernelModule = embedded.module;

/** The module instantiated over `memory` (one instance per memory in this thread). */
export const kernelExports = embedded.exportsFor;
