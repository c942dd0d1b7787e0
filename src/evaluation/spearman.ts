/**
 * Spearman's rank correlation with its p-value: scipy.stats.spearmanr (two-sided).
 */
import { correlationPValue } from './correlation-p-value.js';
import { pearson, type Correlation } from './pearson.js';
import { rankData } from './rank-data.js';

/**
 * Pearson's r of the two samples' ranks (ties get their average rank), and scipy's p-value: Student's t with
 * n − 2 degrees of freedom.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): Correlation {
  if (x.length !== y.length) throw new RangeError(`spearman needs two arrays of the same length, got ${x.length} and ${y.length}`);
  const { statistic } = pearson(rankData(x), rankData(y));
  return { statistic, pvalue: correlationPValue(statistic, x.length) };
}
