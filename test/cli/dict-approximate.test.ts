/**
 * simdict dict's engines: the choice (a small model: exact by default, the reason printed; --approximate forces the
 * approximate one), the measured recall in the output, --json and the stored metadata of every format (and lookup),
 * the written dictionary's recall against the float64 brute force, determinism for a seed, a recall target not
 * reached (a warning with the figure), bad flags named (exit 2), and --resume of a finished approximate build.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../../src/index.js';
import { openDictionary } from '../../src/store/index.js';
import { bruteForceNeighbors } from '../dictionary/brute-force.js';
import { recallAgainst } from '../graph/recall.js';
import { CLI, fixture, simdict, simdictJson } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'simdict-cli-approximate-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const modelFile = fixture('models/glove1k-100d.txt');
const kv = await loadModel(modelFile);
const base = ['dict', modelFile, '--topn', '5', '--threads', '1'];

/** A stored dictionary's rows as model rows (k per row). */
function storedRows(file: string, k: number): { k: number; indices: Int32Array } {
  const d = openDictionary(file);
  const at = new Map(kv.words.map((w, i) => [w, i]));
  const indices = new Int32Array(kv.size * k).fill(-1);
  try {
    kv.words.forEach((w, i) => d.lookup(w, k)!.neighbors.forEach((n, r) => (indices[i * k + r] = at.get(n.word)!)));
  } finally {
    d.close();
  }
  return { k, indices };
}

test('a small model: exact by default, and why; --approximate forces the approximate engine', async () => {
  const { result, json } = await simdictJson([...base, '--out', join(dir, 'auto.tsv')]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(json.engine, 'exact');
  assert.match(json.reason, /estimated at .* under about 2 minutes/);
  assert.match(result.stderr, /^simdict: exact engine: the exact build is estimated at/m);
  assert.equal(json.recall, 1);
  const forced = await simdict([...base, '--out', join(dir, 'forced.tsv'), '--approximate']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stderr, /^simdict: approximate engine: --approximate$/m);
  assert.match(forced.stderr, /^simdict: nn-descent iteration 1 .*sample recall 0\.\d{4}/m);
  assert.match(forced.stdout, /1,000 words x 5 neighbours, nn-descent, recall 0\.\d+ \(measured on 1,000 words\), /);
});

for (const ext of ['sqlite', 'jsonl', 'tsv']) {
  test(`--approximate to .${ext}: recall against brute force, the metadata in --json, in the file and in lookup`, async () => {
    const out = join(dir, `ann.${ext}`);
    const { result, json } = await simdictJson([...base, '--out', out, '--approximate', '--seed', '9', '--trees', '6', '--heap-size', '12', '--recall-sample', '400']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json.engine, 'approximate');
    assert.equal(json.method, 'nn-descent');
    assert.equal(json.recallSample, 400);
    assert.equal(json.recallTarget, 0.95);
    assert.equal(typeof json.recall, 'number');
    assert.equal(json.nnDescent.seed, 9);
    assert.equal(json.nnDescent.trees, 6);
    assert.equal(json.nnDescent.heapSize, 12);
    assert.equal(json.nnDescent.threads, 1);
    assert.equal(json.nnDescent.joins, 'int16'); // the default where the quantised rows fit
    const stored = openDictionary(out);
    const meta = stored.meta;
    stored.close();
    assert.deepEqual([meta.method, meta.recall, meta.recallSample, meta.recallTarget, meta.recallReached], ['nn-descent', json.recall, 400, 0.95, json.recallReached]);
    assert.deepEqual(meta.nnDescent, json.nnDescent);
    const truth = bruteForceNeighbors(kv, 5, false);
    const recall = recallAgainst(storedRows(out, 5), truth, kv);
    assert.ok(recall >= 0.9, `recall of the written dictionary ${recall}`);
    assert.ok(Math.abs(recall - json.recall) <= 0.05, `true ${recall}, sampled ${json.recall}`);
    const looked = await simdictJson(['lookup', out, 'the']);
    assert.deepEqual([looked.json.dictionary.method, looked.json.dictionary.recall, looked.json.dictionary.recallSample], ['nn-descent', json.recall, 400]);
    assert.deepEqual(looked.json.dictionary.nnDescent, json.nnDescent);
    const text = await simdict(['lookup', out, 'the']);
    assert.match(text.stdout, /x 5 neighbours, nn-descent, recall 0\.\d+ \(measured on 400 words\)\)/);
  });
}

test('the same seed through the CLI: the same dictionary twice', async () => {
  const a = join(dir, 'seed-a.jsonl'), b = join(dir, 'seed-b.jsonl');
  for (const out of [a, b]) assert.equal((await simdict([...base, '--out', out, '--approximate', '--seed', '3'])).code, 0);
  assert.deepEqual(storedRows(a, 5).indices, storedRows(b, 5).indices);
});

test('a recall target not reached: exit 0, a warning with the measured figure, recallReached false', async () => {
  const { result, json } = await simdictJson([...base, '--out', join(dir, 'low.tsv'), '--approximate', '--max-iterations', '0', '--recall', '0.999']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(json.recallReached, false);
  assert.ok(json.recall < 0.999);
  assert.match(result.stderr, new RegExp(`warning: the measured recall@5 is ${json.recall.toFixed(4)} on a sample of 1,000 words, below the target 0\\.999 \\(NN-descent stopped at --max-iterations 0\\); more --max-iterations or a bigger --heap-size raise it`));
});

test('--resume of a finished approximate dictionary: the approximate engine, already complete', async () => {
  const out = join(dir, 'forced.tsv');
  const r = await simdict([...base, '--out', out, '--resume']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /approximate engine: --resume: .* was built by the approximate engine/);
  assert.match(r.stdout, /is already complete/);
});

test('--joins float32: the graph built on the float32 rows, said in the metadata; each score the exact one either way', async () => {
  const rows: Record<string, { json: { nnDescent: { joins: string } }; file: string }> = {};
  for (const joins of ['float32', 'int16']) {
    const file = join(dir, `joins-${joins}.tsv`);
    const { result, json } = await simdictJson([...base, '--out', file, '--approximate', '--joins', joins, '--recall-sample', '300']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json.nnDescent.joins, joins);
    rows[joins] = { json, file };
  }
  // the same word pair has the same (exact) score in both files
  const scores = (file: string) => {
    const m = new Map<string, string>();
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [w, rank, n, s] = line.split('\t'); // word, rank, neighbour, score (after the metadata and header lines)
      if (s !== undefined && /^\d+$/.test(rank)) m.set(`${w}\t${n}`, s);
    }
    return m;
  };
  const a = scores(rows.float32.file), b = scores(rows.int16.file);
  let shared = 0;
  for (const [pair, s] of a) if (b.has(pair)) { shared++; assert.equal(b.get(pair), s, pair); }
  assert.ok(shared > a.size * 0.9, `${shared} of ${a.size} pairs in both`);
});

test('bad engine flags: exit 2, the flag named', async () => {
  const out = join(dir, 'bad.tsv');
  const cases: [string[], RegExp][] = [
    [['--recall', '0'], /--recall takes a number above 0 and at most 1, got "0"/],
    [['--recall', '1.5'], /--recall takes a number above 0/],
    [['--recall-sample', '0'], /--recall-sample takes a whole number >= 1/],
    [['--trees', 'x'], /--trees takes a whole number >= 1/],
    [['--leaf-size', '1'], /--leaf-size takes a whole number >= 2/],
    [['--heap-size', '0'], /--heap-size takes a whole number >= 1/],
    [['--heap-size', '4'], /--heap-size must be a whole number from 5 to 10000, got 4/],
    [['--max-iterations', '-1'], /--max-iterations takes a whole number >= 0/],
    [['--seed', '99999999999'], /--seed must be a whole number from 0 to 4294967295/],
    [['--exact', '--approximate'], /--exact and --approximate exclude each other/],
    [['--exact', '--trees', '5'], /--trees is a flag of the approximate engine: drop it or --exact/],
    [['--joins', 'int8'], /option '--joins <rows>' argument 'int8' is invalid\. Allowed choices are int16, float32/],
    [['--exact', '--joins', 'float32'], /--joins is a flag of the approximate engine: drop it or --exact/],
    [['--approximate', '--words', modelFile], /--approximate cannot be used with --words/],
  ];
  for (const [flags, message] of cases) {
    const r = await simdict([...base, '--out', out, ...flags]);
    assert.equal(r.code, 2, `${flags.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, flags.join(' '));
  }
});

const script = '/usr/bin/script';
test('on a terminal: a bar with an ETA for the forest and each NN-descent iteration, then each phase\'s figures', { skip: process.platform !== 'linux' || !existsSync(script) }, async () => {
  const out = join(dir, 'tty.tsv');
  const output = await new Promise<string>((resolve, reject) => {
    const args = ['dict', fixture('models/glove10k-100d.bin'), '--approximate', '--threads', '2', '--recall', '1', '--max-iterations', '2', '--out', out];
    const command = [process.execPath, CLI, ...args].map((a) => JSON.stringify(a)).join(' ');
    execFile(script, ['-qfec', command, '/dev/null'], { maxBuffer: 16 << 20 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
  assert.match(output, /forest \(\d+ trees\) \[.*\] \d+% \| ETA/);
  assert.match(output, /nn-descent iteration 1 \[.*\] \d+% \| ETA/);
  assert.match(output, /nn-descent iteration 2 \[.*\] \d+% \| ETA/);
  assert.match(output, /simdict: nn-descent iteration 2 \(at most 2\): [\d,]+ updates .*sample recall 0\.\d{4}/);
});
