/**
 * Dictionary benchmark: the time to build a complete similar-words dictionary (the k most similar words of every
 * word) with simdict and with the ways one would do it otherwise. A table, not a timed test.
 *
 *     npm run bench:peers                        # once: faiss-node and usearch into bench/peers (see install.sh)
 *     npm run bench:dict                         # = tsx bench/dict.ts; both models, ~15 minutes on 2 cores
 *     npm run bench:dict -- --quick              # smoke run: 5,000 × 100 synthetic and GloVe's first 10,000 words
 *     npm run bench:dict -- --model glove --skip usearch,simdict-1t
 *
 * Options: --model synthetic|glove|both (both) · --k N (15) · --quick · --sample N (2000: recall sample and naive-loop
 * words) · --peer-queries N|all (faiss 20000, usearch 2000: query words a peer searches, the rest extrapolated) ·
 * --cap S (120: simdict on 1 thread stops after S seconds and is extrapolated by its progress; 0 = never) ·
 * --threads N (2: simdict's multi-thread row and the peers) · --skip id,id (naive, simdict-1t, simdict-2t,
 * simdict-int8, faiss, usearch).
 *
 * Models (bench/lib/dict-models.ts): synthetic 200,000 × 100 (uniform random, fixed seed) and GloVe 6B 100d (341,479
 * words). Each method runs in its own child process (bench/lib/dict-run.ts), which loads the model first (not timed)
 * and reports its peak RSS from then on:
 *
 * - naive loop: `model.mostSimilar(word, { topn: k })` per word, timed on the sample words and extrapolated to all;
 * - simdict exact: `buildDictionary(model, { k, threads })`, f32 on 1 and 2 threads and int8 + rescore on 2;
 * - faiss-node `IndexFlatIP` over unit vectors, batch `search` for k + 1, self dropped (OMP_NUM_THREADS and
 *   OPENBLAS_NUM_THREADS = --threads);
 * - usearch `exactSearch(unit vectors, queries, dim, k + 1, MetricKind.IP, threads)`, self dropped.
 * See bench/lib/dict-peers.ts for the peers' exact calls.
 *
 * GFLOP/s are "effective": 2·n²·dim flops over the total time for every method, the work of a search-style exact
 * dictionary (simdict's symmetric blocking computes each pair once, half of that).
 * Recall@k on the sample rows, near-ties within 1e-6 counted equal (bench/lib/dict-truth.ts): simdict's rows against
 * a float64 brute force, the peers against simdict's 2-thread result (or the brute force when simdict did not run).
 */
import { benchArgs } from './lib/args.js';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, join, relative } from 'node:path';
import { METHODS, RESULT_MARK, type Job, type JobResult, type MethodId } from './lib/dict-methods.js';
import { openModel, prepareModel, ROOT, spreadRows, type ModelName, type ModelSpec } from './lib/dict-models.js';
import { peerMissing, peerVersion, type PeerName } from './lib/dict-peers.js';
import { bruteForce64, recallAt, unit64 } from './lib/dict-truth.js';

// ---- options ---------------------------------------------------------------------------------------------------

const { argv, option, whole } = benchArgs(['--model', '--k', '--quick', '--sample', '--peer-queries', '--cap', '--threads', '--skip'], 1);

const QUICK = argv.includes('--quick');
const K = whole('--k', 15);
const SAMPLE = whole('--sample', 2000);
const CAP = whole('--cap', 120, 0);
const THREADS = whole('--threads', 2);
const modelOption = option('--model') ?? 'both';
if (!['synthetic', 'glove', 'both'].includes(modelOption)) throw new RangeError(`--model is synthetic, glove or both, got ${modelOption}`);
const MODELS: ModelName[] = modelOption === 'both' ? ['synthetic', 'glove'] : [modelOption as ModelName];
const peerQueriesOption = option('--peer-queries');
const PEER_QUERIES: Record<PeerName, number> =
  peerQueriesOption === undefined
    ? { faiss: 20_000, usearch: 2_000 }
    : peerQueriesOption === 'all'
      ? { faiss: Infinity, usearch: Infinity }
      : { faiss: whole('--peer-queries', 0), usearch: whole('--peer-queries', 0) };
const SKIP = new Set((option('--skip') ?? '').split(',').filter(Boolean));
for (const s of SKIP) if (!METHODS.some((m) => m.id === s)) throw new RangeError(`--skip: no method ${s} (methods: ${METHODS.map((m) => m.id).join(', ')})`);

const log = (line: string) => console.error(`  ${line}`);
const fmtInt = (x: number) => Math.round(x).toLocaleString('en');

// ---- runs --------------------------------------------------------------------------------------------------------

function runChild(job: Job): Promise<JobResult> {
  const env = { ...process.env, OMP_NUM_THREADS: String(THREADS), OPENBLAS_NUM_THREADS: String(THREADS) };
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench', 'lib', 'dict-run.ts'), JSON.stringify(job)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (line) resolve(JSON.parse(line.slice(RESULT_MARK.length)) as JobResult);
      else resolve({ ok: false, error: `child process ended (${signal ?? `code ${code}`}) without a result` });
    });
  });
}

interface Row {
  model: ModelSpec;
  n: number;
  dim: number;
  id: MethodId;
  label: string;
  result: JobResult;
  recall?: number;
  recallVs?: string;
}

/** The float64 truth of the sample rows, cached in bench/out/ (gitignored). */
async function truthOf(spec: ModelSpec, model: Awaited<ReturnType<typeof openModel>>, rows: number[]): Promise<Int32Array> {
  const dir = join(ROOT, 'bench', 'out');
  mkdirSync(dir, { recursive: true });
  const st = statSync(spec.file);
  const key = { file: basename(spec.file), bytes: st.size, mtimeMs: st.mtimeMs, n: model.size, dim: model.dim, k: K, sample: rows.length };
  const file = join(dir, `dict-truth-${basename(spec.file, '.bin')}-${model.size}-k${K}-s${rows.length}.json`);
  if (existsSync(file)) {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { key: typeof key; indices: number[] };
    if (JSON.stringify(cached.key) === JSON.stringify(key)) {
      log(`float64 truth from ${relative(ROOT, file)}`);
      return Int32Array.from(cached.indices);
    }
  }
  const started = performance.now();
  let last = 0;
  const truth = await bruteForce64(model, rows, K, {
    threads: THREADS,
    onProgress: (done, total) => {
      const now = performance.now();
      if (now - last > 10_000) {
        log(`float64 brute force: ${done} / ${total} rows`);
        last = now;
      }
    },
  });
  log(`float64 brute force of ${rows.length} rows in ${((performance.now() - started) / 1000).toFixed(1)} s (cached in ${relative(ROOT, file)})`);
  writeFileSync(file, JSON.stringify({ key, indices: Array.from(truth) }));
  return truth;
}

async function benchModel(name: ModelName): Promise<Row[]> {
  const spec = await prepareModel(name, QUICK, log);
  const model = await openModel(spec);
  const n = model.size;
  const dim = model.dim;
  log(`${spec.label}: ${fmtInt(n)} words × ${dim}`);
  const sample = spreadRows(n, SAMPLE);
  const truth = await truthOf(spec, model, sample);

  const rows: Row[] = [];
  for (const m of METHODS) {
    const row: Row = { model: spec, n, dim, id: m.id, label: m.label, result: { ok: false } };
    rows.push(row);
    if (SKIP.has(m.id)) {
      row.result = { ok: false, error: 'skipped (--skip)' };
      continue;
    }
    if (m.id === 'faiss' || m.id === 'usearch') {
      const missing = peerMissing(m.id);
      if (missing) {
        row.result = { ok: false, error: `skipped: ${missing}` };
        log(`${m.id}: ${row.result.error}`);
        continue;
      }
      row.label = `${m.label}, ${m.id === 'faiss' ? 'faiss-node' : 'usearch'} ${peerVersion(m.id)}`;
    }
    const job: Job = {
      model: spec,
      method: m.id,
      k: K,
      sample: SAMPLE,
      queries: m.id === 'faiss' || m.id === 'usearch' ? Math.min(n, PEER_QUERIES[m.id]) : n,
      threads: THREADS,
      capSeconds: CAP,
    };
    log(`${spec.label}: ${m.id} ...`);
    const started = performance.now();
    row.result = await runChild(job);
    const r = row.result;
    if (r.error) r.error = r.error.split('\n')[0].replaceAll(ROOT, '');
    log(
      r.ok
        ? `${m.id}: ${r.seconds!.toFixed(1)} s${r.extrapolated ? ` (${r.extrapolated})` : ''}; child ran ${((performance.now() - started) / 1000).toFixed(1)} s`
        : `${m.id}: ${r.error}`,
    );
  }

  // Recall on the sample rows.
  const unit = unit64(model);
  const reference = rows.find((r) => r.id === 'simdict-2t' && r.result.ok && r.result.sampleIndices);
  for (const row of rows) {
    const got = row.result.ok ? row.result.sampleIndices : undefined;
    if (!got) continue;
    const peer = row.id === 'faiss' || row.id === 'usearch';
    const vs = peer && reference ? reference.result.sampleIndices! : truth;
    row.recall = recallAt(unit, dim, sample, K, got, vs);
    row.recallVs = peer && reference ? `simdict ${THREADS}t` : 'f64 brute force';
  }
  return rows;
}

// ---- report ------------------------------------------------------------------------------------------------------

/** A markdown table; the columns in `left` are left-aligned, the others right-aligned. */
function table(header: string[], body: string[][], left: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (left.has(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (left.has(i) ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

const started = performance.now();
const load = loadavg()[0];
console.error(`dictionary benchmark${QUICK ? ' (--quick)' : ''}: ${MODELS.join(', ')}, k = ${K}`);
const all: Row[] = [];
for (const name of MODELS) all.push(...(await benchModel(name)));

const args = argv.join(' ');
console.log(`\nnpm run bench:dict${args ? ` -- ${args}` : ''}   (tsx bench/dict.ts${args ? ` ${args}` : ''})`);
console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
    `load average ${load.toFixed(2)} at the start; OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = ${THREADS} for the peers; ` +
    `k = ${K}; recall on ${fmtInt(SAMPLE)} sample rows; total run ${((performance.now() - started) / 60000).toFixed(1)} min\n`,
);

function threadsOf(id: MethodId): string {
  return id === 'naive' || id === 'simdict-1t' ? '1' : id === 'faiss' ? `${THREADS} (OMP/OpenBLAS)` : String(THREADS);
}

const body = all.map((row) => {
  const r = row.result;
  const ref = all.find((x) => x.model === row.model && x.id === 'simdict-2t' && x.result.ok);
  if (!r.ok) return [row.model.label, row.label, threadsOf(row.id), '—', '—', '—', '—', '—', '', '—', r.error ?? 'failed'];
  const s = r.seconds!;
  return [
    row.model.label,
    row.label,
    r.threads ?? '',
    s < 100 ? s.toFixed(2) : s.toFixed(0),
    fmtInt(row.n / s),
    ((2 * row.n * row.n * row.dim) / s / 1e9).toFixed(1),
    r.peakRssMiB === undefined ? '—' : fmtInt(r.peakRssMiB),
    row.recall === undefined ? '—' : row.recall.toFixed(4),
    row.recallVs ?? '',
    ref ? `${(s / ref.result.seconds!).toFixed(2)}x` : '—',
    [r.extrapolated ?? 'measured', ...(r.notes ?? [])].join('; '),
  ];
});
console.log(
  table(
    ['model', 'method', 'threads', 'total s', 'words/s', 'GFLOP/s eff.', 'peak RSS MiB', `recall@${K}`, 'recall vs', `time / simdict ${THREADS}t`, 'how measured'],
    body,
    new Set([0, 1, 2, 8, 10]),
  ),
);
const modelRss = [...new Set(all.map((r) => r.model))].map((m) => {
  const rss = all.find((r) => r.model === m && r.result.modelRssMiB !== undefined)?.result.modelRssMiB;
  return `${m.label} ${rss === undefined ? '?' : fmtInt(rss)} MiB`;
});
console.log(`\ntotal s: for all words (extrapolated where "how measured" says so); words/s = words / total s.`);
console.log(`GFLOP/s eff.: 2·n²·dim / total s for every method (search-style work; simdict's symmetric blocking does half of it).`);
console.log(`peak RSS: VmHWM of the method's own process, reset after loading the model (model loaded alone: ${modelRss.join(', ')}).`);
console.log(`recall@${K}: |method ∩ reference| / ${K} on the sample rows, near-ties (float64 cosine within 1e-6 of the reference's k-th) counted equal.`);

// The issue's targets.
console.log(`\ntargets${QUICK ? ' (--quick: not the issue\'s sizes, indicative only)' : ''}:`);
for (const m of [...new Set(all.map((r) => r.model))]) {
  const simd = all.find((r) => r.model === m && r.id === 'simdict-2t' && r.result.ok);
  const faiss = all.find((r) => r.model === m && r.id === 'faiss' && r.result.ok);
  if (simd && faiss) {
    const x = faiss.result.seconds! / simd.result.seconds!;
    console.log(
      `- ${m.label}: simdict exact ≥ 2x faster than faiss-node exact batch search on ${THREADS} threads: ` +
        `${faiss.result.seconds!.toFixed(1)} s / ${simd.result.seconds!.toFixed(1)} s = ${x.toFixed(2)}x: ${x >= 2 ? 'met' : 'missed'}`,
    );
  } else console.log(`- ${m.label}: simdict vs faiss-node: not measured (${!simd ? 'simdict' : 'faiss-node'} did not run)`);
  if (m.name === 'glove') {
    if (simd) {
      const s = simd.result.seconds!;
      console.log(
        `- ${m.label} in ≤ 4 minutes on 2 cores: simdict ${THREADS} threads ${(s / 60).toFixed(2)} min: ${s <= 240 ? 'met' : 'missed'}` +
          ` (reference: the old Annoy + thread pool recipe takes about as long at recall 0.71)`,
      );
    } else console.log(`- ${m.label} in ≤ 4 minutes on 2 cores: not measured (simdict did not run)`);
  }
}
