/**
 * Where a dictionary build keeps its data, and whether it fits: the tile kernels run in WebAssembly, and one
 * WebAssembly memory holds at most 4 GiB (65,536 pages).
 *
 * What a build needs besides the model's own memory (its float32 rows and norms, ../vectors/model-memory.ts):
 * - per worker thread, a tile workspace: top-k heaps for every row (n · heapK · 8 bytes; heapK = k, or k + m on the
 *   int8 path) and packing buffers;
 * - on the int8 path, the quantised model (n · dimPad · 2 bytes at 12 bits) and a rescorer (a few MB).
 *
 * Two layouts:
 * - single: all of it in the model's memory, beside the rows. Both methods.
 * - split (int8 only): the quantised model and the workers' workspaces in a second shared WebAssembly memory (the
 *   work memory); the rescorer stays in the model's memory. The int8 tiles read only the quantised rows, and the
 *   rescorer reads the float32 rows in place, given each block's small selection copied over (../kernels/tile-rescore.ts).
 *   So a 3,000,000 × 300 model (3.36 GiB of rows) builds: 1.70 GiB of quantised rows and 0.57 GiB of heaps per
 *   thread go to the work memory.
 *   (Not for f32: its tiles need the rows and the heaps in one memory, and WebAssembly multi-memory is not in
 *   Node 20 nor in AssemblyScript.)
 *
 * The choice (planMemory): a method asked for is kept; without one, f32 when it fits in the single layout, else int8
 * (the same output). int8 takes the single layout when it fits, else the split one. `layout` forces one (tests).
 */
import { TileQuantized } from '../kernels/tile-int8.js';
import { TileRescorer } from '../kernels/tile-rescore.js';
import { sharedOf, TileWorkspace, type TileModel } from '../kernels/tile-workspace.js';
import { align16, KERNEL_RESERVED, MAX_PAGES, ModelMemory, PAGE } from '../vectors/model-memory.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';

/** Extra candidates per row kept by the int8 path for its exact rescoring (enough for 12-bit quantisation). */
export const INT8_MARGIN = 10;
/** Bytes one WebAssembly memory can hold. */
const LIMIT = MAX_PAGES * PAGE;
/** Bytes of the work memory besides its regions: the kernel's reserved start, and scratch for copying rows in. */
const WORK_BASE = KERNEL_RESERVED + (5 << 20);

export type Method = 'f32' | 'int8';
export type Layout = 'single' | 'split';

export interface MemoryPlan {
  method: Method;
  layout: Layout;
  /** Capacity of the workers' heaps: k, or k + INT8_MARGIN on the int8 path. */
  heapK: number;
  /** Bytes the model's memory and the work memory (0: none, the single layout) will hold, about. */
  bytes: { model: number; work: number };
}

export interface PlanInput {
  rows: number;
  dim: number;
  /** Bytes the model's memory holds now (its rows, norms and any scratch). */
  modelBytes: number;
  k: number;
  threads: number;
  blockRows: number;
  /** The method asked for (undefined: f32 when it fits, else int8). */
  method?: Method;
  /** Force a layout (internal and tests); default: the single one when it fits. */
  layout?: Layout;
}

/** Bytes a plan needs in the model's memory and in the work memory (0: none). */
interface Needs {
  model: number;
  work: number;
  /** The pieces, for messages. */
  perThread: number;
  quantized: number;
  rescorer: number;
}

function needs(p: PlanInput, method: Method, layout: Layout, threads = p.threads): Needs {
  const int8 = method === 'int8';
  const heapK = int8 ? p.k + INT8_MARGIN : p.k;
  const perThread = align16(TileWorkspace.bytesNeeded(p.rows, p.dim, heapK, p.blockRows, { int8 }));
  const quantized = int8 ? align16(TileQuantized.bytesNeeded(p.rows, p.dim)) : 0;
  const rescorer = int8 ? align16(TileRescorer.bytesNeeded(p.rows, p.dim, p.k, heapK, p.blockRows)) : 0;
  const work = quantized + threads * perThread;
  return layout === 'single'
    ? { model: p.modelBytes + work + rescorer, work: 0, perThread, quantized, rescorer }
    : { model: p.modelBytes + rescorer, work: WORK_BASE + work, perThread, quantized, rescorer };
}

const fits = (n: Needs): boolean => n.model <= LIMIT && n.work <= LIMIT;
const gib = (b: number): string => `${(b / 2 ** 30).toFixed(2)} GiB`;

/** The most threads (below `threads`) with which the plan fits, or 0. */
function threadsThatFit(p: PlanInput, method: Method, layout: Layout): number {
  for (let t = p.threads - 1; t >= 1; t--) if (fits(needs(p, method, layout, t))) return t;
  return 0;
}

/** The method and layout of a build; a RangeError naming the sizes when nothing fits. */
export function planMemory(p: PlanInput): MemoryPlan {
  if (p.layout === 'split' && p.method === 'f32') throw new RangeError("the split memory layout is for method 'int8' only");
  const method = p.method ?? (p.layout === 'split' || !fits(needs(p, 'f32', 'single')) ? 'int8' : 'f32');
  const layout = p.layout ?? (method === 'f32' || fits(needs(p, 'int8', 'single')) ? 'single' : 'split');
  const n = needs(p, method, layout);
  if (fits(n)) return { method, layout, heapK: method === 'int8' ? p.k + INT8_MARGIN : p.k, bytes: { model: n.model, work: n.work } };
  const fewer = threadsThatFit(p, method, layout);
  const orFewer = fewer > 0 ? `; ${fewer} thread${fewer > 1 ? 's' : ''} would fit` : '';
  const model = `this ${p.rows} x ${p.dim} model`;
  if (layout === 'single') {
    throw new RangeError(
      `the dictionary of ${model} by method ${method} in one WebAssembly memory needs ${gib(n.model)} (the model ${gib(p.modelBytes)}, ` +
        `${gib(n.perThread)} of heaps per thread${method === 'int8' ? `, ${gib(n.quantized)} of quantised rows` : ''}), more than the 4 GiB it can hold: ` +
        `${method === 'f32' ? 'use method int8 (the same output; its quantised rows and heaps then go to a memory of their own)' : 'use the split layout'}${orFewer}, or a smaller k`,
    );
  }
  throw new RangeError(
    `the dictionary of ${model} does not fit even with its int8 work in a WebAssembly memory of its own: that memory needs ${gib(n.work)} ` +
      `(${gib(n.quantized)} of quantised rows, ${gib(n.perThread)} of heaps per thread), the model's own ${gib(n.model)} ` +
      `(the model ${gib(p.modelBytes)}, the rescorer ${gib(n.rescorer)}); a WebAssembly memory holds at most 4 GiB: use fewer threads${orFewer}, or a smaller k`,
  );
}

/** The regions of a build, reserved as planned; release() gives them back (the work memory goes with the build). */
export interface DictionaryMemory {
  /** The model as the workers' tiles see it: the model's memory, or the work memory (no float32 rows there). */
  tiles: TileModel;
  /** One workspace region per worker, in `tiles.memory`. */
  regions: number[];
  /** The int8 path: the quantised model (in `tiles.memory`) and the rescorer (in the model's memory). */
  quantized?: TileQuantized;
  rescorer?: TileRescorer;
  release(): void;
}

/** Reserves what the plan needs; the quantised model is built here (in this thread, yielding to the event loop). */
export async function reserveMemory(model: KeyedVectors, plan: MemoryPlan, threads: number, k: number, blockRows: number): Promise<DictionaryMemory> {
  const releases: (() => void)[] = [];
  const release = () => {
    for (let r = releases.length - 1; r >= 0; r--) releases[r]();
    releases.length = 0;
  };
  try {
    const work = plan.layout === 'split' ? new ModelMemory(0, 0) : model.memory; // no rows: regions only
    const tiles: TileModel = plan.layout === 'split'
      ? { memory: work.wasm!, vectorsOffset: -1, normsOffset: -1, rows: model.size, dim: model.dim }
      : sharedOf(model.memory);
    let quantized: TileQuantized | undefined;
    let rescorer: TileRescorer | undefined;
    if (plan.method === 'int8') {
      const q = await TileQuantized.reserveYielding(model.memory, undefined, work);
      releases.push(q.release);
      quantized = q.quantized;
    }
    const bytes = TileWorkspace.bytesNeeded(model.size, model.dim, plan.heapK, blockRows, { int8: quantized !== undefined });
    const regions = Array.from({ length: threads }, () => {
      const r = work.reserve(bytes);
      releases.push(r.release);
      return r.offset;
    });
    if (plan.method === 'int8') {
      const r = TileRescorer.reserve(model.memory, k, plan.heapK, blockRows);
      releases.push(r.release);
      rescorer = r.rescorer;
    }
    return { tiles, regions, quantized, rescorer, release };
  } catch (e) {
    release();
    throw e;
  }
}
