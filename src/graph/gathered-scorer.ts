/**
 * The gathered tile kernel as a PairScorer (./block-scorer.ts): the block's rows are written to a gathered
 * workspace's row list (TileWorkspace.createGathered: one per thread), and the kernel (../kernels/assembly/tiles.ts
 * tileGathered, WebAssembly SIMD128: packed panels of 4 × 8) scores all its pairs with the exact engine's bits and
 * writes those that pass either row's heap threshold straight into the thread's proposal buffer (no JavaScript per
 * pair). The thresholds are the engine's heap's (./neighbor-heap.ts keeps them up to date as it pushes). On a
 * workspace over quantised rows (GraphShape.quantized) the proposals' scores are approximate, and scoreRow gives the
 * exact ones of a row's entries for the read-out.
 */
import { GATHERED_PROPOSAL_BYTES } from '../kernels/layout.js';
import type { TileWorkspace } from '../kernels/tile-workspace.js';
import type { PairScorer } from './block-scorer.js';

export class GatheredScorer implements PairScorer {
  count = 0;
  readonly capacity: number;
  private readonly list: Int32Array;

  /** A scorer over the gathered workspace `ws`, writing proposals to the buffer at byte offset `proposals` of its memory. */
  constructor(private readonly ws: TileWorkspace, private readonly proposals: number) {
    this.capacity = ws.blockRows;
    this.list = ws.gatheredList();
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

  scoreRow(row: number): Float32Array {
    return this.ws.scoreListed(row, this.count);
  }

  propose(na: number, at: number, room: number): number {
    return this.ws.tileGathered(this.count, na, this.proposals + at * GATHERED_PROPOSAL_BYTES, room);
  }
}
