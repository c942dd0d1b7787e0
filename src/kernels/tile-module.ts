/**
 * The compiled tile module (./assembly/tiles.ts and ./assembly/tiles-int8.ts): decoded from the base64 that
 * scripts/build-wasm.mjs embeds in ./tiles.wasm.ts, compiled once, instantiated once per WebAssembly memory and
 * thread (each worker instantiates it over the same shared memory; the module keeps no state of its own, everything
 * is in the workspace regions).
 */
import { embeddedModule } from './embedded-module.js';
import { TILES_WASM_BASE64 } from './tiles.wasm.js';

/** The module's exports; `ctx` is the byte offset of a workspace region (see ./tile-workspace.ts for its layout). */
export interface TileExports {
  tile(ctx: number, i0: number, i1: number, j0: number, j1: number, flags: number): void;
  tileQueries(ctx: number, q0: number, q1: number, j0: number, j1: number): void;
  resetHeaps(ctx: number, h0: number, h1: number): void;
  seedHeaps(ctx: number, h0: number, h1: number, seeds: number): void;
  sampleHeaps(ctx: number, k: number, h0: number, h1: number): void;
  seedsOf(ctx: number, capacity: number, h0: number, h1: number, seeds: number): void;
  sortRows(ctx: number, h0: number, h1: number): void;
  restoreRows(ctx: number, h0: number, h1: number): void;
  mergeHeaps(ctx: number, other: number, h0: number, h1: number): void;
  forgetPacked(ctx: number): void;
  tileList(ctx: number, count: number, base: number, j0: number, j1: number, flags: number): void;
  quantizeRows(quant: number, r0: number, r1: number, vectors: number, norms: number): void;
  tileInt8(ctx: number, i0: number, i1: number, j0: number, j1: number, flags: number): void;
  tileQueriesInt8(ctx: number, q0: number, q1: number, j0: number, j1: number): void;
  /** select: where the selection goes (the workspace's own selection area, or another's) */
  selectRows(ctx: number, k: number, h0: number, h1: number, select: number): number;
  /** flags: 1 = the slots are batch queries (the workspace's own), not model rows */
  rescoreSelected(ctx: number, select: number, stride: number, h0: number, count: number, flags: number): void;
  /** ε of row `row` of the quantised rows `rowQuant` against the quantised model `quant` (../tile-int8.ts) */
  errorBound(quant: number, rowQuant: number, row: number): number;
  /** the listed rows' pairs (a < na, a < b < count) that pass either heap's threshold, as proposals at `out`; returns their number */
  tileGathered(ctx: number, count: number, na: number, out: number): number;
  /** exact float32 scores of model row `row` against the `count` rows listed at H_LIST, at H_SELECT */
  scoreListed(ctx: number, row: number, count: number): void;
  /** the forest's split of a node: out[list[r]] = v(list[r]) · normal (float32) for r in [start, end) */
  planeDots(vectors: number, dim: number, list: number, start: number, end: number, normal: number, out: number): void;
  /** the forest's split of big nodes: out[r] = v(r) · normals[nodeOf[r]] for each row r < rows with nodeOf[r] ≥ 0 */
  planeSweep(vectors: number, dim: number, nodeOf: number, rows: number, normals: number, out: number): void;
}

const embedded = embeddedModule<TileExports>(TILES_WASM_BASE64);

/** The compiled module, or null where this runtime cannot run it (no WebAssembly, SIMD128 or shared memory). */
export const tileModule = embedded.module;

/** The module instantiated over `memory` (one instance per memory in this thread). */
export const tileExports = embedded.exportsFor;
