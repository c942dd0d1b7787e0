/**
 * The approximate (graph) peers of the coming approximate engine (issue 10): each builds an all-words k-NN
 * dictionary of a model — every row's k nearest other rows by cosine — and returns the indices (row r's k at
 * [r·k, r·k+k), best first, −1 = none), its times and peak RSS. Installed by `npm run bench:peers`
 * (bench/peers/install.sh); nothing is downloaded at run time.
 *
 * - hnswlib-node 3.0.0 (hnswlib 0.8): `new HierarchicalNSW('cosine', dim)`, `initIndex(n, M, efConstruction, seed)`,
 *   `addPoint(number[], row)` for every row (one thread: the binding has no parallel add), then `setEf(ef)` and
 *   `searchKnn(row's vector, k + 1)` for every row (one thread), self dropped.
 * - usearch 2.26.2: its HNSW `Index({ dimensions, metric: 'cos', connectivity: M, expansion_add, expansion_search })`,
 *   `add(keys, all rows, threads)`, then `search(rows, k + 1, threads)` in batches, self dropped.
 * - pynndescent 0.5.8 (Debian's python3-pynndescent, /usr/bin/python3, numba): bench/peers/pynndescent_dict.py,
 *   `NNDescent(x, metric='cosine', n_neighbors=k + 1, n_jobs, random_state).neighbor_graph`, self dropped (a tiny
 *   NNDescent runs first so numba's JIT compilation is not in the build time; its seconds are shown apart). The unit
 *   rows go to it as a raw float32 file and the indices come back as a raw int32 file (in a temporary folder).
 *
 * All take the unit rows (`unitRows` of ./dict-models.ts), so cosine = inner product for every peer. Peak RSS: for
 * the Node peers it is the process's peak (`process.resourceUsage().maxRSS`), so run each in its own process for a
 * per-peer figure (bench/ann-peers.ts does); for pynndescent it is the Python child's own peak (`ru_maxrss`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PEERS_DIR } from './dict-peers.js';

const requirePeer = createRequire(join(PEERS_DIR, 'package.json'));

export type AnnPeerName = 'hnswlib' | 'usearch-hnsw' | 'pynndescent';
export const ANN_PEERS: readonly AnnPeerName[] = ['hnswlib', 'usearch-hnsw', 'pynndescent'];

export const PYTHON = '/usr/bin/python3';
const PYNNDESCENT_SCRIPT = join(PEERS_DIR, 'pynndescent_dict.py');

export interface AnnParams {
  /** Neighbours per word (15). */
  k: number;
  /** Threads where the peer takes them (usearch, pynndescent); hnswlib-node's binding is single-threaded. */
  threads: number;
  /** HNSW graph degree (hnswlib M, usearch connectivity); default 16. */
  M?: number;
  /** HNSW construction beam (efConstruction / expansion_add); default 200 (hnswlib) / 128 (usearch). */
  efConstruction?: number;
  /** HNSW search beam (ef / expansion_search), at least k + 1; default 64. */
  ef?: number;
  /** Random seed (hnswlib, pynndescent's random_state); default 1. */
  seed?: number;
  /** pynndescent's n_neighbors (default k + 1; 30 is its default, more for a higher recall). */
  nNeighbors?: number;
}

export interface AnnRun {
  peer: AnnPeerName;
  /** The parameters actually used, for the table. */
  params: string;
  /** Seconds to build the index / graph. */
  buildSeconds: number;
  /** Seconds to query every row (0 where the graph is the answer: pynndescent). */
  searchSeconds: number;
  /** Peak RSS in MiB (see the file comment for whose). */
  peakRssMiB: number;
  indices: Int32Array;
}

/** Why the peer cannot run here, or undefined when it is installed. */
export function annPeerMissing(peer: AnnPeerName): string | undefined {
  const nm = join(PEERS_DIR, 'node_modules');
  if (peer === 'hnswlib') {
    if (!existsSync(join(nm, 'hnswlib-node', 'build', 'Release', 'addon.node'))) return 'hnswlib-node not built (npm run bench:peers)';
    return undefined;
  }
  if (peer === 'usearch-hnsw') return existsSync(join(nm, 'usearch', 'package.json')) ? undefined : 'usearch not installed (npm run bench:peers)';
  const r = spawnSync(PYTHON, ['-c', 'import pynndescent'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `pynndescent does not import in ${PYTHON} (npm run bench:peers): ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`;
}

export function annPeerVersion(peer: AnnPeerName): string {
  if (peer === 'pynndescent') {
    const r = spawnSync(PYTHON, ['-c', 'import importlib.metadata as m; print(m.version("pynndescent"))'], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : '?';
  }
  const pkg = peer === 'hnswlib' ? 'hnswlib-node' : 'usearch';
  return (requirePeer(join(PEERS_DIR, 'node_modules', pkg, 'package.json')) as { version: string }).version;
}

/** Keeps the first k labels other than `self` of one answer (numbers or bigints, `count` of them). */
function dropSelf(labels: ArrayLike<number | bigint>, at: number, count: number, k: number, self: number, out: Int32Array, outAt: number): void {
  let c = 0;
  for (let t = 0; t < count && c < k; t++) {
    const j = Number(labels[at + t]);
    if (j === self || j < 0) continue;
    out[outAt + c++] = j;
  }
  while (c < k) out[outAt + c++] = -1;
}

const rssMiB = (): number => process.resourceUsage().maxRSS / 1024;

interface HierarchicalNSW {
  initIndex(maxElements: number, m?: number, efConstruction?: number, randomSeed?: number): void;
  addPoint(point: number[], label: number): void;
  setEf(ef: number): void;
  searchKnn(query: number[], k: number): { distances: number[]; neighbors: number[] };
}

export function runHnswlib(unit: Float32Array, n: number, dim: number, p: AnnParams): AnnRun {
  const { HierarchicalNSW } = requirePeer('hnswlib-node') as { HierarchicalNSW: new (space: string, dim: number) => HierarchicalNSW };
  const M = p.M ?? 16;
  const efC = p.efConstruction ?? 200;
  const ef = Math.max(p.ef ?? 64, p.k + 1);
  let t0 = performance.now();
  const index = new HierarchicalNSW('cosine', dim);
  index.initIndex(n, M, efC, p.seed ?? 1);
  for (let r = 0; r < n; r++) index.addPoint(Array.from(unit.subarray(r * dim, r * dim + dim)), r);
  const buildSeconds = (performance.now() - t0) / 1000;
  index.setEf(ef);
  const indices = new Int32Array(n * p.k);
  t0 = performance.now();
  for (let r = 0; r < n; r++) {
    const { neighbors } = index.searchKnn(Array.from(unit.subarray(r * dim, r * dim + dim)), p.k + 1);
    dropSelf(neighbors, 0, neighbors.length, p.k, r, indices, r * p.k);
  }
  const searchSeconds = (performance.now() - t0) / 1000;
  return { peer: 'hnswlib', params: `M=${M} efC=${efC} ef=${ef} 1 thread`, buildSeconds, searchSeconds, peakRssMiB: rssMiB(), indices };
}

interface UsearchIndex {
  add(keys: BigUint64Array, vectors: Float32Array, threads: number): void;
  search(vectors: Float32Array, k: number, threads: number): { keys: BigUint64Array; counts?: BigUint64Array };
  size(): number;
}

export function runUsearchHnsw(unit: Float32Array, n: number, dim: number, p: AnnParams, batch = 16384): AnnRun {
  const usearch = requirePeer('usearch') as { Index: new (config: object) => UsearchIndex; MetricKind: { Cos: string } };
  const M = p.M ?? 16;
  const efC = p.efConstruction ?? 128;
  const ef = Math.max(p.ef ?? 64, p.k + 1);
  let t0 = performance.now();
  const index = new usearch.Index({ dimensions: dim, metric: usearch.MetricKind.Cos, connectivity: M, expansion_add: efC, expansion_search: ef });
  const keys = new BigUint64Array(n);
  for (let r = 0; r < n; r++) keys[r] = BigInt(r);
  index.add(keys, unit.subarray(0, n * dim), p.threads);
  if (index.size() !== n) throw new Error(`usearch index holds ${index.size()} vectors, not ${n}`);
  const buildSeconds = (performance.now() - t0) / 1000;
  const indices = new Int32Array(n * p.k);
  const k1 = p.k + 1;
  t0 = performance.now();
  for (let from = 0; from < n; from += batch) {
    const to = Math.min(n, from + batch);
    const res = index.search(unit.subarray(from * dim, to * dim), k1, p.threads);
    // One query gives a Matches (keys of that query), several a BatchMatches (k + 1 slots a query, `counts` filled).
    for (let r = from; r < to; r++) {
      const count = res.counts ? Number(res.counts[r - from]) : res.keys.length;
      dropSelf(res.keys, (r - from) * k1, count, p.k, r, indices, r * p.k);
    }
  }
  const searchSeconds = (performance.now() - t0) / 1000;
  return { peer: 'usearch-hnsw', params: `M=${M} efC=${efC} ef=${ef} ${p.threads} threads`, buildSeconds, searchSeconds, peakRssMiB: rssMiB(), indices };
}

export function runPynndescent(unit: Float32Array, n: number, dim: number, p: AnnParams): AnnRun {
  const dir = mkdtempSync(join(tmpdir(), 'simdict-pynnd-'));
  try {
    const input = join(dir, 'unit.f32');
    const output = join(dir, 'indices.i32');
    writeFileSync(input, new Uint8Array(unit.buffer, unit.byteOffset, n * dim * 4));
    const r = spawnSync(PYTHON, [PYNNDESCENT_SCRIPT, input, String(n), String(dim), String(p.k), String(p.threads), String(p.seed ?? 1), output, String(p.nNeighbors ?? p.k + 1)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
    });
    if (r.status !== 0) throw new Error(`pynndescent_dict.py failed (status ${r.status}${r.error ? ', ' + r.error.message : ''})`);
    const report = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { build_s: number; jit_s: number; peak_rss_kib: number; n_neighbors: number };
    const raw = readFileSync(output);
    const indices = new Int32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    if (indices.length !== n * p.k) throw new Error(`pynndescent_dict.py wrote ${indices.length} indices, not ${n * p.k}`);
    return {
      peer: 'pynndescent',
      params: `n_neighbors=${report.n_neighbors} ${p.threads} jobs (+${report.jit_s.toFixed(1)} s JIT warm-up, not counted)`,
      buildSeconds: report.build_s,
      searchSeconds: 0,
      peakRssMiB: report.peak_rss_kib / 1024,
      indices,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runAnnPeer(peer: AnnPeerName, unit: Float32Array, n: number, dim: number, p: AnnParams): AnnRun {
  if (peer === 'hnswlib') return runHnswlib(unit, n, dim, p);
  if (peer === 'usearch-hnsw') return runUsearchHnsw(unit, n, dim, p);
  return runPynndescent(unit, n, dim, p);
}

/** Mean recall@k of `got` against `truth` (both n·k, −1 = none): the share of truth's neighbours found, per row. */
export function recallAgainst(got: Int32Array, truth: Int32Array, n: number, k: number): number {
  let sum = 0;
  let rows = 0;
  const set = new Set<number>();
  for (let r = 0; r < n; r++) {
    set.clear();
    let want = 0;
    for (let t = 0; t < k; t++) {
      const j = truth[r * k + t];
      if (j >= 0) {
        set.add(j);
        want++;
      }
    }
    if (want === 0) continue;
    let hit = 0;
    for (let t = 0; t < k; t++) if (set.has(got[r * k + t])) hit++;
    sum += hit / want;
    rows++;
  }
  return rows ? sum / rows : 1;
}
