/**
 * Crash safety, for real: the CLI builds a dictionary in a child process, which is killed with SIGKILL after its
 * first commits; `--resume` then finishes it, and the result equals an uninterrupted build row for row.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDictionary, partialPathOf } from '../../src/store/index.js';
import { checkpointPathOf } from '../../src/dictionary/checkpoint.js';
import { fixture } from '../helpers/fixtures.js';
import { CLI, runCli } from '../helpers/run-cli.js';

const MODEL = fixture('models/glove10k-100d.bin');

function rowsOf(path: string): { meta: Record<string, unknown>; rows: unknown[] } {
  const d = openDictionary(path);
  const rows = [...d.words()].map((w) => d.lookup(w));
  const { createdAt: _c, ...meta } = d.meta;
  d.close();
  return { meta, rows };
}

for (const ext of ['jsonl', 'sqlite']) {
  test(`kill -9 in the middle of a ${ext} build, then --resume: the same dictionary as an uninterrupted build`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simdict-resume-'));
    const whole = join(dir, `whole.${ext}`);
    const killed = join(dir, `killed.${ext}`);
    const common = ['--topn', '10', '--threads', '2', '--commit-every', '0'];
    const first = runCli(['dict', MODEL, '--out', whole, ...common]);
    assert.equal(first.status, 0, first.stderr);

    // Start the same build and SIGKILL it once it has committed and checkpointed at least once.
    const child = spawn(process.execPath, [...CLI, 'dict', MODEL, '--out', killed, ...common], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const checkpoint = checkpointPathOf(partialPathOf(killed));
    const deadline = Date.now() + 60000;
    while (!existsSync(checkpoint) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    const signal = await exited;
    assert.equal(signal, 'SIGKILL', 'the build was killed before it finished (else this test proves nothing)');
    assert.equal(existsSync(killed), false, 'no final file after a crash');
    assert.ok(existsSync(partialPathOf(killed)), 'the partial output survives');

    const resumed = runCli(['dict', MODEL, '--out', killed, ...common, '--resume']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.deepEqual(rowsOf(killed), rowsOf(whole));
    assert.deepEqual(readdirSync(dir).sort(), [`killed.${ext}`, `whole.${ext}`], 'no partial or checkpoint file left');
  });
}

test('--resume with other settings than the interrupted build is refused, naming the difference', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'simdict-resume-'));
  const out = join(dir, 'd.jsonl');
  const child = spawn(process.execPath, [...CLI, 'dict', MODEL, '--out', out, '--topn', '10', '--threads', '2', '--commit-every', '0'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const checkpoint = checkpointPathOf(partialPathOf(out));
  const deadline = Date.now() + 60000;
  while (!existsSync(checkpoint) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
  child.kill('SIGKILL');
  await exited;
  const r = runCli(['dict', MODEL, '--out', out, '--topn', '5', '--resume']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot resume .*d\.jsonl\.partial: the interrupted build used k 10, this one 5/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});
