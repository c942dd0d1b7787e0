/**
 * Moves the `c` smallest of `m` entries (priority pri[i], index idx[i], ranked by the lower priority, then the lower
 * index) to positions [0, c), in no particular order; the rest go after them. Quickselect (Hoare's partition around
 * the middle entry's key): about 3m comparisons for m entries, where pushing them through a heap of c slots costs
 * about m·2·log2(c) (NN-descent's sampling of candidates, ./graph-thread.ts: a row's m new or old candidates cut to
 * c = maxCandidates). The indices must be distinct, so that the order is total and the set kept is the unique one,
 * whatever the order of the entries: the same set a heap of the c smallest would keep.
 */
export function keepSmallest(pri: Uint32Array, idx: Int32Array, m: number, c: number): void {
  let lo = 0, hi = m - 1;
  while (lo < hi && c > lo && c <= hi) {
    const mid = (lo + hi) >>> 1, p = pri[mid], j = idx[mid];
    let a = lo, b = hi;
    // Hoare: entries before (p, j) gather left, after it right; a and b stop on the pivot's own key too
    while (a <= b) {
      while (pri[a] < p || (pri[a] === p && idx[a] < j)) a++;
      while (pri[b] > p || (pri[b] === p && idx[b] > j)) b--;
      if (a <= b) {
        const tp = pri[a], ti = idx[a];
        pri[a] = pri[b]; idx[a] = idx[b];
        pri[b] = tp; idx[b] = ti;
        a++; b--;
      }
    }
    // now [lo, b] ≤ pivot ≤ [a, hi], and every entry between b and a is the pivot's key: keep the side holding c
    if (c <= b + 1) hi = b;
    else if (c >= a) lo = a;
    else return;
  }
}
