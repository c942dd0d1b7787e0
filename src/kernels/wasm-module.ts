/**
 * The compiled kernel module: decoded from the base64 that scripts/build-wasm.mjs embeds in ./cosine.wasm.ts,
 * compiled once (synchronously: it is ~1.5 KB), and instantiated once per WebAssembly memory.
 */
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

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * The compiled module, or null where this runtime cannot run it (no WebAssembly, no SIMD128, or no shared memory /
 * threads): validating the module itself checks every feature it uses.
 */
export function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    compiled = null;
    try {
      const bytes = decodeBase64(COSINE_WASM_BASE64);
      if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const instances = new WeakMap<WebAssembly.Memory, KernelExports>();

/** The kernel module instantiated over `memory` (cached: one instance per memory). */
export function kernelExports(memory: WebAssembly.Memory): KernelExports {
  let exports = instances.get(memory);
  if (!exports) {
    const module = kernelModule();
    if (!module) throw new Error('this runtime cannot run the WebAssembly SIMD kernels');
    const abort = (): never => {
      throw new Error('WebAssembly kernel aborted');
    };
    const instance = new WebAssembly.Instance(module, { env: { memory, abort } });
    exports = instance.exports as unknown as KernelExports;
    instances.set(memory, exports);
  }
  return exports;
}
