/**
 * Server load benchmark: `simdict serve` in its own process, loaded by autocannon from this one over localhost, for
 * dictionary lookups and exact similar-word queries, on the shipped model and on GloVe 6B 100d (341,479 words).
 * A table, not a timed test.
 *
 *     npm run bench:serve                    # = tsx bench/serve.ts; both models, ~3 minutes (+ ~2 min once: GloVe's dictionary)
 *     npm run bench:serve -- --quick         # the shipped model only, 3 s per run
 *
 * Options: --model shipped|glove|both (both) · --duration S (10 per run) · --connections N (16) · --topn N (10).
 *
 * Each run asks for a different word each request (the model's 10,000 most frequent words, in turn). The similar
 * endpoint is run three times: as served (the worker pool scoring on the quantised model, then rescoring exactly;
 * concurrent requests micro-batched), with the pool on the float32 tiles (`--method f32`), and with `--threads 0`
 * (each request scored alone on the server's event loop, gensim's one-query-at-a-time way); the ratios are to that.
 * Before each similar run, 20 served answers are checked against the library's own (exact: equal words and scores).
 * The machine has 2 cores, shared by the server's main thread, its workers, and autocannon itself.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import autocannon from 'autocannon';
import { loadModel, mostSimilarBatch } from '../src/index.js';
import type { KeyedVectors } from '../src/vectors/keyed-vectors.js';
import { defaultModelPath } from '../src/cli/default-model.js';
import { CACHE, ROOT } from './lib/dict-models.js';
import { ensureGlove } from './lib/glove.js';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv[i + 1];
};
const known = new Set(['--model', '--duration', '--connections', '--topn', '--quick']);
for (const a of argv) if (a.startsWith('--') && !known.has(a)) throw new RangeError(`unknown option ${a} (known: ${[...known].join(' ')})`);
const quick = argv.includes('--quick');
const which = option('--model') ?? (quick ? 'shipped' : 'both');
const duration = Number(option('--duration') ?? (quick ? 3 : 10));
const connections = Number(option('--connections') ?? 16);
const topn = Number(option('--topn') ?? 10);
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const OUT = join(ROOT, 'bench', 'out');
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Row {
  model: string;
  endpoint: string;
  server: string;
  rps: number;
  p50: number;
  p99: number;
  bad: number;
  answers: string;
  rssMb: number;
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error('dist/ is missing: run npm run build first');
  mkdirSync(OUT, { recursive: true });
  const models: { name: string; file: string }[] = [];
  if (which === 'shipped' || which === 'both') models.push({ name: 'shipped 15k x 100', file: defaultModelPath() });
  if (which === 'glove' || which === 'both') models.push({ name: 'GloVe 341k x 100', file: (await ensureGlove(CACHE, { log })).binary });
  const rows: Row[] = [];
  for (const m of models) {
    const dict = join(OUT, `serve-${m.file.split('/').pop()!.replace(/\..*$/, '')}.similar.sqlite`);
    if (!existsSync(dict)) {
      log(`building ${relative(ROOT, dict)} (once)`);
      execFileSync(process.execPath, [CLI, 'dict', m.file, '--out', dict, '--method', 'int8'], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
    const model = await loadModel(m.file);
    const words = model.words.slice(0, Math.min(10000, model.size));
    rows.push(await run(m.name, model, ['serve', m.file, '--dict', dict, '--threads', '2'], 'dict lookup', 'SQLite store', words.map((w) => `/v1/dict/${encodeURIComponent(w)}?topn=${topn}`)));
    const servers = [
      [['--threads', '2'], 'pool (2 threads, int8 + exact rescoring), micro-batched'],
      [['--threads', '2', '--method', 'f32'], 'pool (2 threads, float32), micro-batched'],
      [['--threads', '0'], 'event loop, one at a time'],
    ] as const;
    for (const [flags, label] of servers) {
      rows.push(await run(m.name, model, ['serve', m.file, ...flags], 'similar', label, words.map((w) => `/v1/similar?word=${encodeURIComponent(w)}&topn=${topn}`)));
    }
  }
  print(rows);
}

/** Starts the server, checks a sample of answers, loads it for `duration` seconds, stops it. */
async function run(modelName: string, model: KeyedVectors, args: string[], endpoint: string, server: string, paths: string[]): Promise<Row> {
  const child = spawn(process.execPath, [CLI, ...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  try {
    const answers = endpoint === 'similar' ? await check(url, model, paths) : 'stored (exact)';
    log(`${modelName} · ${endpoint} · ${server}: ${duration} s, ${connections} connections`);
    let next = 0;
    const result = await autocannon({
      url,
      connections,
      duration,
      requests: [{ setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
    });
    const rssMb = peakRssMb(child.pid!);
    return {
      model: modelName, endpoint, server, answers, rssMb,
      rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99,
      bad: result.non2xx + result.errors + result.timeouts,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/** 20 served answers against mostSimilarBatch in this process: the words and float32 scores must be equal. */
async function check(url: string, model: KeyedVectors, paths: string[]): Promise<string> {
  const sample = Array.from({ length: 20 }, (_, i) => paths[(i * 397) % paths.length]);
  let equal = 0;
  for (const path of sample) {
    const served = (await (await fetch(url + path)).json()) as { results: { word: string; score: number }[] };
    const word = decodeURIComponent(/word=([^&]+)/.exec(path)![1]);
    const [want] = await mostSimilarBatch(model, [word], { topn });
    const same = served.results.length === want.length && served.results.every((r, i) => r.word === want[i].word && Math.abs(r.score - want[i].score) <= 1e-6);
    if (same) equal++;
  }
  return `exact (${equal}/${sample.length} checked)`;
}

function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function print(rows: Row[]): void {
  const head = ['model', 'endpoint', 'server', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx/errors', 'answers', 'server peak RSS'];
  const table = rows.map((r) => {
    const base = rows.find((o) => o.model === r.model && o.endpoint === r.endpoint && o.server.startsWith('event loop'));
    const ratio = base && base !== r ? ` (${(r.rps / base.rps).toFixed(1)}x)` : '';
    return [r.model, r.endpoint, r.server, `${Math.round(r.rps).toLocaleString('en-US')}${ratio}`, String(r.p50), String(r.p99), String(r.bad), r.answers, `${Math.round(r.rssMb)} MB`];
  });
  const widths = head.map((h, c) => Math.max(h.length, ...table.map((t) => t[c].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\nnpm run bench:serve${argv.length ? ' -- ' + argv.join(' ') : ''} · ${cpus().length} cores (${cpus()[0]?.model ?? '?'}) · ${duration} s per run, ${connections} connections, topn ${topn}\n`);
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const t of table) console.log(line(t));
}

await main();
