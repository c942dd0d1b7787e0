// Rank order and binary heaps, shared by the kernels (./cosine.ts, ./tiles.ts): higher score first, equal scores by
// lower index, NaN after every number (NaNs by lower index). A running top-k is a binary heap of (score f32,
// index i32) in two parallel arrays, with the entry ranked LAST at slot 0, so a candidate only has to beat slot 0.

/** Whether (sa, ia) ranks before (sb, ib). */
// @ts-ignore: decorator
@inline export function before(sa: f32, ia: i32, sb: f32, ib: i32): bool {
  if (sa > sb) return true; // the common cases first: two numbers
  if (sa < sb) return false;
  if (sa == sb) return ia < ib;
  if (sa != sa) return sb != sb && ia < ib; // a NaN ranks after every number, NaNs by index
  return true; // sb is NaN, sa is not
}

/**
 * Moves the entry at slot j of a heap of `size` entries (scores at hs, indices at hi) down to its place: children
 * rank before their parent.
 */
export function siftDown(hs: usize, hi: usize, size: i32, j: i32): void {
  const s = load<f32>(hs + (<usize>j << 2)), ix = load<i32>(hi + (<usize>j << 2));
  while (true) {
    let c = 2 * j + 1;
    if (c >= size) break;
    let cs = load<f32>(hs + (<usize>c << 2)), ci = load<i32>(hi + (<usize>c << 2));
    if (c + 1 < size) { // take the child ranked later
      const rs = load<f32>(hs + (<usize>(c + 1) << 2)), ri = load<i32>(hi + (<usize>(c + 1) << 2));
      if (before(cs, ci, rs, ri)) { c++; cs = rs; ci = ri; }
    }
    if (!before(s, ix, cs, ci)) break;
    store<f32>(hs + (<usize>j << 2), cs); store<i32>(hi + (<usize>j << 2), ci);
    j = c;
  }
  store<f32>(hs + (<usize>j << 2), s); store<i32>(hi + (<usize>j << 2), ix);
}
