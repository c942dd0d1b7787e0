/**
 * The sharded exact job on a real scheduler: a one-machine Slurm cluster (../helpers/slurm.ts) runs a job array of
 * three `simdict dict --shard env` tasks through sbatch, the parts are merged, and the dictionary equals the
 * single-machine one. Where Slurm cannot be started (not installed, not root) the test says so and runs the same
 * job script as three local processes with the array's variables set; with SIMDICT_REQUIRE_SLURM=1 (CI) it fails
 * instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../helpers/fixtures.js';
import { CLI, runCli } from '../helpers/run-cli.js';
import { startSlurm } from '../helpers/slurm.js';

const MODEL = fixture('models/glove10k-100d.bin');
const TASKS = 3;

test(`a Slurm job array of ${TASKS} shards, submitted with sbatch, merged: the single-machine dictionary`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'simdict-cluster-'));
  const single = join(dir, 'single.jsonl');
  const s = runCli(['dict', MODEL, '--out', single, '--topn', '8', '--exact']);
  assert.equal(s.status, 0, s.stderr);

  // The job script, as docs/shards.md has it: one command line for every task, the shard from the environment.
  const script = join(dir, 'shards.sh');
  writeFileSync(
    script,
    [
      '#!/bin/bash',
      `#SBATCH --output=${dir}/task-%a.log`,
      '#SBATCH --cpus-per-task=1',
      `cd ${process.cwd()}`,
      `exec ${process.execPath} ${CLI.join(' ')} dict ${MODEL} --shard env --out ${dir}/part-{i}.part --topn 8 --threads 1`,
      '',
    ].join('\n'),
  );

  const slurm = await startSlurm();
  if ('unavailable' in slurm) {
    if (process.env.SIMDICT_REQUIRE_SLURM === '1') assert.fail(`SIMDICT_REQUIRE_SLURM=1, but Slurm cannot be started: ${slurm.unavailable}`);
    t.diagnostic(`Slurm cannot be started (${slurm.unavailable}): the job's tasks run as local processes instead`);
    await Promise.all(
      Array.from({ length: TASKS }, (_, i) =>
        new Promise<void>((resolve, reject) => {
          const env = { ...process.env, SLURM_ARRAY_TASK_ID: String(i), SLURM_ARRAY_TASK_COUNT: String(TASKS), SLURM_ARRAY_TASK_MIN: '0' };
          const child = spawn('bash', [script], { env, stdio: ['ignore', 'ignore', 'pipe'] });
          let err = '';
          child.stderr.on('data', (d) => (err += d));
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`task ${i} exited with ${code}: ${err}`))));
        }),
      ),
    );
  } else {
    try {
      const submitted = spawnSync('sbatch', ['--parsable', `--array=0-${TASKS - 1}`, script], { env: slurm.env, encoding: 'utf8' });
      assert.equal(submitted.status, 0, submitted.stderr);
      const job = submitted.stdout.trim().split(';')[0];
      // Wait for the array (squeue lists it until every task has ended; sbatch --wait polls only every few seconds).
      const deadline = Date.now() + 120000;
      while (spawnSync('squeue', ['-h', '-j', job], { env: slurm.env, encoding: 'utf8' }).stdout.trim() !== '') {
        assert.ok(Date.now() < deadline, `the array job ${job} did not end within 120 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await slurm.stop();
    }
  }
  const log = (i: number) => (existsSync(join(dir, `task-${i}.log`)) ? readFileSync(join(dir, `task-${i}.log`), 'utf8') : '(no log)');
  for (let i = 0; i < TASKS; i++) assert.ok(existsSync(join(dir, `part-${i}.part`)), `task ${i} wrote its part; its log: ${log(i)}`);
  if (!('unavailable' in slurm)) assert.match(log(1), /shard 1 of 3 \(the index from SLURM_ARRAY_TASK_ID\)/, 'the shard came from the array');

  const merged = join(dir, 'merged.jsonl');
  const m = runCli(['merge', ...Array.from({ length: TASKS }, (_, i) => join(dir, `part-${i}.part`)), '--out', merged]);
  assert.equal(m.status, 0, m.stderr);
  const noTime = (f: string) => readFileSync(f, 'utf8').replace(/"createdAt":"[^"]*"/, '');
  assert.equal(noTime(merged), noTime(single));
});
