/**
 * The WebAssembly SIMD128 kernel: runs the module in ./assembly/cosine.ts directly over a ModelMemory's vectors.
 * Each call copies the query into scratch space of that memory, runs, copies the results out into fresh typed
 * arrays, and frees the scratch (ModelMemory.resetScratch frees all of it: kernel calls must not be interleaved
 * with other users of the scratch space).
 */
import type { ModelMemory } from '../vectors/model-memory.js';
import { checkK, checkQuery } from './args.js';
import { kernelExports } from './wasm-module.js';
import type { CosineKernel, TopKResult } from './types.js';

/** Rows scored per block by the fused top-k (16 KiB of scores: stays in L1/L2 while offered to the heap). */
const BLOCK_ROWS = 4096;

function wasmOf(memory: ModelMemory): WebAssembly.Memory {
  if (!memory.wasm) throw new TypeError('the WebAssembly kernel needs a model in a WebAssembly memory; use the js kernel');
  return memory.wasm;
}

/** Copies the query into scratch space; returns its byte offset. */
function putQuery(memory: ModelMemory, query: Float32Array): number {
  const at = memory.allocScratch(4 * query.length);
  new Float32Array(memory.buffer, at, query.length).set(query);
  return at;
}

export const wasmKernel: CosineKernel = {
  name: 'wasm-simd128',

  scores(memory: ModelMemory, query: Float32Array, start: number, end: number): Float32Array {
    checkQuery(memory, query, start, end);
    const kernel = kernelExports(wasmOf(memory));
    const n = end - start;
    try {
      const q = putQuery(memory, query);
      const out = memory.allocScratch(4 * n);
      kernel.cosineScores(memory.vectorsOffset, memory.normsOffset, memory.dim, start, end, q, out);
      return new Float32Array(memory.buffer, out, n).slice();
    } finally {
      memory.resetScratch();
    }
  },

  topK(memory: ModelMemory, query: Float32Array, start: number, end: number, k: number): TopKResult {
    checkQuery(memory, query, start, end);
    checkK(k);
    const kernel = kernelExports(wasmOf(memory));
    const cap = Math.min(k, end - start);
    try {
      const q = putQuery(memory, query);
      const block = memory.allocScratch(4 * Math.min(BLOCK_ROWS, end - start));
      const outIdx = memory.allocScratch(4 * cap);
      const outScores = memory.allocScratch(4 * cap);
      const count = kernel.mostSimilar(memory.vectorsOffset, memory.normsOffset, memory.dim, start, end, q, cap,
        block, BLOCK_ROWS, outIdx, outScores);
      const buffer = memory.buffer; // re-read: allocScratch may have grown the memory
      return {
        indices: new Int32Array(buffer, outIdx, count).slice(),
        scores: new Float32Array(buffer, outScores, count).slice(),
      };
    } finally {
      memory.resetScratch();
    }
  },
};
