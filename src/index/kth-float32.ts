/**
 * The value at position k of the float32 values sorted as Float32Array.prototype.sort sorts them (ascending, −0
 * before +0, NaNs last), found in linear expected time without sorting (a quickselect over order-preserving integer
 * keys). `keys` is scratch of at least values.length entries; `values` is left as it is.
 */
export function kthFloat32(values: Float32Array, k: number, keys: Uint32Array = new Uint32Array(values.length)): number {
  const m = values.length;
  if (!(k >= 0 && k < m && Number.isInteger(k))) throw new RangeError(`position ${k} of ${m} values`);
  const bits = new Uint32Array(values.buffer, values.byteOffset, m);
  for (let i = 0; i < m; i++) {
    const b = bits[i];
    // sign set: flip every bit (more negative, smaller key); else set the sign bit; any NaN: the largest key
    keys[i] = values[i] !== values[i] ? 0xffffffff : b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
  }
  let lo = 0, hi = m - 1;
  while (lo < hi) {
    // median of three as the pivot, then a Hoare partition of keys[lo .. hi]
    const mid = lo + ((hi - lo) >> 1);
    const a = keys[lo], b = keys[mid], c = keys[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo, j = hi;
    while (i <= j) {
      while (keys[i] < pivot) i++;
      while (keys[j] > pivot) j--;
      if (i <= j) {
        const t = keys[i]; keys[i] = keys[j]; keys[j] = t;
        i++; j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break; // keys[j + 1 .. i − 1] all equal the pivot
  }
  const key = keys[k];
  if (key === 0xffffffff) return NaN;
  const out = new Uint32Array(1);
  out[0] = key & 0x80000000 ? key & 0x7fffffff : ~key >>> 0;
  return new Float32Array(out.buffer)[0];
}
