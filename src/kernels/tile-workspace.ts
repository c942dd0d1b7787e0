/**
 * TileWorkspace: one worker's state for the similar-words dictionary (every row's top-k most similar rows) and for
 * batched queries, kept in a region of the model's shared memory and driven by the tile kernel of
 * ./assembly/tiles.ts (WebAssembly SIMD128, which every supported runtime has: Node.js ≥ 20, current browsers; the
 * tests hold it to a plain TypeScript oracle, test/kernels/tile-oracle.ts).
 *
 * Usage (one workspace per worker; every worker instantiates the kernel over the same shared memory):
 *
 *   // main thread: the creator writes the region's header (magic, version, sizes, offsets) once, empties the heaps
 *   const bytes = TileWorkspace.bytesNeeded(memory.rows, memory.dim, k, blockRows);
 *   const region = memory.reserve(bytes, 'workspace');       // one per worker
 *   const main0 = TileWorkspace.create(sharedOf(memory), region.offset, k, blockRows);
 *   worker.postMessage({ model: sharedOf(memory), regionOffset: region.offset });
 *   // worker: attach() reads the header (and refuses a region without a workspace's magic and version)
 *   const ws = TileWorkspace.attach(model, regionOffset);
 *   ws.tile(i0, i1, i0, i1, false, true);                   // the diagonal tile: rows only, without i == j
 *   ws.tile(i0, i1, j0, j1, true);                          // J after I: both sides
 *   // main thread, once rows [r0, r1) have seen every tile: merge the workers' heaps, read the rows
 *   main0.mergeHeaps(regionOfWorker1, r0, r1);
 *   const { indices, scores } = main0.rowsResult(r0, r1);
 *
 * The quantised path (./tile-int8.ts): a TileQuantized region shared by all workers, workspaces made with
 * { int8: quantized } and heaps of k + m, tileInt8() instead of tile(), then a TileRescorer (./tile-rescore.ts)
 * turns merged rows into the same rows, order and scores as the float32 path. These workspaces and the quantised
 * model may live in a memory of their own, without the float32 rows (TileModel.vectorsOffset −1: the dictionary's
 * split layout, for models too big to share one 4 GiB memory with them).
 *
 * Region layout (byte offsets from the region start; every piece 16-aligned; H = heaps: the model's rows, or the
 * query capacity for batch queries; R4 = blockRows rounded up to a multiple of 4):
 *
 * | offset        | bytes             | contents                                                           |
 * |---------------|-------------------|--------------------------------------------------------------------|
 * | 0             | 128               | header: magic, version, offsets and sizes (fields: ./layout.ts)     |
 * | scores        | 4 · H · k         | heap scores, float32; heap h at scores + 4·h·k                      |
 * | indices       | 4 · H · k         | heap indices, int32 (0x7fffffff: empty slot; its score NaN, or a seed) |
 * | thr           | 4 · H             | float32 score at slot 0 of each heap (the score to beat)            |
 * | packA         | 16 · R4 · dim     | the packed, unit-normalised query block (panels of 4 rows)          |
 * | packB         | 32 · dim          | one packed panel of 8 unit candidates                               |
 * | spill         | 128               | one 4 × 8 micro-tile of scores                                      |
 * | queries       | 4 · Q · dim       | batch query vectors (Q = options.queries, else 0)                   |
 * | list          | 4 · blockRows     | int32 heap list (tileList), or model rows (tileGathered)            |
 * | select        | 4 · blockRows · (k + 1) | with `int8` only: the candidates of selectRows, k + 1 per row |
 * |               | 4 · (blockRows + 8) | gathered: the listed rows' scales (tileGathered with `int8`) or exact scores (scoreListed) |
 * | aquant        | TileQuantized.bytesNeeded(Q, dim, 12) | with `int8` and `queries`: the queries, quantised  |
 *
 * (With `int8`, packA and packB are sized for the larger of the float32 and the int16 panels, see ./tile-int8.ts.)
 *
 * Results are deterministic: rank order (higher score first, equal scores by lower index, NaN last) is total and
 * each score is computed the same way whatever the tile, so any tiling, visit order and split across workers gives
 * the same rows, as long as each (heap, candidate) pair is offered once.
 */
import { checkRange, wholeAtLeast } from '../checks/arguments.js';
import * as L from './layout.js';
import { align16, type ModelMemory } from '../vectors/model-memory.js';
import { TileQuantized } from './tile-int8.js';
import { tileExports, tileModule, type TileExports } from './tile-module.js';
import type { TopKResult } from './types.js';

/** What a worker needs to know about the model: the shared memory and where the vectors and norms are in it. */
export interface TileModel {
  /** The model's shared WebAssembly memory (a ModelMemory's `wasm`); for the js kernel also a SharedArrayBuffer. */
  memory: WebAssembly.Memory | SharedArrayBuffer;
  /** Where the float32 rows and their norms are in `memory`; both −1 when they are not in it (int8 tiles only). */
  vectorsOffset: number;
  normsOffset: number;
  rows: number;
  dim: number;
}

export interface TileOptions {
  /**
   * Batch-query mode: room for this many query vectors, and one heap per query (instead of one per model row).
   * Only tileQueries() then; tile() needs the dictionary mode (no `queries`).
   */
  queries?: number;
  /**
   * The quantised path: the quantised model (./tile-int8.ts) this workspace's tileInt8 reads, or its region offset.
   * Its heaps then hold approximate scores: give it a capacity of k + m (m extra candidates per row).
   */
  int8?: TileQuantized | number;
  /**
   * Leave the heaps as the memory holds them (default: emptied). For a creator whose workers empty or seed every
   * heap themselves before any tile (the dictionary's ExactRun): the first touch of their pages is then theirs.
   */
  leaveHeaps?: boolean;
}

const HEADER = L.TILE_HEADER_BYTES;

/** Offsets (from the region start) of a workspace's pieces. */
interface Layout {
  scores: number;
  indices: number;
  thr: number;
  packA: number;
  packB: number;
  spill: number;
  queries: number;
  list: number;
  select: number;
  aquant: number;
  bytes: number;
}

function layout(rows: number, dim: number, k: number, blockRows: number, queries: number, int8: boolean, gathered = false): Layout {
  const heaps = gathered ? 0 : queries > 0 ? queries : rows;
  let at = HEADER;
  const take = (bytes: number): number => {
    const here = at;
    at = align16(at + bytes);
    return here;
  };
  const scores = take(4 * heaps * k);
  const indices = take(4 * heaps * k);
  const thr = take(gathered ? 0 : 4 * heaps + 32);
  const dimPad = int8 ? TileQuantized.dimPad(dim) : 0;
  // float32 panels: 16·dim bytes per 4 rows; int16: 8·dimPad
  const packA = take(Math.ceil(blockRows / 4) * Math.max(16 * dim, 8 * dimPad));
  const packB = take(Math.max(32 * dim, 16 * dimPad));
  const spill = take(128);
  const q = take(4 * queries * dim);
  const list = take(4 * blockRows);
  const select = take(gathered ? 4 * (blockRows + 8) : int8 ? 4 * blockRows * (k + 1) : 0);
  // the queries' own quantised rows (sized for 16-bit values, the most bits can ask for)
  const aquant = take(int8 && queries > 0 ? TileQuantized.bytesNeeded(queries, dim, 12) : 0);
  return { scores, indices, thr, packA, packB, spill, queries: q, list, select, aquant, bytes: at };
}

export class TileWorkspace {
  /** Bytes of a region for a model of `rows` × `dim`, heaps of k, query blocks of up to blockRows rows. */
  static bytesNeeded(rows: number, dim: number, k: number, blockRows: number, options: SizeOptions = {}): number {
    return layout(rows, dim, k, blockRows, options.queries ?? 0, options.int8 !== undefined && options.int8 !== false).bytes;
  }

  /**
   * Makes a workspace in a region of `model.memory` (bytesNeeded bytes at regionOffset): writes its header once
   * (magic, version, sizes, offsets) and empties its heaps. The thread that reserved the region calls this; others
   * attach().
   */
  static create(model: TileModel, regionOffset: number, k: number, blockRows: number, options: TileOptions = {}): TileWorkspace {
    wholeAtLeast('rows', model.rows);
    wholeAtLeast('dim', model.dim, 1);
    wholeAtLeast('k', k, 1);
    wholeAtLeast('blockRows', blockRows, 1);
    const queries = wholeAtLeast('queries', options.queries ?? 0);
    if (regionOffset % 16 !== 0 || regionOffset <= 0) throw new RangeError(`the region must be 16-aligned and not at 0, got offset ${regionOffset}`);
    const int8 = options.int8 === undefined ? 0 : typeof options.int8 === 'number' ? options.int8 : options.int8.regionOffset;
    const l = layout(model.rows, model.dim, k, blockRows, queries, int8 !== 0);
    const buffer = bufferOf(model.memory);
    if (regionOffset + l.bytes > buffer.byteLength) throw new RangeError('the region does not fit in the memory');
    let aquant = int8;
    if (int8 !== 0) {
      if (!(model.memory instanceof WebAssembly.Memory)) throw new Error('the quantised path needs the model in a WebAssembly memory');
      const quantized = TileQuantized.attach(model.memory, int8);
      if (quantized.panels && queries === 0) throw new Error('a quantised model stored as panels serves batch queries only');
      if (queries > 0) aquant = TileQuantized.create({ memory: model.memory, rows: queries, dim: model.dim }, regionOffset + l.aquant, quantized.bits).regionOffset; // row q: query q
    }
    const header = new Uint32Array(buffer, regionOffset, HEADER / 4);
    header.fill(0);
    const fields: [number, number][] = [
      [L.H_MAGIC, L.TILE_MAGIC], [L.H_VERSION, L.TILE_VERSION], [L.H_VECTORS, model.vectorsOffset], [L.H_NORMS, model.normsOffset],
      [L.H_DIM, model.dim], [L.H_ROWS, model.rows], [L.H_K, k], [L.H_HEAPS, queries > 0 ? queries : model.rows],
      [L.H_SCORES, regionOffset + l.scores], [L.H_INDICES, regionOffset + l.indices], [L.H_THR, regionOffset + l.thr],
      [L.H_PACKA, regionOffset + l.packA], [L.H_PACKB, regionOffset + l.packB], [L.H_SPILL, regionOffset + l.spill],
      [L.H_QUERIES, regionOffset + l.queries], [L.H_QUANT, int8], [L.H_LIST, regionOffset + l.list], [L.H_SELECT, regionOffset + l.select],
      [L.H_AQUANT, aquant], [L.H_BLOCK_ROWS, blockRows], [L.H_QUERY_CAP, queries],
    ];
    for (const [field, value] of fields) header[field / 4] = value; // −1 (no float32 rows here) is stored as 0xffffffff
    const workspace = new TileWorkspace(model, regionOffset);
    if (!options.leaveHeaps) workspace.resetHeaps();
    return workspace;
  }

  /** Bytes of a gathered workspace (createGathered): blocks of up to blockRows rows, no heaps; `int8`: on a quantised model. */
  static gatheredBytes(dim: number, blockRows: number, int8 = false): number {
    return layout(0, dim, 1, blockRows, 0, int8, true).bytes;
  }

  /**
   * A workspace for tileGathered() only (the approximate engine's threads, one each): its own packing buffers and
   * row list, no heaps; the thresholds it filters by are the float32[rows] at `thrOffset` of the model's memory (the
   * engine's neighbour heap keeps them), and when `heap` is given, the int32[rows · heap.K] indices of the engine's
   * heaps at heap.indices (a side already in its heap is then proposed as ~row, a pair in both not at all). With
   * `int8` (the region offset of a quantised model of these rows, ./tile-int8.ts, made by its creator), tileGathered
   * scores from the quantised rows: approximate scores (gatheredBytes(dim, blockRows, true) bytes). Written once by
   * its creator, like create().
   */
  static createGathered(model: TileModel, regionOffset: number, blockRows: number, thrOffset: number, heap?: { indices: number; K: number }, int8 = 0): TileWorkspace {
    wholeAtLeast('blockRows', blockRows, 1);
    if (regionOffset % 16 !== 0 || regionOffset <= 0) throw new RangeError(`the region must be 16-aligned and not at 0, got offset ${regionOffset}`);
    if (int8 !== 0) {
      if (!(model.memory instanceof WebAssembly.Memory)) throw new Error('the quantised path needs the model in a WebAssembly memory');
      const q = TileQuantized.attach(model.memory, int8);
      if (q.rows !== model.rows || q.dim !== model.dim || q.panels) throw new RangeError(`the quantised model at ${int8} is not this model's rows`);
    }
    const l = layout(model.rows, model.dim, 1, blockRows, 0, int8 !== 0, true);
    const buffer = bufferOf(model.memory);
    if (regionOffset + l.bytes > buffer.byteLength || thrOffset + 4 * model.rows > buffer.byteLength) throw new RangeError('the region does not fit in the memory');
    if (heap && (heap.indices <= 0 || heap.indices % 16 !== 0 || !(heap.K >= 1) || heap.indices + 4 * model.rows * heap.K > buffer.byteLength)) throw new RangeError('the heap indices must be a 16-aligned region of the memory');
    const header = new Uint32Array(buffer, regionOffset, HEADER / 4);
    header.fill(0);
    const fields: [number, number][] = [
      [L.H_MAGIC, L.TILE_MAGIC], [L.H_VERSION, L.TILE_VERSION], [L.H_VECTORS, model.vectorsOffset], [L.H_NORMS, model.normsOffset],
      [L.H_DIM, model.dim], [L.H_ROWS, model.rows], [L.H_K, heap?.K ?? 1], [L.H_HEAPS, 0], [L.H_THR, thrOffset], [L.H_INDICES, heap?.indices ?? 0],
      [L.H_PACKA, regionOffset + l.packA], [L.H_PACKB, regionOffset + l.packB], [L.H_SPILL, regionOffset + l.spill],
      [L.H_LIST, regionOffset + l.list], [L.H_SELECT, regionOffset + l.select], [L.H_BLOCK_ROWS, blockRows], [L.H_GATHERED, 1],
      [L.H_QUANT, int8],
    ];
    for (const [field, value] of fields) header[field / 4] = value;
    return new TileWorkspace(model, regionOffset);
  }

  /**
   * A workspace over a region that create() made (in any thread: what a worker thread is posted): reads its header,
   * refuses a region without a workspace's magic and version or of another model; writes nothing.
   */
  static attach(model: TileModel, regionOffset: number): TileWorkspace {
    return new TileWorkspace(model, regionOffset);
  }

  /** A workspace in a fresh region reserved from a ModelMemory, heaps emptied; release() gives the region back. */
  static reserve(memory: ModelMemory, k: number, blockRows: number, options: TileOptions = {}): { workspace: TileWorkspace; release: () => void } {
    const region = memory.reserve(TileWorkspace.bytesNeeded(memory.rows, memory.dim, k, blockRows, { ...options, int8: options.int8 !== undefined }), 'workspace');
    try {
      return { workspace: TileWorkspace.create(sharedOf(memory), region.offset, k, blockRows, options), release: region.release };
    } catch (e) {
      region.release();
      throw e;
    }
  }

  readonly kernel = 'wasm-simd128';
  readonly vectorsOffset: number;
  readonly normsOffset: number;
  readonly rows: number;
  readonly dim: number;
  /** Heap capacity. */
  readonly k: number;
  /** Rows per query block. */
  readonly blockRows: number;
  /** Number of heaps: the model's rows, or the query capacity in batch-query mode. */
  readonly heaps: number;
  /** Query capacity (0: dictionary mode). */
  readonly queries: number;
  readonly scoresOffset: number;
  readonly indicesOffset: number;
  readonly thrOffset: number;
  readonly queriesOffset: number;
  readonly listOffset: number;
  readonly selectOffset: number;
  /** Region offset of the quantised model (0: none). */
  readonly int8Offset: number;
  /** Bytes of the region. */
  readonly bytes: number;
  /** A gathered workspace (createGathered): tileGathered() only. */
  readonly gathered: boolean;
  private readonly memory: WebAssembly.Memory;
  private readonly wasm: TileExports;
  /** Between sampleHeaps and seedsOf: the heaps' width and rows. */
  private sampling?: { k: number; h0: number; h1: number };

  private constructor(model: TileModel, readonly regionOffset: number) {
    if (regionOffset % 16 !== 0 || regionOffset <= 0) throw new RangeError(`the region must be 16-aligned and not at 0, got offset ${regionOffset}`);
    if (!(model.memory instanceof WebAssembly.Memory) || tileModule() === null) {
      throw new Error('the tile kernels need WebAssembly SIMD128 and the model in a WebAssembly memory (a model under 4 GiB)');
    }
    this.memory = model.memory;
    const header = new Uint32Array(this.buffer(), regionOffset, HEADER / 4);
    const get = (field: number): number => header[field / 4];
    if (get(L.H_MAGIC) !== L.TILE_MAGIC) throw new Error(`no tile workspace at offset ${regionOffset} (magic ${get(L.H_MAGIC).toString(16)})`);
    if (get(L.H_VERSION) !== L.TILE_VERSION) throw new Error(`the tile workspace at ${regionOffset} has layout version ${get(L.H_VERSION)}, this code ${L.TILE_VERSION}`);
    if (get(L.H_ROWS) !== model.rows || get(L.H_DIM) !== model.dim) {
      throw new RangeError(`the tile workspace at ${regionOffset} is for ${get(L.H_ROWS)} x ${get(L.H_DIM)}, not this ${model.rows} x ${model.dim} model`);
    }
    this.vectorsOffset = model.vectorsOffset;
    this.normsOffset = model.normsOffset;
    this.rows = model.rows;
    this.dim = model.dim;
    this.k = get(L.H_K);
    this.blockRows = get(L.H_BLOCK_ROWS);
    this.queries = get(L.H_QUERY_CAP);
    this.heaps = get(L.H_HEAPS);
    this.int8Offset = get(L.H_QUANT);
    this.gathered = get(L.H_GATHERED) === 1;
    this.bytes = layout(this.rows, this.dim, this.k, this.blockRows, this.queries, this.int8Offset !== 0, this.gathered).bytes;
    this.scoresOffset = get(L.H_SCORES);
    this.indicesOffset = get(L.H_INDICES);
    this.thrOffset = get(L.H_THR);
    this.queriesOffset = get(L.H_QUERIES);
    this.listOffset = get(L.H_LIST);
    this.selectOffset = get(L.H_SELECT);
    this.wasm = tileExports(model.memory);
  }

  /** The memory's current buffer (a WebAssembly memory's buffer changes when it grows). */
  buffer(): ArrayBufferLike {
    return bufferOf(this.memory);
  }

  /** Empties heaps [h0, h1) (default: all): every entry the sentinel (NaN, 0x7fffffff). */
  resetHeaps(h0 = 0, h1 = this.heaps): void {
    this.checkHeaps(h0, h1);
    this.wasm.resetHeaps(this.regionOffset, h0, h1);
  }

  /**
   * Empties heaps [h0, h1) down to their seeds, float32 by heap (heap h's at seedsOffset + 4h, in this memory):
   * every entry (seed, 0x7fffffff), so that only candidates scoring at least the seed enter (a NaN seed: resetHeaps).
   * The sentinel entries read as missing (rowsResult), and mergeHeaps skips them.
   */
  seedHeaps(h0: number, h1: number, seedsOffset: number): void {
    this.checkHeaps(h0, h1);
    this.checkSeeds(seedsOffset);
    this.wasm.seedHeaps(this.regionOffset, h0, h1, seedsOffset);
  }

  /**
   * The seeds, step 1 of 2: empties heaps [h0, h1) as heaps of k (≤ the capacity) for a sample of their rows'
   * candidates: a seed needs the sample's k-th best only. Until seedsOf, only these rows may be scored (every heap's
   * layout follows the width); afterwards every heap must be emptied or seeded before other tiles. See sampleHeaps in
   * ./assembly/tiles.ts.
   */
  sampleHeaps(k: number, h0: number, h1: number): void {
    wholeAtLeast('k', k, 1);
    if (k > this.k) throw new RangeError(`k ${k} exceeds the heaps' capacity ${this.k}`);
    if (this.sampling !== undefined) throw new Error('sampleHeaps() twice without seedsOf()');
    this.checkHeaps(h0, h1);
    this.wasm.sampleHeaps(this.regionOffset, k, h0, h1);
    this.sampling = { k, h0, h1 };
  }

  /**
   * The seeds, step 2: writes the seeds of heaps [h0, h1) (float32 at seedsOffset + 4h) from what sampleHeaps' heaps
   * hold, a sample of each row's candidates, each offered once: a lower bound on the score, exact (float32 heaps) or
   * approximate (quantised heaps, with twice the row's error bound taken off), of every member of the row's exact
   * top k over all its candidates; NaN where the heap holds fewer than k. The heaps have their capacity again. See
   * seedsOf in ./assembly/tiles.ts.
   */
  seedsOf(k: number, h0: number, h1: number, seedsOffset: number): void {
    const s = this.sampling;
    if (!s || s.k !== k || s.h0 !== h0 || s.h1 !== h1) throw new Error(`seedsOf(${k}, ${h0}, ${h1}) without sampleHeaps() of the same k and heaps`);
    this.checkSeeds(seedsOffset);
    this.sampling = undefined;
    this.wasm.seedsOf(this.regionOffset, this.k, h0, h1, seedsOffset);
  }

  private checkSeeds(seedsOffset: number): void {
    if (seedsOffset % 4 !== 0 || seedsOffset <= 0 || seedsOffset + 4 * this.heaps > this.buffer().byteLength) throw new RangeError(`the seeds at ${seedsOffset} are not ${this.heaps} float32 inside the memory`);
  }

  /**
   * The tile of rows I = [i0, i1) (at most blockRows rows) against candidates J = [j0, j1): offers s(i, j) with
   * index j to heap i; with `columns` also s(i, j) with index i to heap j (J disjoint from I, so that the engine
   * visits only J after I); `excludeSelf` skips i == j (diagonal tiles, with columns off).
   */
  tile(i0: number, i1: number, j0: number, j1: number, columns = false, excludeSelf = false): void {
    const flags = this.checkTile(i0, i1, j0, j1, columns, excludeSelf);
    this.checkFloats();
    this.wasm.tile(this.regionOffset, i0, i1, j0, j1, flags);
  }

  /** Benchmarks only: the scores of a tile (as tile()), offered to no heap. */
  scoreOnlyTile(i0: number, i1: number, j0: number, j1: number, int8 = false): void {
    this.checkTile(i0, i1, j0, j1, false, false);
    if (!int8) this.checkFloats();
    if (int8) this.wasm.tileInt8(this.regionOffset, i0, i1, j0, j1, L.TILE_SCORE_ONLY);
    else this.wasm.tile(this.regionOffset, i0, i1, j0, j1, L.TILE_SCORE_ONLY);
  }

  /**
   * tile() on the quantised rows (options.int8): offers approximate scores a(i, j) (./tile-int8.ts) to heaps of
   * capacity k = (wanted k) + m; rescoreRows() then makes them exact.
   */
  tileInt8(i0: number, i1: number, j0: number, j1: number, columns = false, excludeSelf = false): void {
    const flags = this.checkTile(i0, i1, j0, j1, columns, excludeSelf);
    if (!this.int8Offset) throw new Error('tileInt8() needs a workspace made with `int8`');
    this.wasm.tileInt8(this.regionOffset, i0, i1, j0, j1, flags);
  }

  /**
   * The quantised path's selection for rows [r0, r1) (at most blockRows), once their approximate heaps here are
   * complete (all tiles seen, workers merged), for the wanted k ≤ this k: per row, k + 1 int32 (this k), the number
   * c of candidates to rescore in float32 followed by their c indices, or c = −1 when the error bound cannot prove the
   * selection complete (the row then needs a float32 pass over all candidates). See ./tile-rescore.ts. The selection
   * is written to the selection area of `scratch` (default this workspace): another int8 workspace in the same
   * memory with the same k, so that threads, each with its own, can select disjoint rows of one workspace at once.
   */
  selectRows(k: number, r0: number, r1: number, scratch: TileWorkspace = this): Int32Array {
    if (!this.int8Offset) throw new Error('selectRows() needs a workspace made with `int8`');
    wholeAtLeast('k', k, 1);
    if (k > this.k) throw new RangeError(`k ${k} exceeds the approximate heaps' capacity ${this.k}`);
    this.checkHeaps(r0, r1);
    if (scratch.memory !== this.memory || !scratch.int8Offset || scratch.k !== this.k) throw new RangeError("the selection's scratch must be an int8 workspace of the same memory and k");
    if (r1 - r0 > scratch.blockRows) throw new RangeError(`${r1 - r0} rows exceed the workspace's blockRows ${scratch.blockRows}`);
    this.wasm.selectRows(this.regionOffset, k, r0, r1, scratch.selectOffset);
    return new Int32Array(this.buffer(), scratch.selectOffset, (r1 - r0) * (this.k + 1)).slice();
  }

  /**
   * The listed distinct heaps h (at most blockRows), each for model row rowBase + h, against candidates [j0, j1):
   * s(i, j) with index j to heap h, skipping j == i with excludeSelf (default true). In a dictionary workspace heap h
   * is row h (rowBase 0); in a batch-query workspace the heaps can stand for any rows (rowBase: wasm kernel only).
   */
  tileList(heaps: Int32Array | readonly number[], j0: number, j1: number, excludeSelf = true, rowBase = 0): void {
    this.checkFloats();
    if (heaps.length > this.blockRows) throw new RangeError(`${heaps.length} rows exceed the workspace's blockRows ${this.blockRows}`);
    checkRange('candidates', j0, j1, this.rows);
    for (const h of heaps) {
      if (!Number.isInteger(h) || h < 0 || h >= this.heaps || rowBase + h >= this.rows) throw new RangeError(`heap ${h} is not a heap of a model row`);
    }
    new Int32Array(this.buffer(), this.listOffset, heaps.length).set(heaps);
    this.wasm.tileList(this.regionOffset, heaps.length, rowBase, j0, j1, excludeSelf ? L.TILE_EXCLUDE_SELF : 0);
  }

  /** The most proposals tileGathered(count, na) can write: the pairs (a, b), a < na, a < b < count. */
  static gatheredPairs(count: number, na: number): number {
    return na * count - (na * (na + 1)) / 2;
  }

  /**
   * The workspace's row list (blockRows int32) as a view, for tileGathered: write the block's model rows there.
   * (Re-take it after the memory grew.)
   */
  gatheredList(): Int32Array {
    return new Int32Array(this.buffer(), this.listOffset, this.blockRows);
  }

  /**
   * A gathered tile (the approximate engine's blocks: a forest leaf, an NN-descent join): the `count` model rows
   * written to gatheredList() (at most blockRows), every pair of positions (a, b) with a < na ≤ count and
   * a < b < count scored exactly as tile() scores it (the same bits), and each pair whose score is not below the
   * threshold of either row's heap here (slot 0's score; NaN, an unfilled heap, passes) written as a proposal at byte
   * offset `out` of this memory: GATHERED_PROPOSAL_BYTES each (int32 row a, int32 row b, float32 score), at most
   * `capacity` (≥ gatheredPairs(count, na)). Two positions holding one row are skipped. Returns the number written.
   * The heaps are only read (the caller applies the proposals).
   */
  tileGathered(count: number, na: number, out: number, capacity: number): number {
    if (this.queries > 0) throw new Error('tileGathered() needs a dictionary workspace (one without `queries`)');
    this.checkFloats();
    if (!Number.isInteger(count) || count < 0 || count > this.blockRows) throw new RangeError(`${count} rows exceed the workspace's blockRows ${this.blockRows}`);
    if (!Number.isInteger(na) || na < 0 || na > count) throw new RangeError(`na must be a whole number from 0 to ${count}, got ${na}`);
    if (capacity < TileWorkspace.gatheredPairs(count, na)) throw new RangeError(`room for ${capacity} proposals, the tile may write ${TileWorkspace.gatheredPairs(count, na)}`);
    if (out % 4 !== 0 || out <= 0 || out + capacity * L.GATHERED_PROPOSAL_BYTES > this.buffer().byteLength) throw new RangeError('the proposals do not fit in the memory');
    this.checkListed(count);
    return this.wasm.tileGathered(this.regionOffset, count, na, out);
  }

  /** Views of the row list and of scoreListed's scores (the same until the memory grows). */
  private listed?: { rows: Int32Array; scores: Float32Array };

  /** The list and score views, taken again after the memory grew. */
  private listedViews(): { rows: Int32Array; scores: Float32Array } {
    const buffer = this.buffer();
    if (!this.listed || this.listed.rows.buffer !== buffer) {
      this.listed = { rows: new Int32Array(buffer, this.listOffset, this.blockRows), scores: new Float32Array(buffer, this.selectOffset, this.blockRows) };
    }
    return this.listed;
  }

  /** Checks that the first `count` listed rows (gatheredList()) are rows of the model. */
  private checkListed(count: number): void {
    const list = this.listedViews().rows;
    for (let p = 0; p < count; p++) if (!(list[p] >= 0 && list[p] < this.rows)) throw new RangeError(`listed row ${list[p]} is not a row of the model`);
  }

  /**
   * The exact float32 scores (tile()'s bits) of model row `row` against the first `count` rows of gatheredList() (a
   * gathered workspace; count ≤ blockRows): the first count float32 of the view returned (blockRows long, in this
   * workspace), in list order, valid until the next call.
   */
  scoreListed(row: number, count: number): Float32Array {
    if (!this.gathered) throw new Error('scoreListed() needs a gathered workspace');
    this.checkFloats();
    if (!Number.isInteger(count) || count < 0 || count > this.blockRows) throw new RangeError(`${count} rows exceed the workspace's blockRows ${this.blockRows}`);
    checkRange("the model's rows", row, row + 1, this.rows);
    this.checkListed(count);
    this.wasm.scoreListed(this.regionOffset, row, count);
    return this.listedViews().scores;
  }

  /**
   * Writes batch queries, count × dim float32 (row-major), at query numbers [q0, q0 + count). With `normalize`,
   * each is scaled to unit length first (gensim's unitvec: float64 length, times 1/length; a zero vector stays
   * zero, so it scores 0 everywhere); otherwise the vectors are used as given (they should be unit vectors).
   */
  setQueries(vectors: Float32Array, q0 = 0, options: { normalize?: boolean } = {}): void {
    const dim = this.dim, count = vectors.length / dim;
    if (!Number.isInteger(count)) throw new RangeError(`${vectors.length} values are not whole queries of ${dim} dimensions`);
    checkRange('queries', q0, q0 + count, this.queries);
    const out = new Float32Array(this.buffer(), this.queriesOffset + 4 * q0 * dim, count * dim);
    out.set(vectors);
    if (options.normalize) {
      for (let q = 0; q < count; q++) {
        let sum = 0;
        for (let p = 0; p < dim; p++) sum += out[q * dim + p] ** 2;
        const length = Math.sqrt(sum), scale = length > 0 ? 1 / length : 1;
        for (let p = 0; p < dim; p++) out[q * dim + p] *= scale;
      }
    }
    this.wasm.forgetPacked(this.regionOffset);
  }

  /** Queries [q0, q1) (at most blockRows) against model rows [j0, j1): s(q, j) with index j to heap q. */
  tileQueries(q0: number, q1: number, j0: number, j1: number): void {
    if (this.queries === 0) throw new Error('tileQueries() needs a workspace made with `queries`');
    this.checkFloats();
    checkRange('queries', q0, q1, this.queries);
    checkRange('candidates', j0, j1, this.rows);
    if (q1 - q0 > this.blockRows) throw new RangeError(`${q1 - q0} queries exceed the workspace's blockRows ${this.blockRows}`);
    this.wasm.tileQueries(this.regionOffset, q0, q1, j0, j1);
  }

  /**
   * tileQueries() on the quantised model (a batch-query workspace made with `int8`): quantises queries [q0, q1)
   * and offers their approximate scores a(q, j) against model rows [j0, j1) to heaps of capacity k = (wanted k) + m;
   * an exact workspace's rescoreQueries() then makes them exact.
   */
  tileQueriesInt8(q0: number, q1: number, j0: number, j1: number): void {
    if (this.queries === 0 || !this.int8Offset) throw new Error('tileQueriesInt8() needs a workspace made with `queries` and `int8`');
    checkRange('queries', q0, q1, this.queries);
    checkRange('candidates', j0, j1, this.rows);
    if (q1 - q0 > this.blockRows) throw new RangeError(`${q1 - q0} queries exceed the workspace's blockRows ${this.blockRows}`);
    this.wasm.tileQueriesInt8(this.regionOffset, q0, q1, j0, j1);
  }

  /**
   * Fills heaps [0, count) of this float32 batch-query workspace with the exact k best of queries [0, count)
   * against model rows [j0, j1), from the approximate heaps of `approx` (an int8 batch-query workspace in the same
   * memory, holding the same queries, whose tileQueriesInt8 saw exactly [j0, j1), capacity ≥ this k): the
   * candidates the error bound keeps are rescored in float32, bit-identical to tileQueries; a query whose selection
   * is not provably complete gets a float32 pass over [j0, j1). Returns those queries. (See ./tile-int8.ts.)
   */
  rescoreQueries(approx: TileWorkspace, count: number, j0: number, j1: number): number[] {
    if (this.queries === 0 || this.int8Offset !== 0) throw new Error('rescoreQueries() needs a float32 workspace made with `queries`');
    if (approx.queries === 0 || !approx.int8Offset || approx.memory !== this.memory) throw new Error('rescoreQueries() needs an int8 batch-query workspace in the same memory');
    if (approx.k < this.k) throw new RangeError(`the approximate heaps (${approx.k}) must hold at least k = ${this.k}`);
    checkRange('queries', 0, count, Math.min(this.queries, approx.queries, this.blockRows, approx.blockRows));
    this.checkFloats();
    const stride = approx.k + 1;
    this.wasm.selectRows(approx.regionOffset, this.k, 0, count, approx.selectOffset);
    this.wasm.rescoreSelected(this.regionOffset, approx.selectOffset, stride, 0, count, L.RESCORE_QUERIES);
    const selection = new Int32Array(this.buffer(), approx.selectOffset, count * stride);
    const unproven: number[] = [];
    for (let q = 0; q < count; q++) if (selection[q * stride] < 0) unproven.push(q);
    for (const q of unproven) this.tileQueries(q, q + 1, j0, j1);
    return unproven;
  }

  /**
   * Heaps [r0, r1) in rank order: k entries per row, row r at (r - r0)·k, best first; when a row saw fewer than k
   * candidates, its missing entries come last as index -1, score NaN. The heaps stay as they are.
   */
  rowsResult(r0: number, r1: number): TopKResult {
    this.checkHeaps(r0, r1);
    this.wasm.sortRows(this.regionOffset, r0, r1);
    const n = (r1 - r0) * this.k, buffer = this.buffer();
    const indices = new Int32Array(buffer, this.indicesOffset + 4 * r0 * this.k, n).slice();
    const scores = new Float32Array(buffer, this.scoresOffset + 4 * r0 * this.k, n).slice();
    this.wasm.restoreRows(this.regionOffset, r0, r1);
    for (let e = 0; e < n; e++) {
      if (indices[e] === L.SENTINEL_INDEX) {
        indices[e] = -1;
        scores[e] = NaN; // a seeded heap's empty slots hold its seed
      }
    }
    return { indices, scores };
  }

  /**
   * Offers every entry of heaps [r0, r1) of another workspace (same memory, same k; a TileWorkspace or the offset
   * of its region, whose header its own attach() wrote) to the same heaps here.
   */
  mergeHeaps(other: TileWorkspace | number, r0: number, r1: number): void {
    this.checkHeaps(r0, r1);
    const otherOffset = typeof other === 'number' ? other : other.regionOffset;
    const header = new Uint32Array(this.buffer(), otherOffset, HEADER / 4);
    if (header[L.H_MAGIC / 4] !== L.TILE_MAGIC || header[L.H_K / 4] !== this.k || header[L.H_HEAPS / 4] < r1) throw new RangeError('the other workspace has another k or too few heaps');
    this.wasm.mergeHeaps(this.regionOffset, otherOffset, r0, r1);
  }

  /**
   * The raw heaps [r0, r1) as views of the shared memory (k entries per row in heap order, empty slots (NaN,
   * 0x7fffffff)): copied, a checkpoint, for restoreHeaps.
   */
  heapViews(r0: number, r1: number): { scores: Float32Array; indices: Int32Array } {
    this.checkHeaps(r0, r1);
    const n = (r1 - r0) * this.k, buffer = this.buffer();
    return {
      scores: new Float32Array(buffer, this.scoresOffset + 4 * r0 * this.k, n),
      indices: new Int32Array(buffer, this.indicesOffset + 4 * r0 * this.k, n),
    };
  }

  /** Puts back heaps saved from heapViews, from row r0 on (replacing what those heaps held): raw heaps, as they were. */
  restoreHeaps(r0: number, scores: Float32Array, indices: Int32Array): void {
    const rows = scores.length / this.k;
    if (!Number.isInteger(rows) || indices.length !== scores.length) throw new RangeError('heap arrays of whole rows of k entries expected');
    this.checkHeaps(r0, r0 + rows);
    const buffer = this.buffer();
    new Float32Array(buffer, this.scoresOffset + 4 * r0 * this.k, scores.length).set(scores);
    new Int32Array(buffer, this.indicesOffset + 4 * r0 * this.k, indices.length).set(indices);
    const thr = new Float32Array(buffer, this.thrOffset, this.heaps);
    for (let r = 0; r < rows; r++) thr[r0 + r] = scores[r * this.k]; // slot 0: the entry to beat
    this.wasm.forgetPacked(this.regionOffset);
  }

  private checkTile(i0: number, i1: number, j0: number, j1: number, columns: boolean, excludeSelf: boolean): number {
    if (this.queries > 0) throw new Error('tile() needs a dictionary workspace (one without `queries`)');
    checkRange('rows', i0, i1, this.rows);
    checkRange('candidates', j0, j1, this.rows);
    if (i1 - i0 > this.blockRows) throw new RangeError(`${i1 - i0} rows exceed the workspace's blockRows ${this.blockRows}`);
    if (columns && i0 < j1 && j0 < i1) throw new RangeError('a tile with columns needs disjoint I and J');
    return (columns ? L.TILE_COLUMNS : 0) | (excludeSelf ? L.TILE_EXCLUDE_SELF : 0);
  }

  /** The float32 kernels read the model's rows: refused in a memory without them (the split layout's). */
  private checkFloats(): void {
    if (this.vectorsOffset < 0) throw new Error('this workspace is in a memory without the float32 rows: int8 tiles only');
  }

  private checkHeaps(h0: number, h1: number): void {
    checkRange('heaps', h0, h1, this.heaps);
  }

}

/** The current buffer of a memory (a WebAssembly memory's buffer changes when it grows). */
export function bufferOf(memory: WebAssembly.Memory | SharedArrayBuffer): ArrayBufferLike {
  return memory instanceof WebAssembly.Memory ? memory.buffer : memory;
}

/** bytesNeeded options. */
export interface SizeOptions {
  queries?: number;
  /** Whether the workspace will use the quantised path (its panels are sized for it). */
  int8?: boolean | TileQuantized | number;
}

/** The TileModel of a ModelMemory. */
export function sharedOf(memory: ModelMemory): TileModel {
  return { memory: memory.wasm ?? memory.buffer, vectorsOffset: memory.vectorsOffset, normsOffset: memory.normsOffset, rows: memory.rows, dim: memory.dim };
}
