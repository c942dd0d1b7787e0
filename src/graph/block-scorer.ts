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

export class BlockScorer {
  /** Unit rows of the gathered block: slot s at s·dim. */
  readonly units: Float32Array;
  /** The model rows of the gathered slots. */
  readonly rows: Int32Array;
  count = 0;
  private readonly vectors: Float32Array;
  private readonly norms: Float32Array;
  private readonly dim: number;
  private readonly region: ArrayRegion;

  constructor(model: KeyedVectors, readonly capacity: number) {
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
   * Scores every pair (a, b) with a in [a0, a1) and b in [b0, b1), b > a where the ranges overlap (each unordered
   * pair once, no a == b), and hands each to `visit(rowA, rowB, score)`.
   */
  pairs(a0: number, a1: number, b0: number, b1: number, visit: (i: number, j: number, s: number) => void): void {
    const u = this.units, dim = this.dim, rows = this.rows;
    for (let a = a0; a < a1; a++) {
      const x = a * dim, i = rows[a];
      for (let b = Math.max(b0, a + 1); b < b1; b++) {
        let acc = 0;
        for (let p = 0, y = b * dim; p < dim; p++) acc = Math.fround(acc + Math.fround(u[x + p] * u[y + p]));
        visit(i, rows[b], acc);
      }
    }
  }

  release(): void {
    this.region.release();
  }
}
