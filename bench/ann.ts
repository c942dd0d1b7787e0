/**
 * The approximate dictionary against the exact one: time, recall@k on a seeded sample (the exact engine's rows of the
 * sample, ties at the k-th score counted as hits: src/dictionary/recall.ts) and peak RSS, in one process, one after
 * the other. A first cut of issue 10's `bench:ann`: the peers (pynndescent, hnswlib-node, usearch HNSW), the recall
 * targets and the SVG plot are still to come.
 *
 *     npm run bench:ann                                  # GloVe 6B 100d (341k), k 15, sample 1,000
 *     npm run bench:ann -- --limit 100000 --exact        # its first 100k words, and the exact engine beside
 *     npm run bench:ann -- --model bench/models/x.bin --trees 8 --max-iterations 6
 */
import { cpus, loadavg } from 'node:os';
import { buildDictionary } from '../src/dictionary/build-dictionary.js';
import { measureRecall, sampleRows } from '../src/dictionary/recall.js';
import { loadModel } from '../src/formats/load-model.js';
import { buildApproximateDictionary, type ApproximateOptions } from '../src/graph/build-approximate.js';
import { benchArgs } from './lib/args.js';
import { CACHE } from './lib/dict-models.js';
import { ensureGlove } from './lib/glove.js';

const { argv, option, whole } = benchArgs(['--model', '--limit', '--k', '--sample', '--trees', '--max-iterations', '--seed', '--exact']);
const K = whole('--k', 15);
const SAMPLE = whole('--sample', 1000);
const file = option('--model') ?? (await ensureGlove(CACHE, { log: (l) => console.error(l) })).binary;
const limit = whole('--limit', undefined);
const model = await loadModel(file, limit ? { limit } : {});
const approxOptions: ApproximateOptions = { k: K, trees: whole('--trees', undefined), maxIterations: whole('--max-iterations', undefined), seed: whole('--seed', 42) };
const rows = sampleRows(model.size, SAMPLE, 1);
const table: string[][] = [];

/** The process's peak RSS so far (VmHWM), MiB: the model and every method run before, not this one alone. */
async function peakRss(): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function run(label: string, build: () => Promise<{ indices: Int32Array }>): Promise<void> {
  const started = performance.now();
  const dict = await build();
  const seconds = (performance.now() - started) / 1000;
  const { recall } = await measureRecall(model, rows, (r) => dict.indices.subarray(r * K, r * K + K), { k: K, threads: 2 });
  table.push([label, seconds.toFixed(1), Math.round(model.size / seconds).toLocaleString('en-US'), recall.toFixed(4), (await peakRss()).toFixed(0)]);
  console.error(`${label}: ${seconds.toFixed(1)} s, recall@${K} ${recall.toFixed(4)}`);
}

let iterations = 0;
await run('simdict approximate (forest + NN-descent, 1 thread)', async () => {
  const d = await buildApproximateDictionary(model, { ...approxOptions, onIteration: (p) => { iterations = p.iteration; } });
  return d;
});
if (argv.includes('--exact')) await run('simdict exact (int8 + rescoring, 2 threads)', () => buildDictionary(model, { k: K, threads: 2 }));

console.log(`\nnpm run bench:ann${argv.length ? ' -- ' + argv.join(' ') : ''} · ${model.size.toLocaleString('en-US')} × ${model.dim} · ${cpus().length} cores (${cpus()[0]?.model.trim()}) · k ${K} · recall on ${rows.length} sampled words · ${iterations} NN-descent iterations · load ${loadavg()[0].toFixed(2)}\n`);
const head = ['method', 'total s', 'words/s', `recall@${K}`, 'peak RSS MiB (process)'];
const widths = head.map((h, c) => Math.max(h.length, ...table.map((r) => r[c].length)));
const line = (cells: string[]) => `| ${cells.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join(' | ')} |`;
console.log(line(head));
console.log(`|${widths.map((w, c) => (c === 0 ? ':' : '') + '-'.repeat(w + 1) + (c === 0 ? '' : ':')).join('|')}|`);
for (const r of table) console.log(line(r));
