/**
 * The forest's splits (./rp-forest.ts) need one number per row and hyperplane: the dot of the row's vector with the
 * hyperplane's normal, in float32. A splitter computes them in two ways:
 *
 * - dots(list, start, end, out): the listed rows against `normal`, for a node that fits in the cache (its rows are
 *   read again and again as it is cut down to leaves);
 * - sweep(out): every row of the model in row order, each against the normal of its node (`nodeOf`, `normals`), for
 *   the big nodes at the top of a tree. Their rows lie scattered over the whole model, and a node-by-node pass jumps
 *   through memory (measured on 1M × 300: a row in random order costs about 10x a row in order); one forward pass
 *   for all of a level's big nodes reads each row in order.
 *
 * Both sum each dot as planeDot does (the kernel's order), so the TypeScript splitter and the kernel's give the same
 * dots, and the same trees. Results go to out[row] (by row, not by position in the list).
 */
import { tileExports } from '../kernels/tile-module.js';
import type { TileModel } from '../kernels/tile-workspace.js';

/** What a tree reads of the model: its rows and norms (a KeyedVectors, or a worker thread's views of them). */
export interface TreeModel {
  readonly size: number;
  readonly dim: number;
  readonly vectors: Float32Array;
  readonly norms: Float32Array;
}

/**
 * The bytes of vectors under which a node is cut depth first (dots), and over which by sweeps: about what stays in
 * cache while a node is cut down. Measured on the structured 1M × 300 (4 trees, 2 threads): the forest in 26.9 and
 * 24.7 s against 30.7 and 27.6 s without sweeps; 12 MB about the same as 4 MiB. On GloVe 341k × 100 no change.
 */
export const SWEEP_BYTES = 4 << 20;

/** Nodes of more rows than this are cut by sweeps (at least leafSize: a leaf is never swept). */
export function sweepRows(dim: number, leafSize: number): number {
  return Math.max(leafSize, Math.ceil(SWEEP_BYTES / (4 * Math.max(1, dim))));
}

/** The most nodes a sweep of nodes over `big` rows holds (its normals' rows); by default, whatever the leafSize. */
export function sweepNodes(n: number, dim: number, big = sweepRows(dim, 0)): number {
  return Math.floor(n / (big + 1)) + 1;
}

export interface PlaneSplitter {
  /** float32[dim]: the normal dots() uses. */
  readonly normal: Float32Array;
  /** out[list[r]] = v(list[r]) · normal for r in [start, end). */
  dots(list: Int32Array, start: number, end: number, out: Float32Array): void;
  /** int32[n]: each row's node in the sweep (an index into `normals`), −1 for none. */
  readonly nodeOf: Int32Array;
  /** float32[sweepNodes · dim]: the sweep's normals, node s at s · dim. */
  readonly normals: Float32Array;
  /** out[r] = v(r) · normals[nodeOf[r]] for every row r with nodeOf[r] ≥ 0, in row order. */
  sweep(out: Float32Array): void;
}

/**
 * The float32 dot of the split, in the kernel's order (../kernels/assembly/tiles.ts planeDots and planeSweep): 4
 * lanes (lane l: the terms p ≡ l mod 4), then (l0 + l1) + (l2 + l3), then the last dim mod 4 terms.
 */
export function planeDot(v: Float32Array, o: number, normal: Float32Array, dim: number, no = 0): number {
  const f = Math.fround;
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, p = 0;
  for (const end4 = dim & ~3; p < end4; p += 4) {
    a0 = f(a0 + f(v[o + p] * normal[no + p]));
    a1 = f(a1 + f(v[o + p + 1] * normal[no + p + 1]));
    a2 = f(a2 + f(v[o + p + 2] * normal[no + p + 2]));
    a3 = f(a3 + f(v[o + p + 3] * normal[no + p + 3]));
  }
  let d = f(f(a0 + a1) + f(a2 + a3));
  for (; p < dim; p++) d = f(d + f(v[o + p] * normal[no + p]));
  return d;
}

/** Where a splitter keeps its normal and its sweep's state: arrays of its own unless given. */
export interface SplitterArrays {
  normal: Float32Array;
  nodeOf: Int32Array;
  normals: Float32Array;
}

function arraysFor(n: number, dim: number, given?: Partial<SplitterArrays>): SplitterArrays {
  return {
    normal: given?.normal ?? new Float32Array(dim),
    nodeOf: given?.nodeOf ?? new Int32Array(n),
    normals: given?.normals ?? new Float32Array(sweepNodes(n, dim) * dim),
  };
}

/** The TypeScript splitter. */
export function jsSplitter(model: TreeModel, given?: Partial<SplitterArrays>): PlaneSplitter {
  const n = model.size, dim = model.dim, v = model.vectors;
  const { normal, nodeOf, normals } = arraysFor(n, dim, given);
  return {
    normal, nodeOf, normals,
    dots(list, start, end, out) {
      for (let r = start; r < end; r++) out[list[r]] = planeDot(v, list[r] * dim, normal, dim);
    },
    sweep(out) {
      for (let r = 0; r < n; r++) if (nodeOf[r] >= 0) out[r] = planeDot(v, r * dim, normals, dim, nodeOf[r] * dim);
    },
  };
}

/**
 * The kernel's splitter (WebAssembly SIMD128): its arrays, and the lists and outputs passed to it, must be views of the
 * model's WebAssembly memory (a region of its arena).
 */
export function wasmSplitter(model: TileModel, arrays: SplitterArrays): PlaneSplitter {
  if (!(model.memory instanceof WebAssembly.Memory)) throw new Error('the kernel splitter needs the model in a WebAssembly memory');
  const kernel = tileExports(model.memory);
  const vectors = model.vectorsOffset, dim = model.dim, n = model.rows;
  const { normal, nodeOf, normals } = arrays;
  return {
    normal, nodeOf, normals,
    dots(list, start, end, out) {
      kernel.planeDots(vectors, dim, list.byteOffset, start, end, normal.byteOffset, out.byteOffset);
    },
    sweep(out) {
      kernel.planeSweep(vectors, dim, nodeOf.byteOffset, n, normals.byteOffset, out.byteOffset);
    },
  };
}
