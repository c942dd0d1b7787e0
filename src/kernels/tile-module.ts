/**
 * The compiled tile module (./assembly/tiles.ts and ./assembly/tiles-int8.ts): decoded from the base64 that
 * scripts/build-wasm.mjs embeds in ./tiles.wasm.ts, compiled once, instantiated once per WebAssembly memory and
 * thread (each worker instantiates it over the same shared memory; the module keeps no state of its own, everything
 * is in the workspace regions).
 */
import { TILES_WASM_BASE64 } from './tiles.wasm.js';

/** The module's exports; `ctx` is the byte offset of a workspace region (see ./tile-workspace.ts for its layout). */
export interface TileExports {
  tile(ctx: number, i0: number, i1: number, j0: number, j1: number, flags: number): void;
  tileQueries(ctx: number, q0: number, q1: number, j0: number, j1: number): void;
  resetHeaps(ctx: number, h0: number, h1: number): void;
  sortRows(ctx: number, h0: number, h1: number): void;
  restoreRows(ctx: number, h0: number, h1: number): void;
  mergeHeaps(ctx: number, other: number, h0: number, h1: number): void;
  forgetPacked(ctx: number): void;
  tileList(ctx: number, count: number, j0: number, j1: number, flags: number): void;
  quantizeRows(quant: number, r0: number, r1: number): void;
  tileInt8(ctx: number, i0: number, i1: number, j0: number, j1: number, flags: number): void;
  rescoreRows(ctx: number, exact: number, h0: number, h1: number): number;
}

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where this runtime cannot run it (no WebAssembly, SIMD128 or shared memory). */
export function tileModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    compiled = null;
    try {
      const bytes = decodeBase64(TILES_WASM_BASE64);
      if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const instances = new WeakMap<WebAssembly.Memory, TileExports>();

/** The tile module instantiated over `memory` (one instance per memory in this thread). */
export function tileExports(memory: WebAssembly.Memory): TileExports {
  let exports = instances.get(memory);
  if (!exports) {
    const module = tileModule();
    if (!module) throw new Error('this runtime cannot run the WebAssembly SIMD kernels');
    const abort = (): never => {
      throw new Error('WebAssembly kernel aborted');
    };
    exports = new WebAssembly.Instance(module, { env: { memory, abort } }).exports as unknown as TileExports;
    instances.set(memory, exports);
  }
  return exports;
}
