// The quantised (int8, or up to 12-bit) pieces of the tile kernel: per-row scaled quantisation of the unit rows, the
// packers and the integer micro-kernel (i32x4.dot_i16x8_s). Pointer-level only: ./tiles.ts owns the workspace, the
// heaps and the exports, and calls these.
//
// ---- The quantised model (a region shared by all workers, built once: quantizeRows over disjoint row ranges) -----
// Header: the fields Q_* of ../layout.ts (magic, version, dim, dimPad (dim rounded up to 8; padding values are 0),
// rows, qmax (127 for int8; up to 2047), bytes per value (1 or 2), the offsets of the values, scales, ‖e‖ and ‖u‖ per
// row, E and U (written by the TypeScript side after quantising), and Q_PANELS: 0, the values row-major (row i at
// + i·dimPad·bytes); 1, already packed as B panels of 8 rows (int16 only: panel P = rows 8P..8P+7 at + 16·dimPad·P,
// inside it pair t of row 8P + c at + 32t + 4c, exactly the layout packIntB builds), so that batch queries stream
// the model without packing it (tileQueriesInt8).
// The float32 rows are read from wherever the caller puts them (quantizeRowsAt's `vectors` and `norms`): the model
// itself, or a copy of some of its rows when the model lives in another memory (the dictionary's split layout).
// Row i: u = v_i / norm_i (float32 division per element, exactly the unit row of the float32 path), m = max |u[p]|,
// scale_i = f32(m / qmax), q_i[p] = clamp(round-half-even(u[p] / scale_i), ±qmax). enorm_i ≥ ‖u − scale_i·q_i‖ and
// unorm_i ≥ ‖u‖ (float64 sums, rounded up to float32). A row whose u is not finite (a zero row: 0/0; a row with
// Inf or NaN) gets scale NaN, q = 0, enorm = unorm = 0: all its approximate scores are NaN, like its exact ones.
//
// ---- Approximate scores -----------------------------------------------------------------------------------------
// a(i, j) = f32(D) · f32(scale_i · scale_j), D = Σ_p q_i[p]·q_j[p] exact in int32 (callers keep dimPad·qmax² < 2^31).
// Symmetric: a(i, j) == a(j, i) bit for bit (D is exact, both products commute). The error bound and the selection
// rule that keeps rescoring exact are derived in ../tile-int8.ts.
//
// ---- Packed panels ----------------------------------------------------------------------------------------------
// int16 values, two dimensions (a "pair" t: dims 2t, 2t+1) per 32-bit word. A panel (4 rows): pair t of row r at
// + 16t + 4r. B panel (8 columns): pair t of column c at + 32t + 4c. Per pair: 4 splat loads of A words, 2 loads of
// B, 8 i32x4.dot_i16x8_s (lane c: a_r[2t]·b_c[2t] + a_r[2t+1]·b_c[2t+1]) and 8 i32x4.add.

import { Q_BYTES, Q_DIM, Q_DIM_PAD, Q_ENORMS, Q_PANELS, Q_QMAX, Q_SCALES, Q_UNORMS, Q_VALUES } from '../layout';

// @ts-ignore: decorator
@inline function qhdr(quant: usize, field: usize): usize {
  return <usize>load<u32>(quant + field);
}

/** The smallest float32 ≥ x (x ≥ 0, finite). */
function roundUp(x: f64): f32 {
  let f = <f32>x;
  if (<f64>f < x) f = reinterpret<f32>(reinterpret<u32>(f) + 1);
  return f;
}

/**
 * Quantises rows [r0, r1) into the quantised model at `quant` (see the header above). Their float32 vectors are at
 * `vectors` (row r0 first, row-major), their norms at `norms` (row r0's first); with `unit`, the vectors are used as
 * given (batch queries, already unit length: x / 1 == x) and `norms` is not read.
 */
export function quantizeRowsAt(quant: usize, r0: i32, r1: i32, vectors: usize, norms: usize, unit: bool): void {
  const dim = load<i32>(quant + Q_DIM), dimPad = load<i32>(quant + Q_DIM_PAD);
  const qmax = <f32>load<i32>(quant + Q_QMAX), bytes = load<i32>(quant + Q_BYTES);
  const values = qhdr(quant, Q_VALUES), panels = load<i32>(quant + Q_PANELS) != 0;
  for (let i = r0; i < r1; i++) {
    const row = vectors + <usize>(i - r0) * (<usize>dim << 2);
    const norm: f32 = unit ? 1 : load<f32>(norms + (<usize>(i - r0) << 2));
    // value p at out + p·bytes (rows), or in its panel at out + 32·(p >> 1) + 2·(p & 1) (panels)
    const out = panels ? values + (<usize>(i >> 3) * <usize>dimPad << 4) + (<usize>(i & 7) << 2) : values + <usize>i * <usize>dimPad * <usize>bytes;
    let m: f32 = 0, finite = true;
    for (let p = 0; p < dim; p++) {
      const u = abs<f32>(load<f32>(row + (<usize>p << 2)) / norm);
      if (!(u <= F32.MAX_VALUE)) finite = false;
      else if (u > m) m = u;
    }
    let scale: f32 = NaN, e2: f64 = 0, u2: f64 = 0;
    if (finite) scale = m / qmax;
    for (let p = 0; p < dimPad; p++) {
      let q: f32 = 0;
      if (finite && p < dim && m > 0) {
        const u = load<f32>(row + (<usize>p << 2)) / norm;
        q = min<f32>(qmax, max<f32>(-qmax, nearest<f32>(u / scale)));
        const e = <f64>u - <f64>q * <f64>scale;
        e2 += e * e;
        u2 += <f64>u * <f64>u;
      }
      if (bytes == 1) store<i8>(out + <usize>p, <i8>q);
      else if (panels) store<i16>(out + (<usize>(p >> 1) << 5) + (<usize>(p & 1) << 1), <i16>q);
      else store<i16>(out + (<usize>p << 1), <i16>q);
    }
    store<f32>(qhdr(quant, Q_SCALES) + (<usize>i << 2), scale);
    store<f32>(qhdr(quant, Q_ENORMS) + (<usize>i << 2), roundUp(sqrt<f64>(e2)));
    store<f32>(qhdr(quant, Q_UNORMS) + (<usize>i << 2), roundUp(sqrt<f64>(u2)));
  }
}

/** Transposes 4 rows of 4 32-bit lanes (r0..r3) and stores column q at out + q·stride. */
// @ts-ignore: decorator
@inline export function store4x4(out: usize, stride: usize, r0: v128, r1: v128, r2: v128, r3: v128): void {
  const s0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), s1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const s2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7), s3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(out, v128.shuffle<f32>(s0, s1, 0, 1, 4, 5));
  v128.store(out + stride, v128.shuffle<f32>(s0, s1, 2, 3, 6, 7));
  v128.store(out + 2 * stride, v128.shuffle<f32>(s2, s3, 0, 1, 4, 5));
  v128.store(out + 3 * stride, v128.shuffle<f32>(s2, s3, 2, 3, 6, 7));
}

/** 8 quantised values at `at` as int16x8. */
// @ts-ignore: decorator
@inline function load8(at: usize, bytes: i32): v128 {
  return bytes == 1 ? v128.load8x8_s(at) : v128.load(at);
}

/**
 * Packs quantised rows [r, r + count) (1 ≤ count ≤ 4) as 4 word columns of a panel: pair t of row rr at
 * out + stride·t + 4rr; missing rows are zeros.
 */
export function packInt4(quant: usize, out: usize, stride: usize, r: i32, count: i32): void {
  const rowBytes = <usize>load<i32>(quant + Q_DIM_PAD) * <usize>load<i32>(quant + Q_BYTES);
  const v0 = qhdr(quant, Q_VALUES) + <usize>r * rowBytes;
  packInt4At(quant, out, stride, count, v0, v0 + rowBytes, v0 + 2 * rowBytes, v0 + 3 * rowBytes);
}

/** packInt4 for the (1 to 4) quantised rows listed (int32) at `list`: the gathered tiles' panels. */
export function packIntListed(quant: usize, out: usize, stride: usize, list: usize, count: i32): void {
  const rowBytes = <usize>load<i32>(quant + Q_DIM_PAD) * <usize>load<i32>(quant + Q_BYTES), values = qhdr(quant, Q_VALUES);
  const r0 = load<i32>(list), r1 = count > 1 ? load<i32>(list, 4) : r0, r2 = count > 2 ? load<i32>(list, 8) : r0, r3 = count > 3 ? load<i32>(list, 12) : r0;
  packInt4At(quant, out, stride, count, values + <usize>r0 * rowBytes, values + <usize>r1 * rowBytes, values + <usize>r2 * rowBytes, values + <usize>r3 * rowBytes);
}

/** The packing of packInt4 from the quantised rows at v0..v3 (those past `count` are not read). */
// @ts-ignore: decorator
@inline function packInt4At(quant: usize, out: usize, stride: usize, count: i32, v0: usize, v1: usize, v2: usize, v3: usize): void {
  const dimPad = load<i32>(quant + Q_DIM_PAD), bytes = load<i32>(quant + Q_BYTES);
  const zero = i32x4.splat(0);
  const step = <usize>bytes << 3, ostep = stride << 2;
  let at = out;
  for (let o: usize = 0, end = <usize>dimPad * <usize>bytes; o < end; o += step, at += ostep) {
    const a = load8(v0 + o, bytes);
    const b = count > 1 ? load8(v1 + o, bytes) : zero;
    const c = count > 2 ? load8(v2 + o, bytes) : zero;
    const d = count > 3 ? load8(v3 + o, bytes) : zero;
    store4x4(at, stride, a, b, c, d);
  }
}

/**
 * The 4 × 8 approximate score tile of int16 panels a (4 rows, scales at rowScales[0..4)) and b (8 columns, scales at
 * colScales[0..8)) over `pairs` dimension pairs, stored row-major to out (32 float32, row r, column c at
 * out + 32r + 4c): f32(D) · f32(scale_r · scale_c).
 */
export function microInt8(a: usize, b: usize, pairs: i32, rowScales: usize, colScales: usize, out: usize): void {
  let c00 = i32x4.splat(0), c01 = i32x4.splat(0), c10 = i32x4.splat(0), c11 = i32x4.splat(0);
  let c20 = i32x4.splat(0), c21 = i32x4.splat(0), c30 = i32x4.splat(0), c31 = i32x4.splat(0);
  const end = a + (<usize>pairs << 4);
  while (a < end) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    const a0 = v128.load32_splat(a), a1 = v128.load32_splat(a, 4);
    c00 = i32x4.add(c00, i32x4.dot_i16x8_s(a0, b0)); c01 = i32x4.add(c01, i32x4.dot_i16x8_s(a0, b1));
    c10 = i32x4.add(c10, i32x4.dot_i16x8_s(a1, b0)); c11 = i32x4.add(c11, i32x4.dot_i16x8_s(a1, b1));
    const a2 = v128.load32_splat(a, 8), a3 = v128.load32_splat(a, 12);
    c20 = i32x4.add(c20, i32x4.dot_i16x8_s(a2, b0)); c21 = i32x4.add(c21, i32x4.dot_i16x8_s(a2, b1));
    c30 = i32x4.add(c30, i32x4.dot_i16x8_s(a3, b0)); c31 = i32x4.add(c31, i32x4.dot_i16x8_s(a3, b1));
    a += 16; b += 32;
  }
  const s0 = v128.load(colScales), s1 = v128.load(colScales, 16);
  let r = v128.load32_splat(rowScales);
  v128.store(out, f32x4.mul(f32x4.convert_i32x4_s(c00), f32x4.mul(r, s0)));
  v128.store(out, f32x4.mul(f32x4.convert_i32x4_s(c01), f32x4.mul(r, s1)), 16);
  r = v128.load32_splat(rowScales, 4);
  v128.store(out, f32x4.mul(f32x4.convert_i32x4_s(c10), f32x4.mul(r, s0)), 32);
  v128.store(out, f32x4.mul(f32x4.convert_i32x4_s(c11), f32x4.mul(r, s1)), 48);
  r = v128.load32_splat(rowScales, 8);
  v128.store(out, f32x4.mul(f32x4.convert_i32x4_s(c20), f32x4.mul(r, s0)), 64);
  v128.store(out, f32x4.mul(f32x4.convert_i32x4_s(c21), f32x4.mul(r, s1)), 80);
  r = v128.load32_splat(rowScales, 12);
  v128.store(out, f32x4.mul(f32x4.convert_i32x4_s(c30), f32x4.mul(r, s0)), 96);
  v128.store(out, f32x4.mul(f32x4.convert_i32x4_s(c31), f32x4.mul(r, s1)), 112);
}
