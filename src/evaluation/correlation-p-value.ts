/**
 * The two-sided p-value of a correlation coefficient under the null hypothesis of no correlation, as scipy gives it
 * for `pearsonr` and `spearmanr`.
 */
import { regularizedIncompleteBeta } from './incomplete-beta.js';

/**
 * P(|R| ≥ |r|) for n pairs: Student's t with n − 2 degrees of freedom, `t = r·√((n−2)/(1−r²))`, two-sided. That is
 * `2·t.sf(|t|) = I_{(n−2)/(n−2+t²)}((n−2)/2, 1/2) = I_{1−r²}((n−2)/2, 1/2)`, which is also scipy's beta-distribution
 * form for pearsonr (`2·beta(n/2−1, n/2−1, loc=−1, scale=2).sf(|r|)`). NaN for NaN; 1 for n = 2, as scipy.
 */
export function correlationPValue(r: number, n: number): number {
  if (Number.isNaN(r)) return NaN;
  if (n <= 2) return 1;
  const abs = Math.min(Math.abs(r), 1);
  // 1 − r² as (1 − r)(1 + r), and its complement r², both exact to the last bits
  return regularizedIncompleteBeta((1 - abs) * (1 + abs), (n - 2) / 2, 0.5, abs * abs);
}
