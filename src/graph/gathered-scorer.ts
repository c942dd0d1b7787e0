/**
 * The gathered tile kernel as a PairScorer (./block-scorer.ts): the block's rows are written to a tile workspace's
 * row list, the kernel (../kernels/assembly/tiles.ts tileGathered, WebAssembly SIMD128: packed panels of 4 × 8)
 * scores all its pairs with the exact engine's bits and writes the pairs that pass either row's heap threshold as
 * proposals to a buffer of the model's memory; visit() then sees only those. The thresholds are those of the
 * workspace's heaps, which the engine's NeighborHeap (onWorkspace) keeps up to date.
 */
import { GATHERED_PROPOSAL_BYTES } from '../kernels/layout.js';
import { TileWorkspace } from '../kernels/tile-workspace.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { pairsOf, type PairScorer } from './block-scorer.js';
import { reserveArrays, type ArrayRegion } from './regions.js';

export class GatheredScorer implements PairScorer {
  count = 0;
  readonly capacity: number;
  private readonly list: Int32Array;
  private readonly region: ArrayRegion;
  private readonly out: number;
  private readonly room: number;
  private readonly proposalsI: Int32Array;
  private readonly proposalsS: Float32Array;

  /** A scorer over `ws` (a dictionary workspace of the model; blocks of up to its blockRows rows). */
  constructor(model: KeyedVectors, private readonly ws: TileWorkspace) {
    this.capacity = ws.blockRows;
    this.room = pairsOf(this.capacity, this.capacity);
    const { region, at } = reserveArrays(model, 'ann proposals', [this.room * GATHERED_PROPOSAL_BYTES]);
    this.region = region;
    this.out = at[0];
    this.list = ws.gatheredList();
    const buffer = ws.buffer();
    this.proposalsI = new Int32Array(buffer, this.out, 3 * this.room);
    this.proposalsS = new Float32Array(buffer, this.out, 3 * this.room);
  }

  add(row: number): void {
    this.list[this.count++] = row;
  }

  gather(list: Int32Array | readonly number[], from = 0, to = list.length): number {
    const count = to - from;
    if (count > this.capacity) throw new RangeError(`${count} rows exceed the block capacity ${this.capacity}`);
    this.count = 0;
    for (let r = from; r < to; r++) this.list[this.count++] = list[r];
    return count;
  }

  pairs(na: number, visit: (i: number, j: number, s: number) => void): number {
    const written = this.ws.tileGathered(this.count, na, this.out, this.room);
    const I = this.proposalsI, S = this.proposalsS;
    for (let p = 0, e = 0; p < written; p++, e += 3) visit(I[e], I[e + 1], S[e + 2]);
    return pairsOf(this.count, na);
  }

  release(): void {
    this.region.release();
  }
}
