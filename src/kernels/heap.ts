/**
 * Rank order and binary heaps for the TypeScript kernels (the twin of ./assembly/heap.ts): higher score first, equal
 * scores by lower index, NaN after every number (NaNs by lower index). A top-k heap keeps (score, index) pairs in two
 * parallel arrays with the entry ranked LAST at its first slot, so a candidate only has to beat that slot.
 */

/** Whether (sa, ia) ranks before (sb, ib). */
export function before(sa: number, ia: number, sb: number, ib: number): boolean {
  if (sa !== sa) return sb !== sb && ia < ib;
  if (sb !== sb) return true;
  return sa > sb || (sa === sb && ia < ib);
}

/** Moves the entry at slot j of the heap of `size` entries at `base` down to its place (children rank before parents). */
export function siftDown(hs: Float32Array, hi: Int32Array, base: number, size: number, j: number): void {
  const s = hs[base + j], ix = hi[base + j];
  for (;;) {
    let c = 2 * j + 1;
    if (c >= size) break;
    if (c + 1 < size && before(hs[base + c], hi[base + c], hs[base + c + 1], hi[base + c + 1])) c++; // the child ranked later
    if (!before(s, ix, hs[base + c], hi[base + c])) break;
    hs[base + j] = hs[base + c]; hi[base + j] = hi[base + c];
    j = c;
  }
  hs[base + j] = s; hi[base + j] = ix;
}
