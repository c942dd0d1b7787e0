/**
 * Neighbour statistics of a model, from exact neighbours computed with the library — what makes approximate search
 * easy or hard on it (bench/model-stats.ts prints them; docs/synthetic-models.md compares GloVe and the synthetic
 * models with them):
 *
 * - sample: `sample` rows spread evenly over the vocabulary (frequent and rare alike; `spreadRows`), their exact
 *   top-K (K = max(k + 1, lidK)) over the whole vocabulary with `buildRestrictedDictionary` (bit for bit the rows of
 *   the whole dictionary);
 * - cos1, cos15: the 1st and k-th neighbour's cosine (quantiles over the sample); gap: cos_k − cos_{k+1}, the margin
 *   an approximate method must resolve at the edge of the list (median, and the share of rows under 1e-3);
 * - head / tail: median cos1 of the sample rows in the first 10% of the vocabulary (frequent words) and in the last
 *   50% (rare words);
 * - random cos: the cosine of random pairs (mean and standard deviation; the model's anisotropy: 0 and 1/√dim for
 *   isotropic noise);
 * - LID: local intrinsic dimensionality, Levina–Bickel maximum likelihood from the chord distances
 *   d_j = √(2 − 2·cos_j) of the first `lidK` neighbours, m(x) = [ (1/(K−1)) Σ_{j<K} ln(d_K / d_j) ]^−1; the median of
 *   m(x) over the sample, and the MacKay–Ghahramani pooled estimate (the inverse of the mean of 1/m(x));
 * - hubness: N_k(x), how many rows have x in their top-k, in the exact k-NN graph of a `hubSample`-row subset spread
 *   over the vocabulary (its own dictionary, `buildDictionary` of the subset: every row's in-degree is exact within
 *   the subset): skewness of N_k, its maximum, and the share of rows that are nobody's neighbour (anti-hubs). Also
 *   the largest number of times one word occurs in the sample's top-k lists over the whole vocabulary;
 * - norms: quantiles of the vector norms over all rows, and Spearman's correlation between norm and row (the rank in
 *   a frequency-ordered vocabulary: negative when frequent words have larger norms).
 */
import { buildDictionary } from '../../src/dictionary/build-dictionary.js';
import { buildRestrictedDictionary } from '../../src/dictionary/restricted-dictionary.js';
import { KeyedVectors } from '../../src/vectors/keyed-vectors.js';
import { rng } from '../../test/helpers/random.js';
import { spreadRows } from './dict-models.js';

export interface StatsOptions {
  /** Rows of the neighbour sample (1000). */
  sample?: number;
  /** Neighbours in a list (15). */
  k?: number;
  /** Neighbours of the LID estimate (20). */
  lidK?: number;
  /** Rows of the hubness subset (10000; 0 = skip). */
  hubSample?: number;
  /** Random pairs for the random-pair cosine (20000). */
  pairs?: number;
  threads?: number;
  log?: (line: string) => void;
}

export interface ModelStats {
  rows: number;
  dim: number;
  sample: number;
  k: number;
  lidK: number;
  hubSample: number;
  /** Quantiles p10, p50, p90. */
  cos1: [number, number, number];
  cosK: [number, number, number];
  /** Median of cos_k − cos_{k+1}, and the share of sample rows with a gap under 1e-3. */
  gapMedian: number;
  gapUnder1e3: number;
  headCos1: number;
  tailCos1: number;
  randomCosMean: number;
  randomCosStd: number;
  lidMedian: number;
  lidPooled: number;
  hubSkew: number;
  hubMax: number;
  /** Share of the hub subset's rows in nobody's top-k. */
  antiHubs: number;
  /** Most occurrences of one word in the sample's top-k lists (over the whole vocabulary). */
  sampleHubMax: number;
  /** Norm quantiles p1, p50, p99. */
  norms: [number, number, number];
  normRankSpearman: number;
  seconds: number;
}

/** The q-quantile of sorted values (linear interpolation). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const at = q * (n - 1);
  const lo = Math.floor(at);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

const sortedCopy = (xs: ArrayLike<number>): Float64Array => Float64Array.from(xs).sort();
const median = (xs: ArrayLike<number>): number => quantile(sortedCopy(xs), 0.5);

/** Sample skewness (the third standardised moment). */
export function skewness(xs: ArrayLike<number>): number {
  const n = xs.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i];
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  return m2 > 0 ? m3 / m2 ** 1.5 : 0;
}

/** Levina–Bickel MLE of the intrinsic dimension at one point from its increasing neighbour distances d[0..K). */
export function lidMle(d: ArrayLike<number>): number {
  const K = d.length;
  const dk = d[K - 1];
  let s = 0;
  for (let j = 0; j < K - 1; j++) s += Math.log(dk / Math.max(d[j], 1e-12));
  return s > 0 ? (K - 1) / s : Infinity;
}

/** Ranks 1..n (ties averaged). */
function ranks(xs: ArrayLike<number>): Float64Array {
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && xs[order[j + 1]] === xs[order[i]]) j++;
    for (let t = i; t <= j; t++) r[order[t]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] - ma;
    const y = b[i] - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}


export async function modelStats(model: KeyedVectors, options: StatsOptions = {}): Promise<ModelStats> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const { size: n, dim, vectors, norms } = model;
  const k = options.k ?? 15;
  const lidK = options.lidK ?? 20;
  const K = Math.max(k + 1, lidK);
  const threads = options.threads ?? 2;
  const rows = spreadRows(n, Math.min(options.sample ?? 1000, n));
  const hubSample = Math.min(options.hubSample ?? 10_000, n);

  // ---- the sample's exact neighbours
  log(`exact top-${K} of ${rows.length} sample rows over ${n} rows`);
  const d = await buildRestrictedDictionary(model, rows, { k: K, threads });
  const m = d.rows.length;
  const cos1 = new Float64Array(m);
  const cosK = new Float64Array(m);
  const gap = new Float64Array(m);
  const lid = new Float64Array(m);
  const head: number[] = [];
  const tail: number[] = [];
  const occurrences = new Map<number, number>();
  const dist = new Float64Array(lidK);
  for (let i = 0; i < m; i++) {
    const s = d.scores.subarray(i * K, i * K + K);
    cos1[i] = s[0];
    cosK[i] = s[k - 1];
    gap[i] = s[k - 1] - s[k];
    for (let j = 0; j < lidK; j++) dist[j] = Math.sqrt(Math.max(0, 2 - 2 * s[j]));
    lid[i] = lidMle(dist);
    const r = d.rows[i];
    if (r < 0.1 * n) head.push(s[0]);
    if (r >= 0.5 * n) tail.push(s[0]);
    for (let j = 0; j < k; j++) {
      const w = d.indices[i * K + j];
      occurrences.set(w, (occurrences.get(w) ?? 0) + 1);
    }
  }
  const c1 = sortedCopy(cos1);
  const cK = sortedCopy(cosK);
  let under = 0;
  for (const g of gap) if (g < 1e-3) under++;
  let invSum = 0;
  for (const x of lid) invSum += 1 / x;

  // ---- random pairs
  const rand = rng(12345);
  const pairs = options.pairs ?? 20_000;
  let sum = 0;
  let sum2 = 0;
  let counted = 0;
  for (let p = 0; p < pairs; p++) {
    const a = Math.floor(rand() * n);
    const b = Math.floor(rand() * n);
    if (a === b || !(norms[a] > 0) || !(norms[b] > 0)) continue;
    let dot = 0;
    for (let t = 0; t < dim; t++) dot += vectors[a * dim + t] * vectors[b * dim + t];
    const c = dot / (norms[a] * norms[b]);
    sum += c;
    sum2 += c * c;
    counted++;
  }
  const randomCosMean = sum / counted;
  const randomCosStd = Math.sqrt(Math.max(0, sum2 / counted - randomCosMean ** 2));

  // ---- hubness within a spread subset
  let hubSkew = NaN;
  let hubMax = NaN;
  let antiHubs = NaN;
  if (hubSample > k + 1) {
    const sub = spreadRows(n, hubSample);
    const words = sub.map((r) => model.words[r]);
    const v = new Float32Array(sub.length * dim);
    for (let i = 0; i < sub.length; i++) v.set(vectors.subarray(sub[i] * dim, sub[i] * dim + dim), i * dim);
    log(`exact k-NN graph of a ${sub.length}-row subset (hubness)`);
    const subModel = KeyedVectors.fromArrays(words, v, dim);
    const g = await buildDictionary(subModel, { k, threads });
    const indeg = new Float64Array(sub.length);
    for (const j of g.indices) if (j >= 0) indeg[j]++;
    hubSkew = skewness(indeg);
    hubMax = Math.max(...indeg);
    let zero = 0;
    for (const x of indeg) if (x === 0) zero++;
    antiHubs = zero / sub.length;
  }

  // ---- norms
  const normSorted = sortedCopy(norms);
  const step = Math.max(1, Math.floor(n / 200_000));
  const nr: number[] = [];
  const rr: number[] = [];
  for (let r = 0; r < n; r += step) {
    nr.push(norms[r]);
    rr.push(r);
  }
  const normRankSpearman = pearson(ranks(nr), ranks(rr));

  return {
    rows: n,
    dim,
    sample: m,
    k,
    lidK,
    hubSample,
    cos1: [quantile(c1, 0.1), quantile(c1, 0.5), quantile(c1, 0.9)],
    cosK: [quantile(cK, 0.1), quantile(cK, 0.5), quantile(cK, 0.9)],
    gapMedian: median(gap),
    gapUnder1e3: under / m,
    headCos1: median(head),
    tailCos1: median(tail),
    randomCosMean,
    randomCosStd,
    lidMedian: median(lid),
    lidPooled: m / invSum,
    hubSkew,
    hubMax,
    antiHubs,
    sampleHubMax: Math.max(...occurrences.values()),
    norms: [quantile(normSorted, 0.01), quantile(normSorted, 0.5), quantile(normSorted, 0.99)],
    normRankSpearman,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The rows of the comparison table: [label, formatter]. */
export const STAT_ROWS: [string, (s: ModelStats) => string][] = [
  ['rows × dim', (s) => `${s.rows.toLocaleString('en')} × ${s.dim}`],
  ['sample / hub subset', (s) => `${s.sample} / ${s.hubSample.toLocaleString('en')}`],
  ['cos 1st nb p10 / p50 / p90', (s) => s.cos1.map((x) => x.toFixed(3)).join(' / ')],
  ['cos 15th nb p10 / p50 / p90', (s) => s.cosK.map((x) => x.toFixed(3)).join(' / ')],
  ['gap 15th−16th median', (s) => s.gapMedian.toFixed(4)],
  ['gap < 1e-3 (share of rows)', (s) => s.gapUnder1e3.toFixed(3)],
  ['cos 1st median head 10% / tail 50%', (s) => `${s.headCos1.toFixed(3)} / ${s.tailCos1.toFixed(3)}`],
  ['random-pair cos mean ± sd', (s) => `${s.randomCosMean.toFixed(3)} ± ${s.randomCosStd.toFixed(3)}`],
  ['LID (k=20) median / pooled', (s) => `${s.lidMedian.toFixed(1)} / ${s.lidPooled.toFixed(1)}`],
  ['hubness N15 skew / max', (s) => `${s.hubSkew.toFixed(2)} / ${s.hubMax}`],
  ['anti-hubs (N15 = 0)', (s) => s.antiHubs.toFixed(3)],
  ['max repeats in sample lists', (s) => String(s.sampleHubMax)],
  ['norm p1 / p50 / p99', (s) => s.norms.map((x) => x.toFixed(2)).join(' / ')],
  ['Spearman(norm, row)', (s) => s.normRankSpearman.toFixed(3)],
  ['seconds', (s) => s.seconds.toFixed(0)],
];
