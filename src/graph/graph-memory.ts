/**
 * The approximate engine's memory, planned up front from sizes alone (../memory/plan.ts) and refused with the sizes
 * when it cannot fit, before any work. Two kinds of place:
 *
 * - regions of the model's WebAssembly memory, for what a kernel reads or writes: each row's heap threshold, and per
 *   thread its gathered workspace (packing buffers, row list), its proposal buffer and its tree's scratch;
 * - shared buffers (SharedArrayBuffer, off the JS heap, outside the 4 GiB memory) for what only TypeScript touches:
 *   the neighbour heap and NN-descent's candidates. A 3M × 300 model fills most of its WebAssembly memory alone; the
 *   graph (n·K·13 + n·C·8 + n·(4T + 8) bytes and a little per thread, about 2.9 GB at K = C = 45 and n = 3M) goes beside it.
 *
 * Layout of the shared buffers (each piece 16-aligned, row r of a piece at r · its width):
 *
 * | buffer     | piece   | type            | contents                                                           |
 * |------------|---------|-----------------|--------------------------------------------------------------------|
 * | heap       | indices | int32[n·K]      | neighbour indices (0x7fffffff: empty), ./neighbor-heap.ts, where    |
 * |            |         |                 | they do not fit in the model's memory (`ann indices` there if so)   |
 * |            | scores  | float32[n·K]    | their exact scores                                                  |
 * |            | flags   | uint8[n·K]      | NEW (1) / OLD (0)                                                   |
 * | candidates | newIdx  | int32[n·C]      | each row's sampled new candidates (−1: empty), ./graph-thread.ts    |
 * |            | oldIdx  | int32[n·C]      | old candidates                                                      |
 * |            | stamps  | int32[T·n]      | per thread: scratch marks (−1 between uses)                         |
 * |            | degree  | int32[n]        | each row's reverse degree: the heap entries (i → r) that name it    |
 * |            |         |                 | (0 for a row with no new candidate: none gathered)                  |
 * |            | revAt   | int32[n]        | where row r's reverse entries start in `reverse`                    |
 * |            | reverse | int32[n·K]      | the reverse entries, each row's together: i (NEW) or ~i (OLD)       |
 * |            | control | int32[4]        | the joins' claims (Atomics): [0] next claim, [1] stop flag         |
 * | apply      | per thread t, at t · its width:                                                                 |
 * |            | sides   | int32[2·2P]     | the proposals' sides for rows t owns (row, other), by row bucket    |
 * |            | sideS   | float32[2P]     | their scores                                                        |
 * |            | buckets | int32[n/64 + 2] | where each bucket of 2^APPLY_SHIFT owned rows starts in sides       |
 *
 * Regions of the model's memory, per thread t: `ann workspace t` (TileWorkspace.gatheredBytes), `ann proposals t`
 * (P proposals of GATHERED_PROPOSAL_BYTES: int32 a, int32 b, float32 score), `ann tree t` (perm int32[n],
 * starts int32[n + 1], dots float32[n], normal float32[dim], nodeOf int32[n], normals float32[sweepNodes · dim]:
 * ../index/plane-splitter.ts); `ann thresholds` float32[n]; where it fits, `ann indices` int32[n·K] (the heap's
 * indices, read by the gathered kernel to drop the pairs already in the heaps); and, where it fits too, `ann quantised`
 * (TileQuantized.bytesNeeded(n, dim): the unit rows quantised to int16 with a scale per row, ../kernels/tile-int8.ts),
 * which the joins score from instead of the float32 rows (GraphShape.quantized).
 */
import { GATHERED_PROPOSAL_BYTES } from '../kernels/layout.js';
import { TileQuantized } from '../kernels/tile-int8.js';
import { bufferOf, sharedOf, TileWorkspace, type TileModel } from '../kernels/tile-workspace.js';
import { planFits, reservePlan, type RegionSpec } from '../memory/plan.js';
import { pieceOffsets } from './regions.js';
import { sweepNodes } from '../index/plane-splitter.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';

export interface GraphShape {
  n: number;
  dim: number;
  /** Heap slots per row. */
  K: number;
  /** Candidates per row (new, and old). */
  C: number;
  threads: number;
  /** Most rows of a gathered block. */
  blockRows: number;
  /** Proposals per thread's buffer. */
  proposals: number;
  /**
   * The heap's indices in the model's memory (region `ann indices`) rather than in the heap's shared buffer: where
   * they fit, so that the gathered kernel drops the pairs already in the heaps (TileWorkspace.createGathered).
   */
  indicesInModel?: boolean;
  /**
   * The joins (and the forest's leaves) score from a quantised copy of the rows (region `ann quantised`, int16 values,
   * half the bytes of a float32 row): the heaps then hold approximate scores while the graph is built, and the rows
   * are rescored exactly before they are read out (GraphThread.rescore).
   */
  quantized?: boolean;
}

/** Where everything is: posted to each worker thread (the offsets, and the shared buffers, which are shared, not copied). */
export interface GraphLayout extends GraphShape {
  model: TileModel;
  thr: number;
  /** The quantised rows (a TileQuantized region of the model's memory, quantised by quantizeGraphRows), or 0: none. */
  quant: number;
  /** The heap's indices: their offset in the model's memory, or −1: in the heap's shared buffer. */
  indices: number;
  perThread: { workspace: number; proposals: number; perm: number; starts: number; dots: number; normal: number; nodeOf: number; normals: number }[];
  heap: SharedArrayBuffer;
  candidates: SharedArrayBuffer;
  apply: SharedArrayBuffer;
}

export interface GraphPlan {
  /** Regions of the model's WebAssembly memory. */
  regions: RegionSpec[];
  /** Shared buffers outside it, bytes. */
  shared: { name: 'ann heap' | 'ann candidates' | 'ann apply'; bytes: number }[];
}

const heapPieces = (s: GraphShape) => pieceOffsets([s.indicesInModel ? 0 : 4 * s.n * s.K, 4 * s.n * s.K, s.n * s.K]);
const candidatePieces = (s: GraphShape) => pieceOffsets([4 * s.n * s.C, 4 * s.n * s.C, 4 * s.threads * s.n, 4 * s.n, 4 * s.n, 4 * s.n * s.K, 16]);
/** Rows per bucket of the apply (2^APPLY_SHIFT): a bucket's heap rows (64 · K · 9 bytes) stay in cache while its sides are pushed. */
export const APPLY_SHIFT = 6;
const applyPieces = (s: GraphShape) => pieceOffsets([16 * s.proposals, 8 * s.proposals, 4 * ((s.n >> APPLY_SHIFT) + 2)]);
const treePieces = (s: GraphShape) => pieceOffsets([4 * s.n, 4 * (s.n + 1), 4 * s.n, 4 * s.dim, 4 * s.n, 4 * s.dim * sweepNodes(s.n, s.dim)]);

export function planGraph(s: GraphShape): GraphPlan {
  const regions: RegionSpec[] = [{ name: 'ann thresholds', memory: 'model', bytes: 4 * s.n }];
  if (s.indicesInModel) regions.push({ name: 'ann indices', memory: 'model', bytes: 4 * s.n * s.K });
  if (s.quantized) regions.push({ name: 'ann quantised', memory: 'model', bytes: TileQuantized.bytesNeeded(s.n, s.dim) });
  for (let t = 0; t < s.threads; t++) {
    regions.push(
      { name: `ann workspace ${t}`, memory: 'model', bytes: TileWorkspace.gatheredBytes(s.dim, s.blockRows, s.quantized) },
      { name: `ann proposals ${t}`, memory: 'model', bytes: s.proposals * GATHERED_PROPOSAL_BYTES },
      { name: `ann tree ${t}`, memory: 'model', bytes: treePieces(s).bytes },
    );
  }
  return { regions, shared: [{ name: 'ann heap', bytes: heapPieces(s).bytes }, { name: 'ann candidates', bytes: candidatePieces(s).bytes }, { name: 'ann apply', bytes: s.threads * applyPieces(s).bytes }] };
}

const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;

/** Whether a plan's regions fit beside what the model's memory holds now. */
const fitsBeside = (memory: KeyedVectors['memory'], plan: GraphPlan): boolean => planFits(plan.regions, { model: memory.heldBytes, work: 0 });

/** Whether the shape's plan fits beside what the model's memory holds now (checkGraphFits, without the error). */
export function graphFits(model: KeyedVectors, s: GraphShape): boolean {
  const memory = model.memory;
  return !!memory.wasm && !!memory.arena && fitsBeside(memory, planGraph(s));
}

/** Checks that the plan's regions fit beside what the model's memory holds now: a RangeError with the sizes otherwise. */
export function checkGraphFits(model: KeyedVectors, s: GraphShape): GraphPlan {
  const memory = model.memory;
  if (!memory.wasm || !memory.arena) throw new RangeError('the approximate engine needs the model in a WebAssembly memory (a model under 4 GiB)');
  const plan = planGraph(s);
  if (!fitsBeside(memory, plan)) {
    const bytes = plan.regions.reduce((sum, r) => sum + r.bytes, 0);
    throw new RangeError(`the approximate engine's working regions (${mib(bytes)}: thresholds, and per thread its block workspace, proposals and tree) do not fit beside what the model's 4 GiB WebAssembly memory holds (${mib(memory.heldBytes)})`);
  }
  return plan;
}

/** Reserves the plan (all or nothing) once checkGraphFits passes; creates each thread's gathered workspace and empties the heap. */
export function reserveGraph(model: KeyedVectors, s: GraphShape): { layout: GraphLayout; release: () => void } {
  const memory = model.memory;
  const plan = checkGraphFits(model, s);
  const { regions, release } = reservePlan(plan.regions, { model: memory.arena! });
  try {
    const at = (name: string): number => regions.get(name)!.offset;
    const tree = treePieces(s).at;
    const model_ = sharedOf(memory);
    const layout: GraphLayout = {
      ...s,
      model: model_,
      thr: at('ann thresholds'),
      quant: s.quantized ? TileQuantized.create(model_, at('ann quantised')).regionOffset : 0,
      indices: s.indicesInModel ? at('ann indices') : -1,
      perThread: Array.from({ length: s.threads }, (_, t) => {
        const base = at(`ann tree ${t}`);
        return { workspace: at(`ann workspace ${t}`), proposals: at(`ann proposals ${t}`), perm: base + tree[0], starts: base + tree[1], dots: base + tree[2], normal: base + tree[3], nodeOf: base + tree[4], normals: base + tree[5] };
      }),
      heap: new SharedArrayBuffer(Math.max(16, heapPieces(s).bytes)),
      candidates: new SharedArrayBuffer(Math.max(16, candidatePieces(s).bytes)),
      apply: new SharedArrayBuffer(Math.max(16, s.threads * applyPieces(s).bytes)),
    };
    const heap = s.indicesInModel ? { indices: layout.indices, K: s.K } : undefined;
    for (let t = 0; t < s.threads; t++) TileWorkspace.createGathered(model_, layout.perThread[t].workspace, s.blockRows, layout.thr, heap, layout.quant);
    const views = graphViews(layout);
    views.indices.fill(0x7fffffff);
    views.scores.fill(NaN);
    views.flags.fill(0);
    views.thr.fill(NaN);
    views.stamps.fill(-1);
    return { layout, release };
  } catch (e) {
    release();
    throw e;
  }
}

/**
 * Quantises rows [r0, r1) of the layout's quantised rows (GraphShape.quantized) from the model's float32 rows: each
 * thread its own range (GraphThread.quantize), then TileQuantized.finish() once (the main thread).
 */
export function quantizeGraphRows(l: GraphLayout, r0: number, r1: number): void {
  const m = l.model;
  TileQuantized.attach(m.memory as WebAssembly.Memory, l.quant).quantize(r0, r1, m.vectorsOffset + 4 * r0 * m.dim, m.normsOffset + 4 * r0);
}

/** Thread t's apply scratch (./graph-thread.ts apply). */
export function applyViews(l: GraphLayout, t: number) {
  const a = applyPieces(l), base = t * a.bytes;
  return {
    sides: new Int32Array(l.apply, base + a.at[0], 4 * l.proposals),
    sideScores: new Float32Array(l.apply, base + a.at[1], 2 * l.proposals),
    buckets: new Int32Array(l.apply, base + a.at[2], (l.n >> APPLY_SHIFT) + 2),
  };
}

/** Typed views of a layout's pieces, in any thread. */
export function graphViews(l: GraphLayout) {
  const { n, K, C } = l;
  const h = heapPieces(l).at, c = candidatePieces(l).at;
  const wasm = bufferOf(l.model.memory);
  return {
    indices: l.indices >= 0 ? new Int32Array(wasm, l.indices, n * K) : new Int32Array(l.heap, h[0], n * K),
    scores: new Float32Array(l.heap, h[1], n * K),
    flags: new Uint8Array(l.heap, h[2], n * K),
    thr: new Float32Array(wasm, l.thr, n),
    newIdx: new Int32Array(l.candidates, c[0], n * C),
    oldIdx: new Int32Array(l.candidates, c[1], n * C),
    stamps: new Int32Array(l.candidates, c[2], l.threads * n),
    degree: new Int32Array(l.candidates, c[3], n),
    revAt: new Int32Array(l.candidates, c[4], n),
    reverse: new Int32Array(l.candidates, c[5], n * K),
    control: new Int32Array(l.candidates, c[6], 4),
  };
}
