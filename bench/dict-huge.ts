/**
 * The dictionary of a model too big to share its 4 GiB WebAssembly memory with the build's heaps (GoogleNews-sized:
 * 3,000,000 × 300 float32, 3.6 GB), measured for a bounded time and projected to the whole job. The whole job takes
 * hours on 2 cores; this runs the first row blocks (the heaviest: block I is scored against every row after it).
 *
 *     npm run bench:dict-huge                            # 3M × 300, k 15, 2 threads, ~5 minutes of dictionary
 *     npm run bench:dict-huge -- --seconds 600 --threads 2 --k 15 --rows 3000000 --commit-every 10
 *
 * The model is bench/models/synthetic-3M-300d.bin (bench/lib/synthetic.ts: uniform random values, fixed seed,
 * 3.6 GB, written once in ~20 s; gitignored). The build writes bench/out/dict-huge.sqlite as `simdict dict` would
 * (commits and checkpoints every --commit-every seconds, 10 as in the CLI; a
 * checkpoint holds the open rows' heaps, 600 MB here), then is stopped after --seconds. Reported: the memory plan, load and setup
 * times, words/s over the measured blocks, the projected total (the elapsed dictionary time over the fraction of
 * the pair work done, which is uneven across rows), and peak RSS.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildDictionary } from '../src/dictionary/build-dictionary.js';
import { planMemory } from '../src/dictionary/dictionary-memory.js';
import { loadModel } from '../src/formats/load-model.js';
import { CACHE, ROOT } from './lib/dict-models.js';
import { writeSynthetic } from './lib/synthetic.js';

const argv = process.argv.slice(2);
function whole(name: string, fallback: number): number {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${name} takes a whole number ≥ 1, got ${argv[i + 1]}`);
  return n;
}
const ROWS = whole('--rows', 3_000_000), DIM = whole('--dim', 300), K = whole('--k', 15);
const THREADS = whole('--threads', 2), SECONDS = whole('--seconds', 300), COMMIT = whole('--commit-every', 10);

const GiB = 2 ** 30;
const gib = (b: number) => `${(b / GiB).toFixed(2)} GiB`;
const peakRss = () => Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;
const tag = ROWS % 1_000_000 === 0 ? `${ROWS / 1_000_000}M` : `${ROWS}`;
const file = join(CACHE, `synthetic-${tag}-${DIM}d.bin`);
if (!existsSync(file)) {
  mkdirSync(CACHE, { recursive: true });
  console.error(`writing ${file} (${gib(ROWS * (4 * DIM + 12))})`);
  writeSynthetic({ rows: ROWS, dim: DIM }, { binary: file });
}

let t = performance.now();
const model = await loadModel(file, { binary: true });
const loadSeconds = (performance.now() - t) / 1000;
console.log(`model: ${file} (${gib(statSync(file).size)}), ${model.size.toLocaleString('en')} x ${model.dim}, loaded in ${loadSeconds.toFixed(1)} s, peak RSS ${gib(peakRss())}`);
const plan = planMemory({ rows: model.size, dim: model.dim, modelBytes: model.memory.buffer.byteLength, k: K, threads: THREADS, blockRows: 1024 });
console.log(`plan: method ${plan.method}, layout ${plan.layout}; model's memory ${gib(plan.bytes.model)}${plan.bytes.work ? `, work memory ${gib(plan.bytes.work)}` : ''} (4 GiB each at most)`);

const out = join(ROOT, 'bench', 'out', 'dict-huge.sqlite');
mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
for (const f of [out, `${out}.partial`, `${out}.partial.state`]) rmSync(f, { force: true });
const stop = new Error('bench: time is up');
const events: { rows: number; seconds: number; work: number }[] = [];
const t0 = performance.now();
try {
  await buildDictionary(model, {
    k: K, threads: THREADS, out, commitSeconds: COMMIT,
    onProgress: (p) => {
      const seconds = (performance.now() - t0) / 1000;
      events.push({ rows: p.rowsDone, seconds, work: p.workDone });
      console.log(`  ${p.rowsDone.toLocaleString('en')} words after ${seconds.toFixed(1)} s (${(100 * p.workDone).toFixed(3)}% of the pair work)`);
      if (seconds > SECONDS) throw stop;
    },
  });
} catch (e) {
  if (e !== stop) throw e;
}
// The first block's time includes the setup (quantising the model, starting the workers); the rate is measured
// from its end on, per unit of pair work, and projected over the rest.
const [a, b] = [events[0], events[events.length - 1]];
const perWork = (b.seconds - a.seconds) / (b.work - a.work);
const total = a.seconds + (1 - a.work) * perWork;
console.log(
  `\n${K} neighbours, ${THREADS} threads: the first block done after ${a.seconds.toFixed(1)} s (with the setup), then ` +
    `${(b.rows - a.rows).toLocaleString('en')} words in ${(b.seconds - a.seconds).toFixed(1)} s ` +
    `(${Math.round((b.rows - a.rows) / (b.seconds - a.seconds)).toLocaleString('en')} words/s on these first, heaviest blocks; ${(100 * b.work).toFixed(2)}% of the pair work in all)`,
);
console.log(`projected whole dictionary: ${(total / 3600).toFixed(2)} h (${Math.round(ROWS / total).toLocaleString('en')} words/s on average); peak RSS ${gib(peakRss())}`);
for (const f of [`${out}.partial`, `${out}.partial.state`]) rmSync(f, { force: true });
process.exit(0);
