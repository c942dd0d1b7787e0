/**
 * Smoke run of the approximate peers (bench/lib/ann-peers.ts: hnswlib-node, usearch HNSW, pynndescent): each builds
 * the all-words k-NN dictionary of a model, in its own child process (so its peak RSS is its own), and is scored by
 * recall@k against simdict's exact `buildDictionary` on the same rows. A table, not a timed test.
 *
 *     npm run bench:peers                                   # once: installs the peers
 *     npm run bench:ann-peers                               # GloVe 6B 100d, first 20,000 words
 *     npm run bench:ann-peers -- --model bench/models/synthetic-1m-300d.bin --rows 50000 --peers hnswlib,usearch-hnsw
 *
 * Options: --model FILE (bench/models/glove-6B-100d.bin) · --rows N (20000: loadModel's limit; 0 = all) · --k N (15)
 * · --threads N (2) · --peers a,b (all) · --M N · --ef-construction N · --ef N (see AnnParams) · --seed N (1).
 */
import { benchArgs } from './lib/args.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDictionary } from '../src/dictionary/build-dictionary.js';
import { loadModel } from '../src/formats/load-model.js';
import { ANN_PEERS, annPeerMissing, annPeerVersion, recallAgainst, runAnnPeer, type AnnParams, type AnnPeerName } from './lib/ann-peers.js';
import { ROOT, unitRows } from './lib/dict-models.js';

const { argv, option, whole } = benchArgs(['--model', '--rows', '--k', '--threads', '--peers', '--M', '--ef-construction', '--ef', '--seed', '--child']);

const MODEL = option('--model') ?? join(ROOT, 'bench', 'models', 'glove-6B-100d.bin');
const ROWS = whole('--rows', 20_000)!;
const params: AnnParams = {
  k: whole('--k', 15, 1)!,
  threads: whole('--threads', 2, 1)!,
  M: whole('--M', undefined, 2),
  efConstruction: whole('--ef-construction', undefined, 1),
  ef: whole('--ef', undefined, 1),
  seed: whole('--seed', 1)!,
};
const load = () => loadModel(MODEL, ROWS > 0 ? { limit: ROWS } : {});

// ---- child: one peer, indices to a file, a JSON line on stdout ---------------------------------------------------
const child = option('--child');
if (child) {
  const [peer, out] = child.split(',') as [AnnPeerName, string];
  const model = await load();
  const unit = unitRows(model);
  const run = runAnnPeer(peer, unit, model.size, model.dim, params);
  writeFileSync(out, new Uint8Array(run.indices.buffer));
  console.log(JSON.stringify({ ...run, indices: undefined }));
  process.exit(0);
}

// ---- parent --------------------------------------------------------------------------------------------------------
const peers = (option('--peers')?.split(',') ?? ANN_PEERS) as AnnPeerName[];
for (const p of peers) if (!ANN_PEERS.includes(p)) throw new RangeError(`unknown peer ${p} (known: ${ANN_PEERS.join(', ')})`);

const model = await load();
const { size: n, dim } = model;
const { k } = params;
console.log(`model ${relative(ROOT, MODEL) || MODEL}: ${n.toLocaleString('en')} × ${dim}; k = ${k}, ${params.threads} threads`);
let t0 = performance.now();
const exact = await buildDictionary(model, { k, threads: params.threads });
const exactSeconds = (performance.now() - t0) / 1000;
console.log(`exact (simdict buildDictionary, ${exact.meta.method ?? 'default method'}): ${exactSeconds.toFixed(1)} s`);

const dir = mkdtempSync(join(tmpdir(), 'simdict-ann-peers-'));
const rows: string[][] = [['peer', 'version', 'params', 'build s', 'search s', 'total s', 'peak RSS MiB', `recall@${k}`]];
rows.push(['simdict exact', '', `${params.threads} threads`, '', '', exactSeconds.toFixed(1), '', '1.0000']);
try {
  for (const peer of peers) {
    const missing = annPeerMissing(peer);
    if (missing) {
      rows.push([peer, '', missing, '', '', '', '', '']);
      continue;
    }
    const out = join(dir, `${peer}.i32`);
    t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...argv, '--child', `${peer},${out}`], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, OMP_NUM_THREADS: String(params.threads), NUMBA_NUM_THREADS: String(params.threads) },
    });
    if (r.status !== 0) {
      rows.push([peer, annPeerVersion(peer), `failed (status ${r.status})`, '', '', '', '', '']);
      continue;
    }
    const run = JSON.parse(r.stdout.trim().split("\n").pop()!) as {
      params: string;
      buildSeconds: number;
      searchSeconds: number;
      peakRssMiB: number;
    };
    const raw = readFileSync(out);
    const indices = new Int32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    const recall = recallAgainst(indices, exact.indices, n, k);
    rows.push([
      peer,
      annPeerVersion(peer),
      run.params,
      run.buildSeconds.toFixed(1),
      run.searchSeconds.toFixed(1),
      (run.buildSeconds + run.searchSeconds).toFixed(1),
      run.peakRssMiB.toFixed(0),
      recall.toFixed(4),
    ]);
    console.log(`${peer}: ${(run.buildSeconds + run.searchSeconds).toFixed(1)} s, recall@${k} ${recall.toFixed(4)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
console.log();
for (const [i, r] of rows.entries()) {
  console.log('| ' + r.map((s, c) => s.padEnd(widths[c])).join(' | ') + ' |');
  if (i === 0) console.log('| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |');
}
