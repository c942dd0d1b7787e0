/**
 * Issue 10's benchmark: the all-words k-NN dictionary by simdict's approximate engine at several recall targets,
 * simdict's exact engine, and the approximate peers users would pick (pynndescent, hnswlib-node build + query every
 * word, usearch HNSW build + batch search: bench/lib/ann-peers.ts), in one run, one after the other, each in its own
 * child process (so each peak RSS is its own). Every result is scored against the same truth: the exact rows of a
 * seeded sample of words (src/dictionary/recall.ts; ties at the k-th score count as hits), drawn with another seed
 * than the one simdict uses for its own recall estimate, which the table shows beside it. Prints a table, writes
 * the figures as JSON (bench/out/) and a time-vs-recall plot (SVG, docs/ by default).
 *
 *     npm run bench:peers                                    # once: installs the peers
 *     npm run bench:ann                                      # GloVe 6B 100d, 341k words, every method
 *     npm run bench:ann -- --limit 100000 --peers none       # simdict only, on the first 100k words
 *     npm run bench:ann -- --model bench/models/synthetic-1m-300d.bin --peers pynndescent:30 --skip exact
 *
 * Options: --model FILE (GloVe) · --limit N · --k N (15) · --threads N (2) · --sample N (1000) · --targets a,b,...
 * (0.9,0.95,0.99) · --joins list (int16: simdict's default; int16,float32 also runs each target with the joins on
 * the float32 rows, `simdict@T:float32`) · --peers list ('pynndescent:30,pynndescent:48,hnswlib,usearch-hnsw': name[:n_neighbors]; 'none')
 * · --skip exact · --plot FILE (docs/ann-<model>.svg) · the HNSW peers' --M N, --ef-construction N, --ef N (see
 * AnnParams) · --child (internal).
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDictionary } from '../src/dictionary/build-dictionary.js';
import { exactSample, recallOf, sampleRows } from '../src/dictionary/recall.js';
import { loadModel } from '../src/formats/load-model.js';
import { buildApproximateDictionary } from '../src/graph/build-approximate.js';
import { ANN_PEERS, annPeerMissing, annPeerVersion, runAnnPeer, type AnnPeerName } from './lib/ann-peers.js';
import { benchArgs } from './lib/args.js';
import { CACHE, ROOT, unitRows } from './lib/dict-models.js';
import { ensureGlove } from './lib/glove.js';
import { timeRecallSvg, type PlotPoint } from './lib/svg-plot.js';

const { argv, option, whole } = benchArgs(['--model', '--limit', '--k', '--threads', '--sample', '--targets', '--joins', '--peers', '--skip', '--plot', '--M', '--ef-construction', '--ef', '--child']);
const K = whole('--k', 15, 1);
const THREADS = whole('--threads', 2, 1);
const SAMPLE = whole('--sample', 1000, 1);
const LIMIT = whole('--limit', undefined, 1);
const MODEL = option('--model') ?? (await ensureGlove(CACHE, { log: (l) => console.error(l) })).binary;
const load = () => loadModel(MODEL, LIMIT ? { limit: LIMIT } : {});

/** VmHWM of this process, MiB. */
const peakRss = (): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1024;

interface ChildReport {
  seconds: number;
  peakRssMiB: number;
  params: string;
  /** simdict approximate: the recall it measured itself (its own sample) and reported. */
  claimed?: number;
}

// ---- child: one method, indices to a file, a JSON line on stdout ---------------------------------------------------
const child = option('--child');
if (child) {
  const [method, out] = child.split(',');
  const model = await load();
  let indices: Int32Array, report: ChildReport;
  const t0 = performance.now();
  if (method.startsWith('simdict@')) {
    const [spec, joins] = method.slice('simdict@'.length).split(':') as [string, 'float32' | undefined];
    const target = Number(spec);
    const d = await buildApproximateDictionary(model, { k: K, threads: THREADS, recall: target, joins });
    const p = d.meta.nnDescent as { trees: number; heapSize: number; iterations: number; stoppedBy: string; joins: string };
    indices = d.indices;
    report = { seconds: (performance.now() - t0) / 1000, peakRssMiB: peakRss(), params: `recall target ${target}: ${p.trees} trees, K ${p.heapSize}, ${p.joins} joins, ${p.iterations} iterations (${p.stoppedBy})`, claimed: d.meta.recall as number };
  } else if (method === 'exact') {
    const d = await buildDictionary(model, { k: K, threads: THREADS });
    indices = d.indices;
    report = { seconds: (performance.now() - t0) / 1000, peakRssMiB: peakRss(), params: `method ${d.meta.method}` };
  } else {
    const [peer, nn] = method.split(':') as [AnnPeerName, string | undefined];
    const hnsw = { M: whole('--M', undefined, 2), efConstruction: whole('--ef-construction', undefined, 1), ef: whole('--ef', undefined, 1) };
    const run = runAnnPeer(peer, unitRows(model), model.size, model.dim, { k: K, threads: THREADS, nNeighbors: nn ? Number(nn) : undefined, ...hnsw });
    indices = run.indices;
    report = { seconds: run.buildSeconds + run.searchSeconds, peakRssMiB: peer === 'pynndescent' ? run.peakRssMiB : peakRss(), params: run.params };
  }
  writeFileSync(out, new Uint8Array(indices.buffer, indices.byteOffset, indices.byteLength));
  console.log(JSON.stringify(report));
  process.exit(0);
}

// ---- parent -------------------------------------------------------------------------------------------------------
const targets = (option('--targets') ?? '0.9,0.95,0.99').split(',').map(Number);
for (const t of targets) if (!(t > 0 && t <= 1)) throw new RangeError(`--targets: ${t} is not a recall in (0, 1]`);
const peerSpecs = option('--peers') === 'none' ? [] : (option('--peers') ?? 'pynndescent:30,pynndescent:48,hnswlib,usearch-hnsw').split(',');
for (const spec of peerSpecs) if (!ANN_PEERS.includes(spec.split(':')[0] as AnnPeerName)) throw new RangeError(`unknown peer ${spec} (known: ${ANN_PEERS.join(', ')})`);
const skip = new Set((option('--skip') ?? '').split(',').filter(Boolean));
const joinsList = (option('--joins') ?? 'int16').split(',');
for (const j of joinsList) if (j !== 'int16' && j !== 'float32') throw new RangeError(`--joins: ${j} is not int16 or float32`);
const simdictMethods = targets.flatMap((t) => joinsList.map((j) => (j === 'int16' ? `simdict@${t}` : `simdict@${t}:float32`)));
const methods = [...simdictMethods, ...(skip.has('exact') ? [] : ['exact']), ...peerSpecs];

const model = await load();
const name = basename(MODEL).replace(/\.(bin|txt|vec)(\.gz)?$/, '') + (LIMIT ? `-${LIMIT}` : '');
const rows = sampleRows(model.size, Math.min(SAMPLE, model.size), 1);
console.error(`truth: the exact rows of ${rows.length} sampled words...`);
const truth = await exactSample(model, rows, { k: K, threads: THREADS });
const dir = mkdtempSync(join(tmpdir(), 'simdict-bench-ann-'));
interface Result extends ChildReport {
  method: string;
  version: string;
  recall: number;
}
const results: Result[] = [];
try {
  for (const method of methods) {
    const peer = method.split(':')[0] as AnnPeerName;
    const isPeer = ANN_PEERS.includes(peer);
    const missing = isPeer ? annPeerMissing(peer) : undefined;
    if (missing) {
      console.error(`${method}: skipped (${missing})`);
      continue;
    }
    const out = join(dir, 'indices.i32');
    console.error(`${method}...`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...argv, '--child', `${method},${out}`], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
      env: { ...process.env, OMP_NUM_THREADS: String(THREADS), NUMBA_NUM_THREADS: String(THREADS) },
    });
    if (r.status !== 0) {
      console.error(`${method}: failed (status ${r.status})`);
      continue;
    }
    const report = JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildReport;
    const raw = readFileSync(out);
    const indices = new Int32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
    const recall = recallOf(model, truth, (row) => indices.subarray(row * K, row * K + K));
    results.push({ ...report, method, version: isPeer ? annPeerVersion(peer) : 'simdict', recall });
    console.error(`${method}: ${report.seconds.toFixed(1)} s, recall@${K} ${recall.toFixed(4)}, peak RSS ${report.peakRssMiB.toFixed(0)} MiB`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const reference = results.find((r) => r.method === 'simdict@0.95');
const head = ['method', 'settings', 'total s', `recall@${K}`, 'simdict\'s own estimate', 'peak RSS MiB', 'time / simdict@0.95'];
const table = results.map((r) => [
  r.method === 'exact' ? 'simdict exact' : r.method.startsWith('simdict@') ? `simdict approximate, target ${r.method.slice(8).replace(':float32', ', float32 joins')}` : `${r.method} (${r.version})`,
  r.params,
  r.seconds.toFixed(1),
  r.recall.toFixed(4),
  r.claimed !== undefined ? r.claimed.toFixed(4) : '',
  r.peakRssMiB.toFixed(0),
  reference ? (r.seconds / reference.seconds).toFixed(2) : '',
]);
console.log(`\nnpm run bench:ann${argv.length ? ' -- ' + argv.join(' ') : ''} · ${relative(ROOT, MODEL) || MODEL} ${model.size.toLocaleString('en-US')} × ${model.dim} · ${THREADS} threads · ${cpus().length} cores (${cpus()[0]?.model.trim()}) · k ${K} · recall on ${rows.length} sampled words (seed 1; simdict's own estimate: another 1,000, seed 42) · load ${loadavg()[0].toFixed(2)}\n`);
const widths = head.map((h, c) => Math.max(h.length, ...table.map((r) => r[c].length)));
const line = (cells: string[]) => `| ${cells.map((v, c) => (c < 2 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join(' | ')} |`;
console.log(line(head));
console.log(`|${widths.map((w, c) => (c < 2 ? ':' : '') + '-'.repeat(w + 1) + (c < 2 ? '' : ':')).join('|')}|`);
for (const r of table) console.log(line(r));

mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
const json = join(ROOT, 'bench', 'out', `ann-${name}.json`);
writeFileSync(json, JSON.stringify({ command: `npm run bench:ann ${argv.join(' ')}`.trim(), model: relative(ROOT, MODEL), n: model.size, dim: model.dim, k: K, threads: THREADS, sample: rows.length, results }, null, 1));
const plot = option('--plot') ?? join(ROOT, 'docs', `ann-${name}.svg`);
const points: PlotPoint[] = results.map((r) => ({
  label: r.method.startsWith('simdict@') ? `target ${r.method.slice(8).replace(':float32', '')}` : r.method === 'exact' ? 'exact' : r.method,
  group: r.method.startsWith('simdict@') ? (r.method.endsWith(':float32') ? 'simdict approximate, float32 joins' : 'simdict approximate') : r.method === 'exact' ? 'simdict exact' : r.method.split(':')[0],
  seconds: r.seconds,
  recall: r.recall,
}));
writeFileSync(plot, timeRecallSvg(`All-words ${K}-NN dictionary: ${name} (${model.size.toLocaleString('en-US')} × ${model.dim}), ${THREADS} threads`, points));
console.log(`\nfigures: ${relative(ROOT, json)} · plot: ${relative(ROOT, plot)}`);
