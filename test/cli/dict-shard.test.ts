/**
 * The sharded job on the command line, and its faults: a shard killed with SIGKILL and rerun (a scheduler's retry)
 * gives the same part, byte for byte; a rerun of a finished shard does nothing and says so; a merge with a part of
 * another model, of another k, a truncated or damaged part, a shard missing or given twice is refused, naming the
 * part, and writes nothing; --shard's forms and the schedulers' variables.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkpointPathOf } from '../../src/dictionary/checkpoint.js';
import { parseShard } from '../../src/cli/commands/dict-shard.js';
import { UsageError } from '../../src/cli/errors.js';
import { fixture } from '../helpers/fixtures.js';
import { CLI } from '../helpers/run-cli.js';
import { run } from '../../src/cli/program.js';

/** The CLI in this process (no start-up per call; the kill test spawns its own): exit status and output. */
async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const status = await run(['node', 'simdict', ...args], { out: (t) => void (stdout += `${t}\n`), err: (t) => void (stderr += `${t}\n`), errIsTTY: false });
    return { status, stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

const MODEL = fixture('models/glove10k-100d.bin');
const dir = mkdtempSync(join(tmpdir(), 'simdict-shard-cli-'));
const part = (name: string) => join(dir, name);
const common = ['--topn', '8', '--threads', '2', '--commit-every', '0'];

// The job the fault tests use: 3 shards of the fixture model, built once.
for (let i = 0; i < 3; i++) {
  const r = await runCli(['dict', MODEL, '--shard', `${i}/3`, '--out', part(`p-${i}.part`), ...common]);
  assert.equal(r.status, 0, r.stderr);
}
const good = [0, 1, 2].map((i) => part(`p-${i}.part`));

test('a shard killed with SIGKILL after a checkpoint, then rerun, gives the same part byte for byte; a finished shard rerun is a no-op', async () => {
  const killed = part('killed-0.part');
  const child = spawn(process.execPath, [...CLI, 'dict', MODEL, '--shard', '0/3', '--out', killed, ...common], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const checkpoint = checkpointPathOf(`${killed}.partial`);
  const deadline = Date.now() + 60000;
  while (!existsSync(checkpoint) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL', 'the shard was killed before it finished (else this test proves nothing)');
  assert.equal(existsSync(killed), false, 'no part under its name after a crash');

  const rerun = await runCli(['dict', MODEL, '--shard', '0/3', '--out', killed, ...common, '--json']);
  assert.equal(rerun.status, 0, rerun.stderr);
  const summary = JSON.parse(rerun.stdout);
  assert.ok(summary.resumedBlocks >= 1, `resumed from the checkpoint: ${rerun.stdout}`);
  assert.equal(summary.alreadyComplete, false);
  assert.deepEqual(readFileSync(killed), readFileSync(good[0]), 'the same part as an uninterrupted shard');
  assert.ok(!readdirSync(dir).some((f) => f.startsWith('killed-0.part.')), 'no partial or checkpoint file left');

  const again = await runCli(['dict', MODEL, '--shard', '0/3', '--out', killed, ...common]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /killed-0\.part is already complete \(shard 0 of 3, 10,000 words x 8\): nothing to do/);
  assert.deepEqual(readFileSync(killed), readFileSync(good[0]));
});

/** A merge that must be refused: exit 1, one line naming `names`, no stack, and no output file of any kind. */
async function refused(parts: string[], pattern: RegExp): Promise<void> {
  const out = part(`refused-${Math.random().toString(36).slice(2)}.sqlite`);
  const r = await runCli(['merge', ...parts, '--out', out]);
  assert.equal(r.status, 1, `${r.stdout}${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.ok(!readdirSync(dir).some((f) => f.startsWith(out.slice(dir.length + 1))), 'nothing written');
}

test('merge refuses a part of another model, of another k, a truncated or damaged part, a missing or doubled shard, naming the part', async () => {
  // another model: the first 9,000 words of the fixture
  const otherModel = part('other-1.part');
  let r = await runCli(['dict', MODEL, '--limit', '9000', '--shard', '1/3', '--out', otherModel, ...common]);
  assert.equal(r.status, 0, r.stderr);
  await refused([good[0], otherModel, good[2]], /other-1\.part is not a part of the same job as .*p-0\.part: it was built from another model/);

  const otherK = part('k-1.part');
  r = await runCli(['dict', MODEL, '--shard', '1/3', '--out', otherK, '--topn', '5', '--threads', '2']);
  assert.equal(r.status, 0, r.stderr);
  await refused([good[0], otherK, good[2]], /k-1\.part is not a part of the same job as .*p-0\.part: it was built with k 5, .*p-0\.part with 8/);

  const truncated = part('cut-2.part');
  copyFileSync(good[2], truncated);
  truncateSync(truncated, readFileSync(good[2]).length - 1000);
  await refused([good[0], good[1], truncated], /cut-2\.part is truncated: .*rerun its shard/);

  const damaged = part('bad-2.part');
  const bytes = readFileSync(good[2]);
  bytes[bytes.length - 5000] ^= 1;
  writeFileSync(damaged, bytes);
  await refused([good[0], good[1], damaged], /bad-2\.part is damaged: its checksum does not match/);

  await refused([good[0], good[2]], /the part of shard 1 of 3 is missing/);
  const twin = part('twin-0.part');
  copyFileSync(good[0], twin);
  await refused([good[0], twin, good[1], good[2]], /p-0\.part and .*twin-0\.part are both shard 0 of 3/);
  await refused([good[0], MODEL, good[2]], /glove10k-100d\.bin is not a simdict part file/);
});

test('merge writes the single-machine dictionary; a shard is the same part on any number of threads', async () => {
  const merged = part('merged.tsv');
  const r = await runCli(['merge', ...good, '--out', merged]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /merged\.tsv: 10,000 words x 8 neighbours, exact-int8-rescored, merged from 3 parts/);
  const single = part('single.tsv');
  const s = await runCli(['dict', MODEL, '--out', single, '--exact', ...common]);
  assert.equal(s.status, 0, s.stderr);
  const noTime = (f: string) => readFileSync(f, 'utf8').replace(/"createdAt":"[^"]*"/, '');
  assert.equal(noTime(merged), noTime(single));
  // a shard does not depend on the threads: one thread writes the same part
  const oneThread = part('one-thread-1.part');
  const t = await runCli(['dict', MODEL, '--shard', '1/3', '--out', oneThread, '--topn', '8', '--threads', '1']);
  assert.equal(t.status, 0, t.stderr);
  assert.deepEqual(readFileSync(oneThread), readFileSync(good[1]));
});

test('--shard forms and the schedulers\' variables; wrong ones are usage errors naming --shard', async () => {
  assert.deepEqual(parseShard('2/5', {}), { index: 2, count: 5, from: '--shard' });
  assert.deepEqual(parseShard('env', { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0' }), { index: 3, count: 4, from: 'SLURM_ARRAY_TASK_ID' });
  assert.deepEqual(parseShard('env', { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' }), { index: 3, count: 4, from: 'SLURM_ARRAY_TASK_ID' });
  assert.deepEqual(parseShard('env/16', { JOB_COMPLETION_INDEX: '15' }), { index: 15, count: 16, from: 'JOB_COMPLETION_INDEX' });
  const usage = (value: string, env: NodeJS.ProcessEnv, pattern: RegExp) => assert.throws(() => parseShard(value, env), (e: Error) => e instanceof UsageError && pattern.test(e.message));
  usage('3', {}, /--shard takes i\/N .*got "3"/);
  usage('a/b', {}, /--shard takes/);
  usage('3/3', {}, /--shard 3\/3: shard 3 is not one of the 3 shards, 0 to 2/);
  usage('0/0', {}, /the count of shards must be from 1/);
  usage('env', {}, /neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set/);
  usage('env', { JOB_COMPLETION_INDEX: '2' }, /JOB_COMPLETION_INDEX .* gives the index but not the count; give it: --shard env\/N/);
  usage('env/4', { JOB_COMPLETION_INDEX: '4' }, /shard 4 \(from JOB_COMPLETION_INDEX\) is not one of the 4 shards/);
  usage('env/8', { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '4' }, /the Slurm array has 4 tasks \(SLURM_ARRAY_TASK_COUNT\), not 8/);
  usage('env', { SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_COUNT: '4' }, /SLURM_ARRAY_TASK_ID is "x", not a whole number/);

  // on the command line: exit 2, before the model loads, one line
  for (const [args, pattern] of [
    [['--shard', '5/2'], /--shard 5\/2: shard 5 is not one of the 2 shards/],
    [['--shard', '0/2', '--approximate'], /--approximate cannot be used with --shard/],
    [['--shard', '0/2', '--words', 'x.txt'], /--words cannot be used with --shard/],
    [['--shard', '0/2', '--out', part('x.sqlite')], /--out: a shard writes a part file, whose name ends in \.part/],
    [['--shard', '0/2', '--out', join(dir, 'no-such-folder', 'x.part')], /--out: cannot write the part .*the folder .*no-such-folder does not exist/],
  ] as const) {
    const r = await runCli(['dict', MODEL, ...args], { SLURM_ARRAY_TASK_ID: '', JOB_COMPLETION_INDEX: '' });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  // {i} and {n} in --out, the index from the environment
  const r = await runCli(['dict', MODEL, '--shard', 'env/3', '--out', join(dir, 'env-{i}-of-{n}.part'), ...common], { JOB_COMPLETION_INDEX: '2' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /shard 2 of 3 \(the index from JOB_COMPLETION_INDEX\)/);
  assert.deepEqual(readFileSync(join(dir, 'env-2-of-3.part')), readFileSync(good[2]));
});
