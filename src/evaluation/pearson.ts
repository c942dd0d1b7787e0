/**
 * Pearson's correlation coefficient with its p-value: scipy.stats.pearsonr (two-sided).
 */
import { correlationPValue } from './correlation-p-value.js';

/** A correlation and its two-sided p-value (gensim returns scipy's result objects, `(statistic, pvalue)`). */
export interface Correlation {
  statistic: number;
  pvalue: number;
}

/**
 * r = Σ(x−x̄)(y−ȳ) / (|x−x̄|·|y−ȳ|), in float64 as scipy computes it (centred vectors scaled to unit length, then
 * their dot product, clipped to [−1, 1]). A constant input gives NaN, NaN; two pairs give ±1 with p-value 1.
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): Correlation {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`pearson needs two arrays of the same length, got ${n} and ${y.length}`);
  if (n < 2) throw new RangeError(`pearson needs at least 2 pairs, got ${n}`);
  if (isConstant(x) || isConstant(y)) return { statistic: NaN, pvalue: NaN };
  if (n === 2) return { statistic: Math.sign(x[1] - x[0]) * Math.sign(y[1] - y[0]), pvalue: 1 };
  const xm = centred(x), ym = centred(y);
  const nx = length(xm), ny = length(ym);
  let r = 0;
  for (let i = 0; i < n; i++) r += (xm[i] / nx) * (ym[i] / ny);
  r = Math.max(-1, Math.min(1, r));
  return { statistic: r, pvalue: correlationPValue(r, n) };
}

function centred(v: ArrayLike<number>): Float64Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i];
  const mean = sum / v.length;
  return Float64Array.from(v, (x) => x - mean);
}

function length(v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  return Math.sqrt(sum);
}

function isConstant(v: ArrayLike<number>): boolean {
  for (let i = 1; i < v.length; i++) if (v[i] !== v[0]) return false;
  return true;
}
