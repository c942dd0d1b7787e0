/** A float64 brute-force dictionary: the independent truth for the exact engine. */
import assert from 'node:assert/strict';
import type { KeyedVectors } from '../../src/index.js';

export interface Truth {
  /** Per requested row: neighbour rows and float64 scores, best first (ties by index), k of them. */
  rows: Map<number, { indices: number[]; scores: number[] }>;
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
  return { rows: out };
}

/**
 * Same neighbours in the same order as the truth, up to near-ties: where the truth's scores of two neighbours are
 * within `tie` of each other, they may come in either order (and the last place may hold either of two near-tied
 * candidates). Scores within 1e-6.
 */
export function assertSameNeighbors(dict: { k: number; indices: Int32Array; scores: Float32Array }, truth: Truth, model: KeyedVectors, rows?: number[], tie = 1e-6): void {
  const k = dict.k;
  for (const i of rows ?? [...truth.rows.keys()]) {
    const want = truth.rows.get(i)!;
    const got = Array.from(dict.indices.subarray(i * k, i * k + k));
    const gotScores = Array.from(dict.scores.subarray(i * k, i * k + k));
    for (let r = 0; r < want.indices.length; r++) {
      assert.ok(Math.abs(gotScores[r] - want.scores[r]) < 1e-6, `row ${i} (${model.words[i]}) rank ${r}: score ${gotScores[r]} vs ${want.scores[r]}`);
      if (got[r] !== want.indices[r]) {
        // Allowed only between near-ties of the truth.
        const s = model.size;
        const j = got[r];
        assert.ok(j >= 0 && j < s, `row ${i} rank ${r}: index ${j}`);
        assert.ok(Math.abs(want.scores[r] - gotScores[r]) < tie, `row ${i} (${model.words[i]}) rank ${r}: ${model.words[j]} instead of ${model.words[want.indices[r]]}, not a near-tie`);
      }
    }
    assert.equal(new Set(got).size, got.length, `row ${i}: no neighbour twice`);
  }
}
