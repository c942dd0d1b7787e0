/**
 * The sharded exact job (`simdict dict --shard`, `simdict merge`) against the single-machine one, on one machine:
 * the single run, then for each N the N shards one after another, each its own process as on a cluster (the
 * model's load included), then the merge. The shards' summed time over the single run is the overhead of
 * sharding; max(shard) + merge projects the wall time on N machines (the parts' copying aside). Every merged
 * dictionary is checked equal to the single-machine one, row for row.
 *
 *     npm run build && npm run bench:shards                                  # GloVe 6B 100d (341k), N = 2, 4, 8
 *     npm run bench:shards -- --model models/glove-6B-100d-15k.txt.gz --shards 2,4   # the shipped model: seconds
 *     npm run bench:shards -- --model bench/models/glove-6B-100d.bin --limit 50000 --threads 2 --topn 15
 *
 * It runs dist/cli/main.js (npm run build first); without it, the sources through tsx (slower start-up per process).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { benchArgs } from './lib/args.js';

const { option, whole } = benchArgs(['--model', '--shards', '--threads', '--topn', '--limit'], 1);
const MODEL = option('--model') ?? 'bench/models/glove-6B-100d.bin';
const SHARDS = (option('--shards') ?? '2,4,8').split(',').map((s) => {
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`--shards takes whole numbers ≥ 1, comma-separated, got ${s}`);
  return n;
});
const THREADS = whole('--threads', 2);
const TOPN = whole('--topn', 15);
const LIMIT = whole('--limit', undefined);

if (!existsSync(MODEL)) {
  console.error(`${MODEL} is missing: npm run models:glove makes GloVe 6B 100d, or give --model (e.g. models/glove-6B-100d-15k.txt.gz)`);
  process.exit(1);
}
const dist = existsSync('dist/cli/main.js');
const cli = dist ? ['dist/cli/main.js'] : ['--import', 'tsx', 'src/cli/main.ts'];
const common = ['--topn', String(TOPN), '--threads', String(THREADS), ...(LIMIT ? ['--limit', String(LIMIT)] : [])];
const dir = mkdtempSync(join(tmpdir(), 'simdict-bench-shards-'));

/** Runs the CLI; its wall time in seconds (the process's, start-up and model load included). */
function timed(args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, [...cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`simdict ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return (performance.now() - started) / 1000;
}

/** Whether two SQLite dictionaries hold the same words and neighbours, row for row. */
function sameRows(a: string, b: string): boolean {
  const [da, db] = [new Database(a, { readonly: true }), new Database(b, { readonly: true })];
  try {
    for (const sql of ['SELECT id, word FROM words ORDER BY id', 'SELECT word_id, rank, neighbor_id, score FROM neighbors ORDER BY word_id, rank']) {
      const ia = da.prepare(sql).raw().iterate(), ib = db.prepare(sql).raw().iterate();
      for (;;) {
        const [x, y] = [ia.next(), ib.next()];
        if (x.done || y.done) {
          if (x.done !== y.done) return false;
          break;
        }
        if (JSON.stringify(x.value) !== JSON.stringify(y.value)) return false;
      }
    }
    return true;
  } finally {
    da.close();
    db.close();
  }
}

const fmt = (s: number) => s.toFixed(s < 10 ? 2 : 1);
try {
  console.error(`single-machine run of ${MODEL} ...`);
  const single = join(dir, 'single.sqlite');
  const singleS = timed(['dict', MODEL, '--exact', '--out', single, ...common]);
  const rows: string[][] = [['single machine', '1', fmt(singleS), fmt(singleS), '1.00×', '', fmt(singleS), '1.00×', '']];
  for (const n of SHARDS) {
    const times: number[] = [];
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      console.error(`shard ${i} of ${n} ...`);
      const part = join(dir, `n${n}-part-${i}.part`);
      times.push(timed(['dict', MODEL, '--shard', `${i}/${n}`, '--out', part, ...common]));
      parts.push(part);
    }
    const merged = join(dir, `merged-${n}.sqlite`);
    const mergeS = timed(['merge', ...parts, '--out', merged]);
    const same = sameRows(merged, single);
    if (!same) console.error(`N = ${n}: the merged dictionary differs from the single-machine one!`);
    const sum = times.reduce((a, b) => a + b, 0), max = Math.max(...times);
    const wall = max + mergeS;
    rows.push([`${n} shards`, String(n), fmt(sum), fmt(max), `${(sum / singleS).toFixed(2)}×`, `${fmt(mergeS)} (${((100 * mergeS) / singleS).toFixed(1)}%)`, fmt(wall), `${(singleS / wall).toFixed(2)}×`, same ? 'yes' : 'NO']);
    rmSync(merged, { force: true });
    for (const p of parts) rmSync(p, { force: true });
  }
  const header = ['run', 'N', 'sum of processes s', 'slowest s', 'sum / single', 'merge s (% of single)', `projected wall on N machines s`, 'speed-up', 'merged = single'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((x, c) => (c < 2 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join(' | ')} |`;
  console.log(`\nnpm run bench:shards -- --model ${MODEL}${LIMIT ? ` --limit ${LIMIT}` : ''} · ${cpus().length} cores (${cpus()[0]?.model.trim()}) · load ${loadavg()[0].toFixed(1)} · ${THREADS} threads per process · k ${TOPN} · ${dist ? 'dist/' : 'sources (tsx)'}\n`);
  console.log(line(header));
  console.log(`|${widths.map((w, c) => (c < 2 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log('\nEach run is one process (start-up and model load included), one after another on this machine. Projected wall on N machines: the slowest shard + the merge (copying the parts aside).');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
