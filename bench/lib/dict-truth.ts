/**
 * The dictionary benchmark's yardsticks:
 *
 * - `bruteForce64`: the k most similar rows of each sample row by a float64 brute force (every row scored, cosine of
 *   float64 unit vectors, ties by index), self excluded — independent of every method measured. Runs on `threads`
 *   worker threads (plain JavaScript, one float64 copy of the unit vectors in shared memory).
 * - `recallAt`: |method ∩ truth| / k per sample row, averaged, where a method's neighbour that is not in the truth
 *   still counts when its float64 cosine is within `tie` (1e-6) of the truth's k-th score (a near-tie either way).
 */
import { Worker } from 'node:worker_threads';
import type { KeyedVectors } from '../../src/vectors/keyed-vectors.js';

/** Float64 unit vectors of the model, in shared memory. */
export function unit64(model: KeyedVectors): Float64Array {
  const { vectors, dim, size } = model;
  const out = new Float64Array(new SharedArrayBuffer(8 * size * dim));
  for (let i = 0; i < size; i++) {
    let s = 0;
    for (let d = i * dim, end = d + dim; d < end; d++) s += vectors[d] * vectors[d];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let d = i * dim, end = d + dim; d < end; d++) out[d] = vectors[d] * inv;
  }
  return out;
}

// The worker: for each of its rows, a full scan keeping the k best (score desc, index asc) by insertion.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { unit, n, dim, k, rows, out } = workerData;
const bestS = new Float64Array(k), bestI = new Int32Array(k);
for (let r = 0; r < rows.length; r++) {
  const i = rows[r], qo = i * dim;
  bestS.fill(-Infinity); bestI.fill(-1);
  let thr = -Infinity, thrI = -1;
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, o = j * dim, d = 0;
    for (; d + 3 < dim; d += 4) {
      s0 += unit[qo + d] * unit[o + d]; s1 += unit[qo + d + 1] * unit[o + d + 1];
      s2 += unit[qo + d + 2] * unit[o + d + 2]; s3 += unit[qo + d + 3] * unit[o + d + 3];
    }
    for (; d < dim; d++) s0 += unit[qo + d] * unit[o + d];
    const s = (s0 + s1) + (s2 + s3);
    if (s < thr || (s === thr && thrI >= 0)) continue; // j > every index seen, so a tie with the k-th loses
    let p = k - 1;
    while (p > 0 && (bestS[p - 1] < s)) { bestS[p] = bestS[p - 1]; bestI[p] = bestI[p - 1]; p--; }
    bestS[p] = s; bestI[p] = j;
    thr = bestS[k - 1]; thrI = bestI[k - 1];
  }
  out.set(bestI, r * k);
  if ((r & 63) === 63) parentPort.postMessage(64);
}
parentPort.postMessage(rows.length & 63);
`;

/** Truth for `rows`: Int32Array(rows.length · k), row r's neighbours at [r·k, r·k+k), best first. */
export async function bruteForce64(
  model: KeyedVectors,
  rows: readonly number[],
  k: number,
  options: { threads?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<Int32Array> {
  const n = model.size;
  const dim = model.dim;
  if (n - 1 < k) throw new RangeError(`a model of ${n} words has fewer than k = ${k} other words`);
  const unit = unit64(model);
  const out = new Int32Array(new SharedArrayBuffer(4 * rows.length * k));
  const threads = Math.max(1, Math.min(options.threads ?? 2, rows.length));
  let done = 0;
  await Promise.all(
    Array.from({ length: threads }, (_, t) => {
      const from = Math.floor((rows.length * t) / threads);
      const to = Math.floor((rows.length * (t + 1)) / threads);
      const part = new Int32Array(new SharedArrayBuffer(4 * (to - from) * k));
      return new Promise<void>((resolve, reject) => {
        const w = new Worker(WORKER, { eval: true, workerData: { unit, n, dim, k, rows: rows.slice(from, to), out: part } });
        w.on('message', (m: number) => {
          done += m;
          options.onProgress?.(done, rows.length);
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (code !== 0) return reject(new Error(`brute-force worker exited with code ${code}`));
          out.set(part, from * k);
          resolve();
        });
      });
    }),
  );
  return out;
}

/** float64 cosine of rows i and j from `unit64`'s vectors. */
function cos64(unit: Float64Array, dim: number, i: number, j: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s += unit[i * dim + d] * unit[j * dim + d];
  return s;
}

/**
 * Mean recall@k over the sample: `got` and `truth` both hold rows.length · k neighbour indices (row r at [r·k, r·k+k)).
 * A neighbour of `got` outside the truth counts when its float64 score is within `tie` of the truth's k-th score;
 * the row itself, −1 and repeats never count.
 */
export function recallAt(unit: Float64Array, dim: number, rows: readonly number[], k: number, got: ArrayLike<number>, truth: ArrayLike<number>, tie = 1e-6): number {
  let sum = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    const want = new Set<number>();
    let kth = Infinity;
    for (let c = 0; c < k; c++) {
      const t = truth[r * k + c];
      if (t < 0) continue;
      want.add(t);
      kth = Math.min(kth, cos64(unit, dim, i, t));
    }
    const seen = new Set<number>();
    let hits = 0;
    for (let c = 0; c < k; c++) {
      const j = got[r * k + c];
      if (j < 0 || j === i || seen.has(j)) continue;
      seen.add(j);
      if (want.has(j) || cos64(unit, dim, i, j) >= kth - tie) hits++;
    }
    sum += Math.min(hits, want.size) / Math.max(1, want.size);
  }
  return rows.length ? sum / rows.length : NaN;
}
