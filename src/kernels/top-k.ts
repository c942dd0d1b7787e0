/**
 * Top-k selection in plain TypeScript, with the same rank order and algorithm as the WebAssembly `topK`
 * (src/kernels/assembly/cosine.ts): higher score first, equal scores by lower index, NaN after every number.
 */
import { checkK } from './args.js';
import { before, siftDown } from './heap.js';
import type { TopKResult } from './types.js';

/**
 * A running top-k: a binary heap of at most `capacity` entries with the entry ranked last at the root, so a
 * candidate only has to beat the root. Scores must be offered in increasing index order (ties keep the earlier).
 */
export class TopK {
  private readonly idx: Int32Array;
  private readonly val: Float32Array;
  private size = 0;

  constructor(readonly capacity: number) {
    this.idx = new Int32Array(capacity);
    this.val = new Float32Array(capacity);
  }

  /** Offers scores[0..n) with indices base + i. */
  offer(scores: Float32Array, n: number, base: number): void {
    const { idx, val, capacity } = this;
    let i = 0;
    for (; i < n && this.size < capacity; i++) this.siftUp(this.size++, scores[i], base + i);
    if (this.size === 0) return;
    let t = val[0]; // the score to beat
    for (; i < n; i++) {
      const s = scores[i];
      if (s > t || (t !== t && s === s)) {
        val[0] = s;
        idx[0] = base + i;
        siftDown(val, idx, 0, this.size, 0);
        t = val[0];
      }
    }
  }

  /** The entries in rank order (sorts the heap in place: call once, at the end). */
  result(): TopKResult {
    const { idx, val } = this;
    for (let last = this.size - 1; last > 0; last--) {
      const s = val[0], ix = idx[0]; // the entry ranked last goes to the end
      val[0] = val[last]; idx[0] = idx[last];
      val[last] = s; idx[last] = ix;
      siftDown(val, idx, 0, last, 0);
    }
    return { indices: idx.slice(0, this.size), scores: val.slice(0, this.size) };
  }

  private siftUp(j: number, s: number, ix: number): void {
    const { idx, val } = this;
    while (j > 0) {
      const p = (j - 1) >> 1;
      if (!before(val[p], idx[p], s, ix)) break;
      val[j] = val[p]; idx[j] = idx[p];
      j = p;
    }
    val[j] = s; idx[j] = ix;
  }
}

/** The k best entries of `scores` in rank order; indices are offset + position in `scores`. */
export function topKOfScores(scores: Float32Array, k: number, offset = 0): TopKResult {
  checkK(k);
  const top = new TopK(Math.min(k, scores.length));
  top.offer(scores, scores.length, offset);
  return top.result();
}
