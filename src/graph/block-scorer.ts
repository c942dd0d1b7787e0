/**
 * Exact float32 scores of small gathered blocks of rows (a forest leaf, one row's join candidates), bit-identical to
 * the exact engine's tiles (../kernels/assembly/tiles.ts): u_r[p] = v_r[p] / norm_r, one float32 division per
 * element, and s(a, b) = Σ_p u_a[p]·u_b[p] summed for p = 0, 1, ..., dim−1 in that order, one float32 multiply and
 * one float32 add per term. (In JavaScript: a product of two float32 is exact in float64, so rounding it once with
 * Math.fround is the float32 product; a float64 sum of two float32 rounded to float32 is the float32 sum, since
 * float64 has more than 2·24 + 2 bits.) A zero row has norm 0, so its u is NaN and all its scores are NaN.
 *
 * The block's rows are gathered once into a scratch of unit rows (capacity × dim float32, in a region of the model's
 * memory), then every pair is scored from there: a leaf of m rows costs m·dim divisions and m²/2 dot products, with
 * the rows in cache. (The gathered-tile WebAssembly kernel, packed panels of 4 × 8, is to replace the pair loop.)
 */
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { reserveArrays, type ArrayRegion } from './regions.js';

/** A scorer of gathered blocks: this TypeScript one, or the gathered tile kernel's (./gathered-scorer.ts). */
export interface PairScorer {
  /** Most rows of a block. */
  readonly capacity: number;
  /** Rows gathered so far. */
  count: number;
  /** Appends model row `row` as the next slot (call after setting count = 0 for a new block). */
  add(row: number): void;
  /** Gathers rows list[from .. to) as the block; returns their count. */
  gather(list: Int32Array | readonly number[], from?: number, to?: number): number;
  /**
   * The pairs (a, b) of slots, a < na, a < b < count, of two different rows, written as proposals (row a, row b,
   * exact score) into the thread's proposal buffer from entry `at` (room: entries left, at least the slot pairs):
   * the kernel's only those that pass either row's heap threshold, this scorer's all. Returns the number written.
   */
  propose(na: number, at: number, room: number): number;
  /**
   * The exact float32 scores (the exact engine's bits) of model row `row` against the gathered rows, in slot order
   * (a view, valid until the next call): the gathered kernel's, for the rescoring of a graph built on quantised rows.
   */
  scoreRow?(row: number): Float32Array;
}

/** Slot pairs (a, b) with a < na, a < b < count. */
export function pairsOf(count: number, na: number): number {
  return na * count - (na * (na + 1)) / 2;
}

export class BlockScorer implements PairScorer {
  /** Unit rows of the gathered block: slot s at s·dim. */
  readonly units: Float32Array;
  /** The model rows of the gathered slots. */
  readonly rows: Int32Array;
  count = 0;
  private readonly vectors: Float32Array;
  private readonly norms: Float32Array;
  private readonly dim: number;
  private readonly region: ArrayRegion;

  /** Proposals go to int32 / float32 views of one buffer (3 values per entry), when given. */
  private readonly outI: Int32Array | undefined;
  private readonly outS: Float32Array | undefined;

  constructor(model: KeyedVectors, readonly capacity: number, proposals?: ArrayBufferLike, proposalsOffset = 0, proposalsCapacity = 0) {
    if (proposals) {
      this.outI = new Int32Array(proposals, proposalsOffset, 3 * proposalsCapacity);
      this.outS = new Float32Array(proposals, proposalsOffset, 3 * proposalsCapacity);
    }
    this.dim = model.dim;
    this.vectors = model.vectors;
    this.norms = model.norms;
    const { region, at } = reserveArrays(model, 'ann block', [4 * capacity * this.dim, 4 * capacity]);
    this.region = region;
    this.units = new Float32Array(region.buffer, at[0], capacity * this.dim);
    this.rows = new Int32Array(region.buffer, at[1], capacity);
  }

  /** Gathers rows list[from .. to) (at most capacity) into slots 0, 1, ...; returns their count. */
  gather(list: Int32Array | readonly number[], from = 0, to = list.length): number {
    const count = to - from;
    if (count > this.capacity) throw new RangeError(`${count} rows exceed the block capacity ${this.capacity}`);
    this.count = 0;
    for (let r = from; r < to; r++) this.add(list[r]);
    return count;
  }

  /** Appends model row `row` as the next slot. */
  add(row: number): void {
    const dim = this.dim, s = this.count++;
    const v = this.vectors, u = this.units, nrm = this.norms[row];
    this.rows[s] = row;
    for (let p = 0, src = row * dim, dst = s * dim; p < dim; p++) u[dst + p] = v[src + p] / nrm; // rounded on store
  }

  /** The exact float32 score of slots a and b. */
  score(a: number, b: number): number {
    const u = this.units, dim = this.dim;
    let acc = 0;
    for (let p = 0, x = a * dim, y = b * dim; p < dim; p++) acc = Math.fround(acc + Math.fround(u[x + p] * u[y + p]));
    return acc;
  }

  /**
   * Scores every pair of slots (a, b) with a < na and a < b < count (na = count: all pairs of a leaf; the first na
   * slots the new candidates of a join: new × new and new × old), skipping two slots of one row, and hands each to
   * `visit(rowA, rowB, score)`. Returns the number of slot pairs.
   */
  pairs(na: number, visit: (i: number, j: number, s: number) => void): number {
    const u = this.units, dim = this.dim, rows = this.rows, count = this.count;
    for (let a = 0; a < na; a++) {
      const x = a * dim, i = rows[a];
      for (let b = a + 1; b < count; b++) {
        const j = rows[b];
        if (j === i) continue;
        let acc = 0;
        for (let p = 0, y = b * dim; p < dim; p++) acc = Math.fround(acc + Math.fround(u[x + p] * u[y + p]));
        visit(i, j, acc);
      }
    }
    return pairsOf(count, na);
  }

  propose(na: number, at: number, room: number): number {
    const I = this.outI, S = this.outS;
    if (!I || !S) throw new Error('this scorer was made without a proposal buffer');
    if (room < pairsOf(this.count, na)) throw new RangeError(`room for ${room} proposals, the block may write ${pairsOf(this.count, na)}`);
    let e = 3 * at;
    this.pairs(na, (i, j, s) => {
      I[e] = i; I[e + 1] = j; S[e + 2] = s;
      e += 3;
    });
    return e / 3 - at;
  }

  release(): void {
    this.region.release();
  }
}
