/**
 * Makes a structured synthetic word2vec binary model (bench/lib/structured-synthetic.ts: clustered, low-rank,
 * log-normal norms falling with rank, Zipf-ordered, some non-ASCII words) in `bench/models/` (gitignored), for the
 * approximate engine's benchmarks. Skips a file that already exists (--force rewrites it).
 *
 *     npm run models:synthetic                                  # 1,000,000 × 300: bench/models/structured-1m-300d.bin (1.2 GB)
 *     npm run models:synthetic -- --rows 3000000 --dim 300      # structured-3m-300d.bin (3.6 GB)
 *     npm run models:synthetic -- --rows 20000 --dim 50 --out /tmp/small.bin
 *
 * Options: --rows N (1000000) · --dim N (300) · --seed N · --out FILE · --force · the generator's parameters
 * (defaults in STRUCTURED_DEFAULTS; see docs/synthetic-models.md for why): --rank N · --branching a,b,c ·
 * --level-scales x,y,z · --word-scale x · --spread-sigma x · --word-sigma x · --hub-sigma x · --family x · --family-scale x · --leaf-zipf x · --noise x · --noise-sigma x · --mean-shift x ·
 * --norm-sigma x · --accented x · --cjk x · --emoji x · --hyphen x.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeStructuredSynthetic, type StructuredSpec } from '../bench/lib/structured-synthetic.js';

const argv = process.argv.slice(2);
const flags: Record<string, keyof StructuredSpec> = {
  '--rows': 'rows',
  '--dim': 'dim',
  '--seed': 'seed',
  '--rank': 'rank',
  '--branching': 'branching',
  '--level-scales': 'levelScales',
  '--word-scale': 'wordScale',
  '--spread-sigma': 'spreadSigma',
  '--word-sigma': 'wordSigma',
  '--hub-sigma': 'hubSigma',
  '--family': 'family',
  '--family-scale': 'familyScale',
  '--leaf-zipf': 'leafZipf',
  '--noise': 'noise',
  '--noise-sigma': 'noiseSigma',
  '--mean-shift': 'meanShift',
  '--norm-sigma': 'normSigma',
  '--accented': 'accented',
  '--cjk': 'cjk',
  '--emoji': 'emoji',
  '--hyphen': 'hyphen',
};
const spec: Record<string, unknown> = { rows: 1_000_000, dim: 300 };
let out: string | undefined;
let force = false;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--force') {
    force = true;
    continue;
  }
  const v = argv[i + 1];
  if (a === '--out') {
    if (v === undefined) throw new RangeError('--out needs a file');
    out = v;
    i++;
    continue;
  }
  const key = flags[a];
  if (!key) throw new RangeError(`unknown option ${a} (known: ${[...Object.keys(flags), '--out', '--force'].join(' ')})`);
  if (v === undefined || v.startsWith('--')) throw new RangeError(`${a} needs a value`);
  const nums = v.split(',').map(Number);
  if (nums.some((x) => !Number.isFinite(x) || x < 0)) throw new RangeError(`${a} takes non-negative numbers, got ${v}`);
  spec[key] = key === 'branching' || key === 'levelScales' ? nums : nums[0];
  i++;
}
const { rows, dim } = spec as { rows: number; dim: number };
const tag = rows % 1_000_000 === 0 ? `${rows / 1_000_000}m` : rows % 1000 === 0 ? `${rows / 1000}k` : `${rows}`;
const file = out ?? join(fileURLToPath(new URL('../bench/models/', import.meta.url)), `structured-${tag}-${dim}d.bin`);
if (existsSync(file) && !force) {
  console.log(`${file} exists (--force rewrites it)`);
} else {
  mkdirSync(dirname(file), { recursive: true });
  const started = performance.now();
  const r = writeStructuredSynthetic(spec as unknown as StructuredSpec, file);
  const s = (performance.now() - started) / 1000;
  console.log(`wrote ${file}: ${rows.toLocaleString('en')} × ${dim}, ${r.leaves} leaf clusters, ${r.nonAscii} non-ASCII words, ${(r.bytes / 1e6).toFixed(0)} MB in ${s.toFixed(1)} s`);
}
