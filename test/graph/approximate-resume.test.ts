/**
 * The approximate build's crash safety, for real: the CLI builds in a child process, killed with SIGKILL once the
 * state of an NN-descent iteration is saved; `--resume` continues from that iteration (not from the forest) and gives
 * exactly the uninterrupted build's dictionary and figures.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDictionary, partialPathOf } from '../../src/store/index.js';
import { statePathOf } from '../../src/graph/approximate-state.js';
import { fixture } from '../helpers/fixtures.js';
import { CLI, runCli } from '../helpers/run-cli.js';

const MODEL = fixture('models/glove10k-100d.bin');

function rowsOf(path: string): { meta: Record<string, unknown>; rows: unknown[] } {
  const d = openDictionary(path);
  const rows = [...d.words()].map((w) => d.lookup(w));
  const { createdAt: _c, nnDescent, ...meta } = d.meta;
  d.close();
  return { meta: { ...meta, nnDescent: { ...(nnDescent as object), elapsedMs: 0 } }, rows };
}

/** The saved state's iteration, or −1 when there is none (yet). */
function savedIteration(path: string): number {
  if (!existsSync(path)) return -1;
  const fd = openSync(path, 'r');
  try {
    const len = Buffer.alloc(4);
    if (readSync(fd, len, 0, 4, 0) < 4) return -1;
    const header = Buffer.alloc(len.readUInt32LE(0));
    readSync(fd, header, 0, header.length, 4);
    return JSON.parse(header.toString('utf8')).iteration;
  } catch {
    return -1;
  } finally {
    closeSync(fd);
  }
}

test('kill -9 during NN-descent, then --resume: from the saved iteration, the same dictionary as an uninterrupted build', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'simdict-ann-resume-'));
  const whole = join(dir, 'whole.jsonl'), killed = join(dir, 'killed.jsonl');
  const common = ['--topn', '10', '--threads', '1', '--approximate', '--recall', '1', '--seed', '5'];
  const first = runCli(['dict', MODEL, '--out', whole, ...common]);
  assert.equal(first.status, 0, first.stderr);

  const child = spawn(process.execPath, [...CLI, 'dict', MODEL, '--out', killed, ...common], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const state = statePathOf(killed);
  const deadline = Date.now() + 60000;
  while (savedIteration(state) < 1 && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 2));
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL', 'the build was killed before it finished (else this test proves nothing)');
  assert.equal(existsSync(killed), false, 'no final file after a crash');
  assert.ok(existsSync(partialPathOf(killed)), 'the partial output survives');
  const at = savedIteration(state);
  assert.ok(at >= 1, `a saved iteration: ${at}`);

  const resumed = runCli(['dict', MODEL, '--out', killed, ...common, '--resume']);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stderr, new RegExp(`resumed from the state saved after iteration ${at}`));
  assert.doesNotMatch(resumed.stderr, /simdict: forest: /, 'the forest was not rebuilt');
  assert.deepEqual(rowsOf(killed), rowsOf(whole));
  assert.deepEqual(readdirSync(dir).sort(), ['killed.jsonl', 'whole.jsonl'], 'no partial or state file left');
});
