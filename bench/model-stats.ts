/**
 * Neighbour statistics of models (bench/lib/model-stats.ts), side by side: the 1st / 15th neighbour's cosine, the
 * 15th–16th gap, hubness, local intrinsic dimensionality, norms. For checking that a synthetic model's neighbour
 * structure is in a real model's range (docs/synthetic-models.md).
 *
 *     npm run bench:model-stats                                     # GloVe 6B 100d (bench/models/glove-6B-100d.bin)
 *     npm run bench:model-stats -- --model bench/models/glove-6B-100d.bin,bench/models/synthetic-1m-300d.bin
 *     npm run bench:model-stats -- --model bench/models/synthetic-3m-300d.bin --sample 500
 *
 * Options: --model FILE[,FILE…] · --sample N (1000) · --hub-sample N (10000; 0 = skip) · --limit N (loadModel's
 * limit) · --threads N (2) · --cached (reuse a model's saved statistics when the file is unchanged).
 * Each model's statistics are saved as JSON in bench/out/model-stats/ (gitignored), keyed by the file's size and
 * modification time and the options; the table lists every model given.
 */
import { benchArgs } from './lib/args.js';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadModel } from '../src/formats/load-model.js';
import { ROOT } from './lib/dict-models.js';
import { modelStats, STAT_ROWS, type ModelStats } from './lib/model-stats.js';

const { argv, option, whole } = benchArgs(['--model', '--sample', '--hub-sample', '--limit', '--threads', '--cached']);

const files = (option('--model') ?? join(ROOT, 'bench', 'models', 'glove-6B-100d.bin')).split(',');
const sample = whole('--sample', 1000, 1);
const hubSample = whole('--hub-sample', 10_000);
const limit = whole('--limit', 0);
const threads = whole('--threads', 2, 1);
const cached = argv.includes('--cached');
const outDir = join(ROOT, 'bench', 'out', 'model-stats');
mkdirSync(outDir, { recursive: true });

const results: [string, ModelStats][] = [];
for (const file of files) {
  const st = statSync(file);
  const key = { file: basename(file), bytes: st.size, mtimeMs: st.mtimeMs, sample, hubSample, limit };
  const saved = join(outDir, `${basename(file).replace(/\.[^.]+$/, '')}${limit ? `-l${limit}` : ''}-s${sample}-h${hubSample}.json`);
  const label = basename(file) + (limit ? ` (first ${limit})` : '');
  if (cached && existsSync(saved)) {
    const c = JSON.parse(readFileSync(saved, 'utf8')) as { key: typeof key; stats: ModelStats };
    if (JSON.stringify(c.key) === JSON.stringify(key)) {
      console.log(`${label}: saved statistics ${saved}`);
      results.push([label, c.stats]);
      continue;
    }
  }
  let t0 = performance.now();
  const model = await loadModel(file, limit ? { limit } : {});
  console.log(`${label}: loaded ${model.size.toLocaleString('en')} × ${model.dim} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  const stats = await modelStats(model, { sample, hubSample, threads, log: (l) => console.log(`  ${l} (${((performance.now() - t0) / 1000).toFixed(0)} s)`) });
  writeFileSync(saved, JSON.stringify({ key, stats }, null, 1));
  results.push([label, stats]);
}

const table = [['', ...results.map(([l]) => l)], ...STAT_ROWS.map(([name, f]) => [name, ...results.map(([, s]) => f(s))])];
const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
console.log();
for (const [i, r] of table.entries()) {
  console.log('| ' + r.map((s, c) => s.padEnd(widths[c])).join(' | ') + ' |');
  if (i === 0) console.log('| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |');
}
