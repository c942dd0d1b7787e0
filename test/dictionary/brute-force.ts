/** A float64 brute-force dictionary: the independent truth for the exact engine. */
import assert from 'node:assert/strict';
import type { KeyedVectors } from '../../src/index.js';

export interface Truth {
  /** Per requested row: neighbour rows and float64 scores, best first (ties by index), k of them. */
  rows: Map<number, { indices: number[]; scores: number[] }>;
  /** Whether a word is its own first neighbour. */
  includeSelf: boolean;
}

/** The float64 cosine of rows i and j of the model (NaN where either is a zero vector). */
export function cosine64(model: KeyedVectors, i: number, j: number): number {
  const { vectors: v, dim } = model;
  let dot = 0, ni = 0, nj = 0;
  for (let d = 0; d < dim; d++) {
    dot += v[i * dim + d] * v[j * dim + d];
    ni += v[i * dim + d] * v[i * dim + d];
    nj += v[j * dim + d] * v[j * dim + d];
  }
  return dot / (Math.sqrt(ni) * Math.sqrt(nj));
}

export function bruteForceNeighbors(model: KeyedVectors, k: number, includeSelf: boolean, rows?: number[]): Truth {
  const n = model.size;
  const dim = model.dim;
  const v = model.vectors;
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += v[i * dim + d] * v[i * dim + d];
    norms[i] = Math.sqrt(s);
  }
  const out = new Map<number, { indices: number[]; scores: number[] }>();
  for (const i of rows ?? Array.from({ length: n }, (_, r) => r)) {
    const scored: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      if (j === i && !includeSelf) continue;
      let s = 0;
      for (let d = 0; d < dim; d++) s += v[i * dim + d] * v[j * dim + d];
      scored.push([s / (norms[i] * norms[j]), j]);
    }
    scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    const top = scored.slice(0, k);
    out.set(i, { indices: top.map((t) => t[1]), scores: top.map((t) => t[0]) });
  }
  return { rows: out, includeSelf };
}

/**
 * Same neighbours in the same order as the truth, up to near-ties: each returned score within 1e-6 of the truth's
 * at its rank; where the returned word differs from the truth's, its own float64 score (computed here from the
 * model's vectors, not the engine's score) must be within `tie` of the truth's at that rank (near-tied words may
 * come in either order, and the last place may hold either of two near-tied candidates). No word twice, a word not
 * its own neighbour (unless the truth includes it), and -1 where the truth has fewer than k neighbours.
 */
export function assertSameNeighbors(dict: { k: number; indices: Int32Array; scores: Float32Array }, truth: Truth, model: KeyedVectors, rows?: number[], tie = 1e-6): void {
  const k = dict.k;
  for (const i of rows ?? [...truth.rows.keys()]) {
    const want = truth.rows.get(i)!;
    const got = Array.from(dict.indices.subarray(i * k, i * k + k));
    const gotScores = Array.from(dict.scores.subarray(i * k, i * k + k));
    const word = `row ${i} (${model.words[i]})`;
    for (let r = 0; r < k; r++) {
      const j = got[r];
      if (r >= want.indices.length) {
        assert.equal(j, -1, `${word} rank ${r}: the truth has only ${want.indices.length} neighbours, got index ${j}`);
        continue;
      }
      assert.ok(Number.isInteger(j) && j >= 0 && j < model.size, `${word} rank ${r}: index ${j}`);
      assert.ok(truth.includeSelf || j !== i, `${word} rank ${r}: the word is its own neighbour`);
      if (Number.isNaN(want.scores[r])) {
        // zero vectors score NaN and rank last, by index: no near-ties among them
        assert.ok(Number.isNaN(gotScores[r]) && j === want.indices[r], `${word} rank ${r}: ${j} (${gotScores[r]}), the truth ${want.indices[r]} (NaN)`);
        continue;
      }
      assert.ok(Math.abs(gotScores[r] - want.scores[r]) < 1e-6, `${word} rank ${r}: score ${gotScores[r]} vs ${want.scores[r]}`);
      if (j !== want.indices[r]) {
        const own = cosine64(model, i, j);
        assert.ok(Math.abs(own - want.scores[r]) < tie, `${word} rank ${r}: ${model.words[j]} (${own}) instead of ${model.words[want.indices[r]]} (${want.scores[r]}), not a near-tie`);
      }
    }
    const found = got.filter((j) => j !== -1);
    assert.equal(new Set(found).size, found.length, `${word}: no neighbour twice`);
  }
}
