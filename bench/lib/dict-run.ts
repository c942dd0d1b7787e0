/**
 * One row of the dictionary benchmark, in its own process (so that peak RSS is the method's and no library's threads
 * or allocations outlive it): `node --expose-gc --import tsx bench/lib/dict-run.ts '<Job as JSON>'`.
 * Loads the model, resets the peak-RSS counter (/proc/self/clear_refs), runs the method and prints one line
 * `@@dict-result <JobResult as JSON>` on stdout. Progress goes to stderr.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { DictionaryOptions } from '../../src/dictionary/build-dictionary.js';
import type { KeyedVectors } from '../../src/vectors/keyed-vectors.js';
import { RESULT_MARK, type Job, type JobResult } from './dict-methods.js';
import { openModel, queryRows, spreadRows, unitRows } from './dict-models.js';
import { runFaiss, runUsearch, type PeerRun } from './dict-peers.js';

const MiB = 2 ** 20;
let modelRssMiB = NaN;

function status(field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? (Number(m[1]) * 1024) / MiB : NaN;
}

function emit(result: JobResult): void {
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
}

const fmtInt = (x: number) => x.toLocaleString('en');
const log = (line: string) => console.error(`    ${line}`);

async function naive(model: KeyedVectors, job: Job, rows: number[]): Promise<JobResult> {
  const k = job.k;
  for (let w = 1; w <= 3; w++) model.mostSimilar(model.words[w], { topn: k }); // warm-up (not timed)
  const answers: { word: string }[][] = [];
  const t0 = performance.now();
  for (const i of rows) answers.push(model.mostSimilar(model.words[i], { topn: k }));
  const measured = (performance.now() - t0) / 1000;
  const sampleIndices = answers.flatMap((a) => Array.from({ length: k }, (_, c) => (c < a.length ? model.indexOf(a[c].word) : -1)));
  const n = model.size;
  const all = rows.length === n;
  return {
    ok: true,
    seconds: (measured * n) / rows.length,
    extrapolated: all ? undefined : `extrapolated from ${fmtInt(rows.length)} words (${measured.toFixed(1)} s)`,
    threads: '1',
    sampleIndices,
  };
}

async function simdict(model: KeyedVectors, job: Job, rows: number[]): Promise<JobResult> {
  const k = job.k;
  const threads = job.method === 'simdict-1t' ? 1 : job.threads;
  const options: DictionaryOptions & { method?: string } = { k, threads };
  options.method = job.method === 'simdict-int8' ? 'int8' : 'f32'; // the f32 rows say so (int8 is the default)
  const cap = job.method === 'simdict-1t' ? job.capSeconds : 0;
  // Imported here, so that the other rows run even where the engine cannot be loaded.
  const { buildDictionary } = await import('../../src/dictionary/build-dictionary.js');
  const t0 = performance.now();
  if (cap > 0) {
    options.onProgress = (p) => {
      const s = (performance.now() - t0) / 1000;
      if (s > cap && p.workDone > 0 && p.workDone < 1) {
        emit({
          ok: true,
          seconds: s / p.workDone,
          extrapolated: `stopped at ${s.toFixed(0)} s (--cap), extrapolated from ${(100 * p.workDone).toFixed(1)}% of the pair work; no recall (same output as the other thread counts by design)`,
          threads: String(threads),
          peakRssMiB: status('VmHWM'),
          modelRssMiB,
        });
        process.exit(0);
      }
    };
  }
  const dict = await buildDictionary(model, options);
  const seconds = (performance.now() - t0) / 1000;
  const sampleIndices: number[] = [];
  for (const i of rows) sampleIndices.push(...dict.indices.subarray(i * k, i * k + k));
  return { ok: true, seconds, threads: String(threads), sampleIndices, notes: [`meta.method ${dict.meta.method}`] };
}

async function peer(model: KeyedVectors, job: Job, sample: number[]): Promise<JobResult> {
  const { size: n, dim } = model;
  const k = job.k;
  const rows = queryRows(n, job.queries, sample);
  const t0 = performance.now();
  const unit = unitRows(model);
  const normalise = (performance.now() - t0) / 1000;
  let run: PeerRun;
  if (job.method === 'faiss') run = runFaiss(unit, n, dim, k, rows);
  else run = runUsearch(unit, n, dim, k, rows, job.threads);
  const setup = normalise + run.setupSeconds;
  const seconds = setup + (run.searchSeconds * n) / rows.length;
  // The sample rows' answers, from the searched rows.
  const at = new Map(rows.map((r, p) => [r, p]));
  const sampleIndices: number[] = [];
  for (const i of sample) sampleIndices.push(...run.indices.subarray(at.get(i)! * k, at.get(i)! * k + k));
  const notes = [`batches of ${fmtInt(run.batch)} queries`, `setup ${setup.toFixed(1)} s`];
  return {
    ok: true,
    seconds,
    extrapolated: rows.length === n ? undefined : `search extrapolated from ${fmtInt(rows.length)} query words spread over the vocabulary (${run.searchSeconds.toFixed(1)} s)`,
    threads: job.method === 'faiss' ? `${process.env.OMP_NUM_THREADS ?? '?'} (OMP/OpenBLAS)` : String(job.threads),
    sampleIndices,
    notes,
  };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as Job;
  const model = await openModel(job.model);
  (globalThis as { gc?: () => void }).gc?.();
  try {
    writeFileSync('/proc/self/clear_refs', '5'); // peak RSS := current RSS
  } catch {
    /* not Linux, or not allowed: the peak then includes loading */
  }
  modelRssMiB = status('VmRSS');
  const sample = spreadRows(model.size, job.sample);
  let result: JobResult;
  if (job.method === 'naive') result = await naive(model, job, sample);
  else if (job.method.startsWith('simdict')) result = await simdict(model, job, sample);
  else result = await peer(model, job, sample);
  emit({ ...result, peakRssMiB: status('VmHWM'), modelRssMiB });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    emit({ ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    process.exit(1);
  },
);
