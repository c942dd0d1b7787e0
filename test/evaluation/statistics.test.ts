/**
 * The statistics behind evaluateWordPairs, against values from scipy (stats.rankdata, pearsonr, spearmanr,
 * special.betainc).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { correlationPValue, pearson, rankData, regularizedIncompleteBeta, spearman } from '../../src/evaluation/index.js';

const rel = (got: number, want: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(got / want - 1) <= tolerance, `${what}: got ${got}, scipy ${want}`);

const x = [1, 2, 2, 3, 5, 5, 5, 8, 9, 10.5];
const y = [2.5, 1, 4, 4, 3, 7, 6, 9, 8, 8];

describe('statistics', () => {
  it('rankData averages the ranks of ties (rankdata method="average")', () => {
    assert.deepEqual([...rankData(x)], [1, 2.5, 2.5, 4, 6, 6, 6, 8, 9, 10]);
    assert.deepEqual([...rankData([3, 1, 2])], [3, 1, 2]);
    assert.deepEqual([...rankData([])], []);
  });

  it('pearson and spearman match scipy', () => {
    const p = pearson(x, y), s = spearman(x, y);
    rel(p.statistic, 0.8548973505866476, 1e-14, 'pearson r');
    rel(p.pvalue, 0.0016217440466849075, 1e-12, 'pearson p');
    rel(s.statistic, 0.8514299141873076, 1e-14, 'spearman rho');
    rel(s.pvalue, 0.001774586957274175, 1e-12, 'spearman p');
    rel(pearson([1, 2, 3], [1, 2, 3.5]).pvalue, 0.0731863950403274, 1e-12, 'pearson p, n = 3');
  });

  it('edge cases as scipy: constant input NaN, two pairs ±1 with p 1, mismatched or too short inputs throw', () => {
    assert.deepEqual(pearson([1, 1, 1], [1, 2, 3]), { statistic: NaN, pvalue: NaN });
    assert.deepEqual(pearson([1, 2], [5, 3]), { statistic: -1, pvalue: 1 });
    assert.equal(correlationPValue(1, 10), 0);
    assert.equal(correlationPValue(0, 10), 1);
    assert.throws(() => pearson([1, 2, 3], [1, 2]), RangeError);
    assert.throws(() => pearson([1], [1]), RangeError);
  });

  it('regularizedIncompleteBeta matches scipy.special.betainc, tails included', () => {
    const cases: [number, number, number, number][] = [
      [0.5, 0.5, 0.3, 0.36901011956554536], [2, 3, 0.4, 0.5247999999999999], [30, 0.5, 0.9, 0.012282448499852763],
      [138, 0.5, 0.6485, 8.889360524310229e-28], [0.5, 30, 0.001, 0.19276269384046296], [5, 5, 0.999, 0.9999999999998744],
    ];
    for (const [a, b, z, want] of cases) rel(regularizedIncompleteBeta(z, a, b), want, 1e-12, `I_${z}(${a}, ${b})`);
    assert.equal(regularizedIncompleteBeta(0, 2, 3), 0);
    assert.equal(regularizedIncompleteBeta(1, 2, 3), 1);
    assert.throws(() => regularizedIncompleteBeta(0.5, 0, 1), RangeError);
  });
});
