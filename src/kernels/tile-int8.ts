/**
 * The quantised model of the dictionary's int8 path, and the proof that its answers are exactly the float32 path's.
 *
 * Per-row scaled quantisation of the unit rows (./assembly/tiles-int8.ts): u_i = v_i / norm_i (float32, as in the
 * float32 tiles), scale_i = max|u_i| / qmax, q_i = round(u_i / scale_i) (qmax = 127 for 8 bits, stored as int8; up
 * to 2047 for 12 bits, stored as int16), e_i = u_i − scale_i·q_i, so |e_i[p]| ≤ scale_i / 2.
 *
 * Bits: the kernel multiplies int16 panels (i32x4.dot_i16x8_s) whatever the bits, so 8 to 12 bits run at the same
 * speed; more bits shrink ε (below) 16-fold from 8 to 12 and with it the extra candidates m a row needs. On
 * glove10k-100d (k = 10): 8 bits leave 7% of the rows unproven even with m = 30 (they take the float32 fallback,
 * which makes the whole slower than the float32 path), 12 bits leave none with m = 10. The default is therefore
 * bitsFor(dim): 12 bits, fewer only where dimPad·qmax² would overflow int32 (dim > 512). The int8 tiles (TileWorkspace with
 * `int8`, tileInt8) offer the approximate score a(i, j) = f32(D)·f32(scale_i·scale_j), D = q_i·q_j (exact integer),
 * to heaps of capacity K = k + m.
 *
 * Error bound. Let s(i, j) be the float32 path's score (Σ u_i[p]·u_j[p] summed in order in float32) and
 * R = u_i·u_j the exact real dot product of the same float32 unit rows. With û = scale·q = u − e:
 *   R − scale_i·scale_j·D = u_i·e_j + e_i·u_j − e_i·e_j   ⇒  |·| ≤ ‖u_i‖‖e_j‖ + ‖e_i‖‖u_j‖ + ‖e_i‖‖e_j‖  (Cauchy–Schwarz)
 *   |s − R| ≤ γ(d+1)·Σ|u_i[p]·u_j[p]| ≤ γ(d+1)·‖u_i‖‖u_j‖      (recursive float32 summation; γ(n) = n·2^-24/(1 − n·2^-24))
 *   |a − scale_i·scale_j·D| ≤ 3.01·2^-24·‖û_i‖‖û_j‖ ≤ 3.01·2^-24·(‖u_i‖ + ‖e_i‖)(‖u_j‖ + ‖e_j‖)   (three roundings)
 * With U ≥ max_j ‖u_j‖ and E ≥ max_j ‖e_j‖ over the model's rows (float64 sums rounded up to float32), every
 * candidate j of row i satisfies |s(i, j) − a(i, j)| ≤ ε_i where
 *   ε_i = ‖u_i‖·E + ‖e_i‖·U + ‖e_i‖·E + γ(d+1)·‖u_i‖·U + 3.01·2^-24·(‖u_i‖ + ‖e_i‖)(U + E).
 * (For 8 bits and d = 300, ‖e‖ ≈ 0.29·scale·√d ≈ 0.01 and ε_i ≈ 0.02; 12 bits make it 16× smaller.)
 *
 * Selection rule (rescoreRows). Let a_k be row i's k-th best approximate score and T its exact k-th best score.
 * Every one of the k approximate best has s ≥ a − ε_i ≥ a_k − ε_i, so T ≥ a_k − ε_i; every exact top-k member c
 * has a(c) ≥ s(c) − ε_i ≥ T − ε_i ≥ a_k − 2ε_i. So when the K-th (last) entry of the approximate heap has
 * a_K < a_k − 2ε_i, no candidate outside the heap (a ≤ a_K) can be in the exact top-k: rescoring the heap's entries
 * with a ≥ a_k − 2ε_i in float32 (bit-identical to the tiles) and keeping the exact k best gives exactly the float32
 * path's row, ties and order included. Also complete: a heap that saw fewer than K candidates (it saw them all), or
 * whose a_k or a_K is NaN (NaN ⟺ a zero or non-finite row, in both paths; NaN ranks last, so the heap holds every
 * finite candidate). Rows where none of this holds are recomputed by a float32 pass (tileList).
 * The margin is applied as 2ε_i·(1 + 1e-9), in float64. (TileWorkspace.selectRows applies the rule, TileRescorer in
 * ./tile-rescore.ts rescores.)
 *
 * Batch queries (TileQueries, ./tile-queries.ts) use the same rule with the query q in place of row i: q is
 * quantised like a row (its own scale, ‖e_q‖ and ‖q‖; the query is used as given, as in the float32 tiles), the
 * candidates' E and U are the model's, and the bound holds as derived, with u_i := q.
 *
 * Layouts: the quantised values are row-major (the dictionary packs them into panels as it goes), or, with
 * `panels`, stored already packed as the 8-row B panels of the int16 micro-kernel, so that batch queries stream the
 * model without packing it (16-bit values only: bits 9 to 12).
 *
 * Where it lives: a region of the model's memory, or of another WebAssembly memory (the dictionary's split layout,
 * for a model too big to share its memory with the quantised rows): the float32 rows are then copied over in chunks
 * to be quantised (reserve's `into`), and only the int8 tiles and selectRows run there.
 */
import { checkRange, wholeInRange } from '../checks/arguments.js';
import * as L from './layout.js';
import { align16, type ModelMemory, type Region } from '../vectors/model-memory.js';
import { tileExports, tileModule, type TileExports } from './tile-module.js';
import type { TileModel } from './tile-workspace.js';

const HEADER = L.QUANT_HEADER_BYTES;

/** Options of a quantised model. */
export interface QuantizedOptions {
  /** Store the values packed as 8-row B panels (batch queries only; needs bits > 8). */
  panels?: boolean;
}

/** Throws unless `bytes` bytes at `offset` are inside the memory. */
function checkRegion(memory: WebAssembly.Memory, offset: number, bytes: number): void {
  if (offset + bytes > memory.buffer.byteLength) throw new RangeError('the region does not fit in the memory');
}

/** Bytes of float32 rows copied at a time into the quantised model's memory when the model is in another one. */
const COPY_BYTES = 4 << 20;

function layout(rows: number, dim: number, bits: number, panels = false) {
  const dimPad = TileQuantized.dimPad(dim), bytes = bits <= 8 ? 1 : 2;
  if (panels && bytes !== 2) throw new RangeError(`panels hold 16-bit values: bits must be 9 to 12, got ${bits}`);
  let at = HEADER;
  const take = (n: number): number => {
    const here = at;
    at = align16(at + n);
    return here;
  };
  const values = take((panels ? Math.ceil(rows / 8) * 8 : rows) * dimPad * bytes);
  const scales = take(4 * rows + 32); // + 32: 8-lane loads at the last rows stay inside
  const enorms = take(4 * rows + 32);
  const unorms = take(4 * rows + 32);
  return { dimPad, bytes, panels, values, scales, enorms, unorms, total: at };
}

export class TileQuantized {
  /** dim rounded up to a multiple of 8 (the quantised rows are zero-padded to it). */
  static dimPad(dim: number): number {
    return Math.max(8, Math.ceil(dim / 8) * 8);
  }

  /** The most bits (at most 12) whose int32 dot products cannot overflow over `dim` dimensions. */
  static bitsFor(dim: number): number {
    const pad = TileQuantized.dimPad(dim);
    let bits = 12;
    while (bits > 2 && pad * TileQuantized.qmax(bits) ** 2 > 2 ** 31 - 1) bits--;
    return bits;
  }

  /** The largest quantised magnitude for `bits` bits (2 to 12): 2^(bits−1) − 1, e.g. 127 for 8. */
  static qmax(bits: number): number {
    wholeInRange('bits', bits, 2, 12);
    return 2 ** (bits - 1) - 1;
  }

  /** Bytes of the region of a quantised model of rows × dim at `bits` bits (8 or fewer: one byte a value, else two). */
  static bytesNeeded(rows: number, dim: number, bits = TileQuantized.bitsFor(dim), options: QuantizedOptions = {}): number {
    TileQuantized.qmax(bits);
    return layout(rows, dim, bits, options.panels).total;
  }

  /**
   * Makes a quantised model in a region of a WebAssembly memory (the model's `memory`, or another one): writes the
   * header once (magic, version, sizes, offsets); the rows are quantised by quantize() (any thread, disjoint
   * ranges), then finish() (once, after all of them).
   */
  static create(model: Pick<TileModel, 'memory' | 'rows' | 'dim'>, regionOffset: number, bits = TileQuantized.bitsFor(model.dim), options: QuantizedOptions = {}): TileQuantized {
    if (!(model.memory instanceof WebAssembly.Memory)) throw new Error('the quantised path needs the model in a WebAssembly memory');
    TileQuantized.qmax(bits);
    checkRegion(model.memory, regionOffset, layout(model.rows, model.dim, bits, options.panels).total);
    const at = layout(model.rows, model.dim, bits, options.panels), qmax = TileQuantized.qmax(bits);
    if (at.dimPad * qmax * qmax > 2 ** 31 - 1) {
      throw new RangeError(`${bits}-bit values over ${model.dim} dimensions could overflow the int32 dot products; use fewer bits`);
    }
    const h = new Uint32Array(model.memory.buffer, regionOffset, HEADER / 4);
    h.fill(0);
    const fields: [number, number][] = [
      [L.Q_MAGIC, L.QUANT_MAGIC], [L.Q_VERSION, L.QUANT_VERSION], [L.Q_DIM, model.dim], [L.Q_DIM_PAD, at.dimPad], [L.Q_ROWS, model.rows],
      [L.Q_QMAX, qmax], [L.Q_BYTES, at.bytes], [L.Q_VALUES, regionOffset + at.values], [L.Q_SCALES, regionOffset + at.scales],
      [L.Q_ENORMS, regionOffset + at.enorms], [L.Q_UNORMS, regionOffset + at.unorms], [L.Q_PANELS, at.panels ? 1 : 0],
    ];
    for (const [field, value] of fields) h[field / 4] = value;
    return new TileQuantized(model.memory, regionOffset);
  }

  /** The quantised model that create() made at `regionOffset` of `memory` (any thread): reads its header, writes nothing. */
  static attach(memory: WebAssembly.Memory, regionOffset: number): TileQuantized {
    return new TileQuantized(memory, regionOffset);
  }

  /**
   * Reserves a region of `into` (default: the model's own memory) and quantises the whole model in this thread. When
   * `into` is another memory, the float32 rows are copied into its scratch space a few MB at a time.
   */
  static reserve(memory: ModelMemory, bits = TileQuantized.bitsFor(memory.dim), into = memory, options: QuantizedOptions = {}): { quantized: TileQuantized; release: () => void } {
    const region = TileQuantized.regionFor(memory, bits, into, options);
    try {
      const quantized = TileQuantized.create({ memory: into.wasm!, rows: memory.rows, dim: memory.dim }, region.offset, bits, options);
      quantized.quantizeFrom(memory, into, 0, memory.rows);
      quantized.finish();
      return { quantized, release: region.release };
    } catch (e) {
      region.release();
      throw e;
    }
  }

  /**
   * reserve() a slice at a time, yielding to the event loop between slices of about COPY_BYTES of float32 rows (a
   * 3M x 300 model takes some 15 s to quantise: a caller's server must not stall that long).
   */
  static async reserveYielding(memory: ModelMemory, bits = TileQuantized.bitsFor(memory.dim), into = memory, options: QuantizedOptions = {}): Promise<{ quantized: TileQuantized; release: () => void }> {
    const region = TileQuantized.regionFor(memory, bits, into, options);
    try {
      return { quantized: await TileQuantized.quantizeYielding(memory, into, region.offset, bits, options), release: region.release };
    } catch (e) {
      region.release();
      throw e;
    }
  }

  /** A region of `into` for the quantised rows of `memory`'s model (named for what it will hold). */
  private static regionFor(memory: ModelMemory, bits: number, into: ModelMemory, options: QuantizedOptions): Region {
    if (!memory.wasm || !into.wasm) throw new Error('the quantised path needs the model in a WebAssembly memory');
    return into.reserve(TileQuantized.bytesNeeded(memory.rows, memory.dim, bits, options), options.panels ? 'quantised panels' : 'quantised rows');
  }

  /**
   * Quantises the model in `memory` into a region of `into` (bytesNeeded bytes at `offset`, already reserved: a
   * memory plan's), a slice at a time with turns of the event loop between slices.
   */
  static async quantizeYielding(memory: ModelMemory, into: ModelMemory, offset: number, bits = TileQuantized.bitsFor(memory.dim), options: QuantizedOptions = {}): Promise<TileQuantized> {
    if (!memory.wasm || !into.wasm) throw new Error('the quantised path needs the model in a WebAssembly memory');
    const quantized = TileQuantized.create({ memory: into.wasm, rows: memory.rows, dim: memory.dim }, offset, bits, options);
    const chunk = Math.max(1, Math.floor(COPY_BYTES / (4 * memory.dim)));
    for (let r0 = 0; r0 < memory.rows; r0 += chunk) {
      quantized.quantizeFrom(memory, into, r0, Math.min(memory.rows, r0 + chunk));
      await new Promise((resolve) => setImmediate(resolve));
    }
    quantized.finish();
    return quantized;
  }

  /**
   * Quantises rows [r0, r1) of the model in `memory` into this region of `into`: in place when they are the same
   * memory, else through `into`'s scratch space a few MB of float32 rows at a time.
   */
  private quantizeFrom(memory: ModelMemory, into: ModelMemory, r0: number, r1: number): void {
    if (into === memory) {
      this.quantize(r0, r1, memory.vectorsOffset + 4 * r0 * memory.dim, memory.normsOffset + 4 * r0); // row r0 first
      return;
    }
    const dim = memory.dim;
    const chunk = Math.max(1, Math.floor(COPY_BYTES / (4 * dim)));
    const vectors = into.allocScratch(4 * Math.min(chunk, r1 - r0) * dim), norms = into.allocScratch(4 * Math.min(chunk, r1 - r0));
    try {
      for (let a = r0; a < r1; a += chunk) {
        const b = Math.min(r1, a + chunk);
        new Float32Array(into.buffer, vectors, (b - a) * dim).set(memory.vectors().subarray(a * dim, b * dim));
        new Float32Array(into.buffer, norms, b - a).set(memory.norms().subarray(a, b));
        this.quantize(a, b, vectors, norms);
      }
    } finally {
      into.resetScratch();
    }
  }

  readonly rows: number;
  readonly dim: number;
  readonly dimPad: number;
  readonly qmax: number;
  readonly bits: number;
  readonly bytes: number;
  /** Whether the values are stored as 8-row B panels (batch queries only). */
  readonly panels: boolean;
  private readonly wasm: TileExports;
  private readonly at: ReturnType<typeof layout>;

  private constructor(private readonly memory: WebAssembly.Memory, readonly regionOffset: number) {
    if (tileModule() === null) throw new Error('the quantised path needs the WebAssembly SIMD kernel');
    if (regionOffset % 16 !== 0 || regionOffset <= 0) throw new RangeError(`the region must be 16-aligned and not at 0, got ${regionOffset}`);
    const h = new Uint32Array(memory.buffer, regionOffset, HEADER / 4);
    const get = (field: number): number => h[field / 4];
    if (get(L.Q_MAGIC) !== L.QUANT_MAGIC) throw new Error(`no quantised model at offset ${regionOffset} (magic ${get(L.Q_MAGIC).toString(16)})`);
    if (get(L.Q_VERSION) !== L.QUANT_VERSION) throw new Error(`the quantised model at ${regionOffset} has layout version ${get(L.Q_VERSION)}, this code ${L.QUANT_VERSION}`);
    this.wasm = tileExports(memory);
    this.rows = get(L.Q_ROWS);
    this.dim = get(L.Q_DIM);
    this.qmax = get(L.Q_QMAX);
    this.bits = Math.log2(this.qmax + 1) + 1;
    this.at = layout(this.rows, this.dim, this.bits, get(L.Q_PANELS) === 1);
    this.panels = this.at.panels;
    this.dimPad = this.at.dimPad;
    this.bytes = this.at.total;
    checkRegion(memory, regionOffset, this.bytes);
  }

  /**
   * Quantises model rows [r0, r1), whose float32 vectors (row-major, row r0 first) and norms are at the byte offsets
   * `vectors` and `norms` of this memory: the model's own, or a copy of those rows.
   */
  quantize(r0: number, r1: number, vectors: number, norms: number): void {
    checkRange("the model's rows", r0, r1, this.rows);
    const end = this.memory.buffer.byteLength;
    if (vectors < 0 || norms < 0 || vectors + 4 * (r1 - r0) * this.dim > end || norms + 4 * (r1 - r0) > end) throw new RangeError('the rows to quantise are not in the memory');
    this.wasm.quantizeRows(this.regionOffset, r0, r1, vectors, norms);
  }

  /** Computes U = max ‖u_j‖ and E = max ‖e_j‖ over the quantised rows (call once, after every row is quantised). */
  finish(): void {
    const { enorms, unorms } = this.arrays();
    let e = 0, u = 0;
    for (let r = 0; r < this.rows; r++) {
      if (enorms[r] > e) e = enorms[r];
      if (unorms[r] > u) u = unorms[r];
    }
    const f = new Float32Array(this.memory.buffer, this.regionOffset, HEADER / 4);
    f[L.Q_MAX_E / 4] = e;
    f[L.Q_MAX_U / 4] = u;
  }

  /** E and U of the error bound. */
  get maxima(): { maxE: number; maxU: number } {
    const f = new Float32Array(this.memory.buffer, this.regionOffset, HEADER / 4);
    return { maxE: f[L.Q_MAX_E / 4], maxU: f[L.Q_MAX_U / 4] };
  }

  /** ε_i of row i: a bound on |s(i, j) − a(i, j)| for every row j (see above): the kernel's own, which selectRows applies. */
  bound(i: number): number {
    checkRange("the model's rows", i, i + 1, this.rows);
    return this.wasm.errorBound(this.regionOffset, this.regionOffset, i);
  }

  /**
   * Views of the per-row data (scales NaN for rows whose unit vector is not finite). `values` is row-major, or in
   * panel order with `panels`: value p of row i at 8·dimPad·(i >> 3) + 16·(p >> 1) + 2·(i & 7) + (p & 1).
   */
  arrays(): { values: Int8Array | Int16Array; scales: Float32Array; enorms: Float32Array; unorms: Float32Array } {
    const b = this.memory.buffer, o = this.regionOffset, n = this.rows;
    const count = (this.panels ? Math.ceil(n / 8) * 8 : n) * this.dimPad;
    return {
      values: this.at.bytes === 1 ? new Int8Array(b, o + this.at.values, count) : new Int16Array(b, o + this.at.values, count),
      scales: new Float32Array(b, o + this.at.scales, n),
      enorms: new Float32Array(b, o + this.at.enorms, n),
      unorms: new Float32Array(b, o + this.at.unorms, n),
    };
  }
}
