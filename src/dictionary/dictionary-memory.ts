/**
 * Where a dictionary build keeps its data, and whether it fits: the tile kernels run in WebAssembly, and one
 * WebAssembly memory holds at most 4 GiB (65,536 pages).
 *
 * What a build needs besides the model's own memory (its float32 rows and norms, ../vectors/model-memory.ts):
 * - per worker thread, a tile workspace: top-k heaps for every row (n · heapK · 8 bytes; heapK = k, or k + m on the
 *   int8 path) and packing buffers;
 * - the heaps' seeds (n · 4 bytes: ./exact-run.ts);
 * - on the int8 path, the quantised model (n · dimPad · 2 bytes at 12 bits) and per worker a rescorer (a few MB: the
 *   workers read the final rows out, ./exact-run.ts).
 *
 * Two layouts:
 * - single: all of it in the model's memory, beside the rows. Both methods.
 * - split (int8 only): the quantised model and the workers' workspaces in a second shared WebAssembly memory (the
 *   work memory); the rescorers stay in the model's memory. The int8 tiles read only the quantised rows, and the
 *   rescorer reads the float32 rows in place, given each block's small selection copied over (../kernels/tile-rescore.ts).
 *   So a 3,000,000 × 300 model (3.36 GiB of rows) builds: 1.70 GiB of quantised rows and 0.57 GiB of heaps per
 *   thread go to the work memory.
 *   (Not for f32: its tiles need the rows and the heaps in one memory, and WebAssembly multi-memory is not in
 *   Node 20 nor in AssemblyScript.)
 *
 * The choice (planMemory): a method asked for is kept; without one, int8 (the same output; level with f32 up to
 * ~10k words, 1.3–1.5× faster from 30k on: `npm run bench:dict-methods`) where the quantisation keeps enough bits (INT8_MIN_BITS) and it fits in
 * either layout, else f32. int8 takes the single layout when it fits, else the split one. `layout` forces one (tests).
 */
import { TileQuantized } from '../kernels/tile-int8.js';
import { TileRescorer } from '../kernels/tile-rescore.js';
import { sharedOf, TileWorkspace, type TileModel } from '../kernels/tile-workspace.js';
import { bytesIn, planFits, reservePlan, type RegionSpec } from '../memory/plan.js';
import { KERNEL_RESERVED, ModelMemory } from '../vectors/model-memory.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';

/** Extra candidates per row kept by the int8 path for its exact rescoring (enough for 12-bit quantisation). */
export const INT8_MARGIN = 10;
/** The split layout's staging buffer in the work memory, where float32 rows are copied a few MB at a time to be quantised. */
const STAGING = 5 << 20;

export type Method = 'f32' | 'int8';

/**
 * The fewest bits with which int8 is the default: with fewer (over about 8,000 dimensions) the error bound leaves
 * many rows to the float32 fallback, which makes the whole slower than f32 (../kernels/tile-int8.ts).
 */
const INT8_MIN_BITS = 10;
export type Layout = 'single' | 'split';

export interface MemoryPlan {
  method: Method;
  layout: Layout;
  /** Capacity of the workers' heaps: k, or k + INT8_MARGIN on the int8 path. */
  heapK: number;
  /** Every region the build will reserve, in order: computed once, checked up front, reserved from this list. */
  regions: RegionSpec[];
  /** Bytes the model's memory and the work memory (0: none, the single layout) will hold, about. */
  bytes: { model: number; work: number };
}

export interface PlanInput {
  rows: number;
  dim: number;
  /** Bytes the model's memory holds now (its rows, norms and any other live regions). */
  modelBytes: number;
  k: number;
  threads: number;
  blockRows: number;
  /** The method asked for (undefined: int8 where it has the bits and fits, else f32). */
  method?: Method;
  /** Force a layout (internal and tests); default: the single one when it fits. */
  layout?: Layout;
}

/** The regions of a build, in reservation order. */
function regionSpecs(p: PlanInput, method: Method, layout: Layout, threads = p.threads): RegionSpec[] {
  const int8 = method === 'int8';
  const heapK = int8 ? p.k + INT8_MARGIN : p.k;
  const tiles = layout === 'single' ? 'model' : 'work';
  const specs: RegionSpec[] = [];
  if (layout === 'split') specs.push({ name: 'staging', memory: 'work', bytes: STAGING });
  if (int8) specs.push({ name: 'quantised rows', memory: tiles, bytes: TileQuantized.bytesNeeded(p.rows, p.dim) });
  for (let t = 0; t < threads; t++) specs.push({ name: `workspace ${t}`, memory: tiles, bytes: TileWorkspace.bytesNeeded(p.rows, p.dim, heapK, p.blockRows, { int8 }) });
  specs.push({ name: 'seeds', memory: tiles, bytes: 4 * Math.max(1, p.rows) });
  if (int8) for (let t = 0; t < threads; t++) specs.push({ name: `rescorer ${t}`, memory: 'model', bytes: TileRescorer.bytesNeeded(p.rows, p.dim, p.k, heapK, p.blockRows) });
  return specs;
}

const held = (p: PlanInput) => ({ model: p.modelBytes, work: KERNEL_RESERVED });
const fits = (p: PlanInput, method: Method, layout: Layout, threads = p.threads) => planFits(regionSpecs(p, method, layout, threads), held(p));
const gib = (b: number): string => `${(b / 2 ** 30).toFixed(2)} GiB`;
const size = (specs: RegionSpec[], name: string): number => specs.find((s) => s.name === name)?.bytes ?? 0;

/** The most threads (below `threads`) with which the plan fits, or 0. */
function threadsThatFit(p: PlanInput, method: Method, layout: Layout): number {
  for (let t = p.threads - 1; t >= 1; t--) if (fits(p, method, layout, t)) return t;
  return 0;
}

/** The method, layout and regions of a build; a RangeError naming the sizes when nothing fits. */
export function planMemory(p: PlanInput): MemoryPlan {
  if (p.layout === 'split' && p.method === 'f32') throw new RangeError("the split memory layout is for method 'int8' only");
  const int8Fits = fits(p, 'int8', 'single') || fits(p, 'int8', 'split');
  const method = p.method ?? (p.layout === 'split' || (int8Fits && TileQuantized.bitsFor(p.dim) >= INT8_MIN_BITS) || !fits(p, 'f32', 'single') ? 'int8' : 'f32');
  const layout = p.layout ?? (method === 'f32' || fits(p, 'int8', 'single') ? 'single' : 'split');
  const regions = regionSpecs(p, method, layout);
  const h = held(p);
  const bytes = { model: h.model + bytesIn(regions, 'model'), work: layout === 'split' ? h.work + bytesIn(regions, 'work') : 0 };
  if (planFits(regions, h)) return { method, layout, heapK: method === 'int8' ? p.k + INT8_MARGIN : p.k, regions, bytes };
  const fewer = threadsThatFit(p, method, layout);
  const orFewer = fewer > 0 ? `; ${fewer} thread${fewer > 1 ? 's' : ''} would fit` : '';
  const model = `this ${p.rows} x ${p.dim} model`;
  const perThread = size(regions, 'workspace 0'), quantized = size(regions, 'quantised rows');
  if (layout === 'single') {
    throw new RangeError(
      `the dictionary of ${model} by method ${method} in one WebAssembly memory needs ${gib(bytes.model)} (the model ${gib(p.modelBytes)}, ` +
        `${gib(perThread)} of heaps per thread${method === 'int8' ? `, ${gib(quantized)} of quantised rows` : ''}), more than the 4 GiB it can hold: ` +
        `${method === 'f32' ? 'use method int8 (the same output; its quantised rows and heaps then go to a memory of their own)' : 'use the split layout'}${orFewer}, or a smaller k`,
    );
  }
  throw new RangeError(
    `the dictionary of ${model} does not fit even with its int8 work in a WebAssembly memory of its own: that memory needs ${gib(bytes.work)} ` +
      `(${gib(quantized)} of quantised rows, ${gib(perThread)} of heaps per thread), the model's own ${gib(bytes.model)} ` +
      `(the model ${gib(p.modelBytes)}, the rescorers ${gib(p.threads * size(regions, 'rescorer 0'))}); a WebAssembly memory holds at most 4 GiB: use fewer threads${orFewer}, or a smaller k`,
  );
}

/** The regions of a build, reserved as planned; release() gives them back (the work memory goes with the build). */
export interface DictionaryMemory {
  /** The model as the workers' tiles see it: the model's memory, or the work memory (no float32 rows there). */
  tiles: TileModel;
  /** One workspace region per worker, in `tiles.memory`. */
  regions: number[];
  /** The heaps' seeds, float32 by row, in `tiles.memory`. */
  seeds: number;
  /** The int8 path: the quantised model (in `tiles.memory`) and one rescorer per worker (offsets in the model's memory). */
  quantized?: TileQuantized;
  rescorers?: number[];
  release(): void;
}

/** Reserves the plan's regions; the quantised model is built here (in this thread, yielding to the event loop). */
export async function reserveMemory(model: KeyedVectors, plan: MemoryPlan, threads: number, k: number, blockRows: number): Promise<DictionaryMemory> {
  const work = plan.layout === 'split' ? new ModelMemory(0, 0) : model.memory; // no rows: regions only
  const reserved = reservePlan(plan.regions, { model: model.memory.arena!, work: work.arena! });
  try {
    const tiles: TileModel = plan.layout === 'split'
      ? { memory: work.wasm!, vectorsOffset: -1, normsOffset: -1, rows: model.size, dim: model.dim }
      : sharedOf(model.memory);
    const at = (name: string): number => reserved.regions.get(name)!.offset;
    // the staging region is given back just before quantising: the copies' scratch then takes its place (first fit)
    const staging = reserved.regions.get('staging');
    if (staging) {
      staging.release();
      reserved.regions.delete('staging');
    }
    const quantized = plan.method === 'int8' ? await TileQuantized.quantizeYielding(model.memory, work, at('quantised rows')) : undefined;
    const rescorers = plan.method === 'int8' ? Array.from({ length: threads }, (_, t) => at(`rescorer ${t}`)) : undefined;
    for (const offset of rescorers ?? []) TileRescorer.at(model.memory, offset, k, plan.heapK, blockRows); // its header, written once here
    return { tiles, regions: Array.from({ length: threads }, (_, t) => at(`workspace ${t}`)), seeds: at('seeds'), quantized, rescorers, release: reserved.release };
  } catch (e) {
    reserved.release();
    throw e;
  }
}
