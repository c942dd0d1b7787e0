/**
 * The peer libraries of the dictionary benchmark, loaded from their own npm project `bench/peers/` (installed by
 * `npm run bench:peers`, never a dependency of simdict) with `createRequire`, and their dictionary runs:
 *
 * - faiss-node 0.5.1 (Debian's libfaiss 1.7.3 + OpenBLAS): `new IndexFlatIP(dim)`, `add(number[])` of all unit vectors,
 *   then `search(number[], k + 1)` on batches of query rows (faiss scores a batch of ≥ 20 queries with BLAS sgemm,
 *   4096 queries × 1024 rows a block, and keeps the best in heaps; OpenMP/OpenBLAS threads as the environment's
 *   OMP_NUM_THREADS / OPENBLAS_NUM_THREADS say). faiss-node takes and returns plain JavaScript arrays.
 * - usearch 2.x: `exactSearch(dataset, queries, dim, k + 1, MetricKind.IP, threads)` with Float32Arrays of unit
 *   vectors: a brute force that fills the whole queries × dataset distance matrix (offset + distance, twice: 16 bytes
 *   a pair), transposes it on one thread and partial-sorts each query's row. So queries go in batches sized to keep
 *   that matrix near 1 GiB.
 *
 * Both answer k + 1 neighbours per query; the row itself is dropped (or, where a duplicate vector pushed it out of
 * the k + 1, the first k others are kept).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './dict-models.js';

export const PEERS_DIR = join(ROOT, 'bench', 'peers');
const requirePeer = createRequire(join(PEERS_DIR, 'package.json'));

export type PeerName = 'faiss' | 'usearch';

/** Why the peer cannot run here, or undefined when it is installed. */
export function peerMissing(peer: PeerName): string | undefined {
  const nm = join(PEERS_DIR, 'node_modules');
  if (peer === 'faiss') {
    if (!existsSync(join(nm, 'faiss-node', 'package.json'))) return 'faiss-node not installed (npm run bench:peers)';
    if (!existsSync(join(nm, 'faiss-node', 'build', 'Release', 'faiss-node.node'))) return 'faiss-node not built against libfaiss (npm run bench:peers)';
    return undefined;
  }
  if (!existsSync(join(nm, 'usearch', 'package.json'))) return 'usearch not installed (npm run bench:peers)';
  return undefined;
}

export function peerVersion(peer: PeerName): string {
  const dir = join(PEERS_DIR, 'node_modules', peer === 'faiss' ? 'faiss-node' : 'usearch');
  return (requirePeer(join(dir, 'package.json')) as { version: string }).version;
}

/** One peer run over `rows` (the query rows, increasing). */
export interface PeerRun {
  /** Seconds to build the index (the caller adds the time it took to make the unit vectors). */
  setupSeconds: number;
  /** Seconds to search all of `rows` and drop self. */
  searchSeconds: number;
  /** Neighbours of `rows`, row r's k at [r·k, r·k+k). */
  indices: Int32Array;
  /** Query rows per call. */
  batch: number;
}

/** Keeps the first k neighbours other than `self` of one answer of k + 1 (labels as numbers or bigints). */
function dropSelf(labels: ArrayLike<number | bigint>, at: number, k: number, self: number, out: Int32Array, outAt: number): void {
  let c = 0;
  for (let t = 0; t <= k && c < k; t++) {
    const j = Number(labels[at + t]);
    if (j === self) continue;
    out[outAt + c++] = j;
  }
  while (c < k) out[outAt + c++] = -1;
}

function gather(unit: Float32Array, dim: number, rows: readonly number[], from: number, to: number): Float32Array {
  const q = new Float32Array((to - from) * dim);
  for (let r = from; r < to; r++) q.set(unit.subarray(rows[r] * dim, rows[r] * dim + dim), (r - from) * dim);
  return q;
}

interface FaissIndex {
  add(x: number[]): void;
  search(x: number[], k: number): { distances: number[]; labels: number[] };
  ntotal(): number;
}

export function runFaiss(unit: Float32Array, n: number, dim: number, k: number, rows: readonly number[], batch = 8192): PeerRun {
  const faiss = requirePeer('faiss-node') as { IndexFlatIP: new (d: number) => FaissIndex };
  let t0 = performance.now();
  const index = new faiss.IndexFlatIP(dim);
  const addRows = 16384;
  for (let r = 0; r < n; r += addRows) index.add(Array.from(unit.subarray(r * dim, Math.min(n, r + addRows) * dim)));
  if (index.ntotal() !== n) throw new Error(`faiss index holds ${index.ntotal()} vectors, not ${n}`);
  const setupSeconds = (performance.now() - t0) / 1000;

  const indices = new Int32Array(rows.length * k);
  t0 = performance.now();
  for (let from = 0; from < rows.length; from += batch) {
    const to = Math.min(rows.length, from + batch);
    const { labels } = index.search(Array.from(gather(unit, dim, rows, from, to)), k + 1);
    for (let r = from; r < to; r++) dropSelf(labels, (r - from) * (k + 1), k, rows[r], indices, r * k);
  }
  return { setupSeconds, searchSeconds: (performance.now() - t0) / 1000, indices, batch };
}

interface UsearchModule {
  exactSearch(dataset: Float32Array, queries: Float32Array, dim: number, count: number, metric: string, threads: number): { keys: BigUint64Array; distances: Float32Array };
  MetricKind: { IP: string };
}

export function runUsearch(unit: Float32Array, n: number, dim: number, k: number, rows: readonly number[], threads: number): PeerRun {
  const usearch = requirePeer('usearch') as UsearchModule;
  const batch = Math.max(1, Math.min(1024, Math.floor(2 ** 30 / (16 * n))));
  const indices = new Int32Array(rows.length * k);
  const t0 = performance.now();
  for (let from = 0; from < rows.length; from += batch) {
    const to = Math.min(rows.length, from + batch);
    // One query gives a Matches, several a BatchMatches: both have keys laid out k + 1 per query.
    const { keys } = usearch.exactSearch(unit, gather(unit, dim, rows, from, to), dim, k + 1, usearch.MetricKind.IP, threads);
    for (let r = from; r < to; r++) dropSelf(keys, (r - from) * (k + 1), k, rows[r], indices, r * k);
  }
  return { setupSeconds: 0, searchSeconds: (performance.now() - t0) / 1000, indices, batch };
}
