/**
 * Compute kernels: cosine scores of a query against a model's rows, and top-k selection.
 *
 * `kernelFor(memory)` picks the WebAssembly SIMD128 kernel when the model lives in a WebAssembly memory and the
 * runtime can run it, else the plain TypeScript kernel. Both give bit-identical results.
 */
import type { ModelMemory } from '../vectors/model-memory.js';
import { jsKernel } from './js-kernel.js';
import { wasmKernel } from './wasm-kernel.js';
import { kernelModule } from './wasm-module.js';
import type { CosineKernel } from './types.js';

export type { CosineKernel, TopKResult } from './types.js';
export { topKOfScores, TopK } from './top-k.js';
export { jsKernel } from './js-kernel.js';
export { wasmKernel } from './wasm-kernel.js';

/** Whether this runtime can run the WebAssembly SIMD128 kernels (SIMD, shared memory). */
export function wasmKernelSupported(): boolean {
  return kernelModule() !== null;
}

/** The kernel for `memory`: WebAssembly when memory.wasm is set, prefer is not 'js' and the runtime supports it. */
export function kernelFor(memory: ModelMemory, prefer: 'wasm' | 'js' = 'wasm'): CosineKernel {
  return prefer === 'wasm' && memory.wasm && wasmKernelSupported() ? wasmKernel : jsKernel;
}
