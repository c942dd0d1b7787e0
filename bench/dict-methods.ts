/**
 * Where the dictionary's two exact methods cross over: `buildDictionary` with method f32 and with int8 (quantised
 * pre-selection, exact float32 rescoring: the same output bit for bit, checked here) on growing prefixes of GloVe
 * 6B 100d and on random 300-dimensional models, same process, same run, alternating, best of `--reps`. The table
 * gives the times and the ratio f32 / int8 (above 1: int8 is faster); the default method follows from it.
 *
 *     npm run bench:dict-methods                     # GloVe prefixes 1k … 341k, random 300d 1k … 30k, 2 threads
 *     npm run bench:dict-methods -- --quick          # up to 30k words
 *     npm run bench:dict-methods -- --threads 1 --reps 5
 *     npm run bench:dict-methods -- --max-words 100000   # GloVe prefixes up to 100k (bench:dict has the whole 341k)
 */
import { cpus, loadavg } from 'node:os';
import { buildDictionary, type DictionaryOptions } from '../src/dictionary/build-dictionary.js';
import { KeyedVectors } from '../src/vectors/keyed-vectors.js';
import { benchArgs } from './lib/args.js';
import { CACHE, openModel } from './lib/dict-models.js';
import { ensureGlove } from './lib/glove.js';

const { argv, whole } = benchArgs(['--quick', '--threads', '--reps', '--max-words'], 1);
const QUICK = argv.includes('--quick');
const THREADS = whole('--threads', 2);
const REPS = whole('--reps', 3);
const K = 15;
const MAX_WORDS = whole('--max-words', Number.MAX_SAFE_INTEGER);

/** The best time of `reps` runs of each method, alternating; the outputs must agree bit for bit. */
async function compare(model: KeyedVectors): Promise<{ f32: number; int8: number }> {
  const best = { f32: Infinity, int8: Infinity };
  let reference: Int32Array | undefined;
  for (let r = 0; r < REPS; r++) {
    for (const method of ['f32', 'int8'] as const) {
      const options: DictionaryOptions = { k: K, threads: THREADS, method };
      const started = performance.now();
      const dict = await buildDictionary(model, options);
      best[method] = Math.min(best[method], performance.now() - started);
      reference ??= dict.indices;
      if (Buffer.compare(Buffer.from(dict.indices.buffer), Buffer.from(reference.buffer)) !== 0) throw new Error(`${method}: another output than f32`);
    }
  }
  return best;
}

function prefix(model: KeyedVectors, n: number): KeyedVectors {
  return KeyedVectors.fromArrays(model.words.slice(0, n), model.vectors.subarray(0, n * model.dim), model.dim);
}

function random(n: number, dim: number, seed: number): KeyedVectors {
  let x = seed >>> 0 || 1;
  const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32 - 0.5);
  return KeyedVectors.fromArrays(Array.from({ length: n }, (_, i) => `w${i}`), Float32Array.from({ length: n * dim }, next), dim);
}

const { binary } = await ensureGlove(CACHE, { log: (line) => console.error(line) });
const glove = await openModel({ name: 'glove', label: 'GloVe', file: binary });
const rows: string[][] = [];
const sizes = (QUICK ? [1000, 3000, 10000, 30000] : [1000, 3000, 10000, 30000, 100000, glove.size]).filter((n) => n <= glove.size && n <= MAX_WORDS);
const cases: [string, () => KeyedVectors][] = [
  ...sizes.map((n): [string, () => KeyedVectors] => [`GloVe 100d, first ${n.toLocaleString('en-US')}`, () => (n === glove.size ? glove : prefix(glove, n))]),
  ...[1000, 3000, 10000, 30000].map((n): [string, () => KeyedVectors] => [`random ${n.toLocaleString('en-US')} × 300`, () => random(n, 300, n)]),
];
for (const [label, make] of cases) {
  const { f32, int8 } = await compare(make());
  rows.push([label, (f32 / 1000).toFixed(3), (int8 / 1000).toFixed(3), `${(f32 / int8).toFixed(2)}×`, f32 / int8 > 1 ? 'int8' : 'f32']);
  console.error(`${label}: f32 ${(f32 / 1000).toFixed(2)} s, int8 ${(int8 / 1000).toFixed(2)} s`);
}

console.log(`\nnpm run bench:dict-methods${argv.length ? ' -- ' + argv.join(' ') : ''} · ${cpus().length} cores (${cpus()[0]?.model.trim()}) · ${THREADS} threads · k ${K} · best of ${REPS} · load ${loadavg()[0].toFixed(2)}\n`);
const head = ['model', 'f32 s', 'int8 + rescore s', 'f32 / int8', 'faster'];
const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
const line = (cells: string[]) => `| ${cells.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join(' | ')} |`;
console.log(line(head));
console.log(`|${widths.map((w, c) => (c === 0 ? ':' : '') + '-'.repeat(w + 1) + (c === 0 ? '' : ':')).join('|')}|`);
for (const r of rows) console.log(line(r));
console.log('\nBoth methods give the same dictionary (checked on every run above); recall 1 for both (the exact engine).');
