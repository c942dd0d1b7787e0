/**
 * `simdict serve` as a process: it prints where it listens, answers, shuts down gracefully on SIGTERM and SIGINT
 * (a request in progress still gets its answer, exit code 0), and reports its mistakes as one line and an exit code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { CLI, ROOT, simdict } from './helpers.js';

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; stderr: string }>;
}

async function startServe(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve(m[1]);
    });
    void exited.then(({ code }) => reject(new Error(`serve exited with ${code} before listening: ${stderr}`)));
  });
  return { child, url, exited };
}

for (const [signal, scoring] of [['SIGTERM', 'int8'], ['SIGINT', 'f32']] as const) {
  test(`serve --method ${scoring} answers, then on ${signal} finishes the request in progress and exits 0`, async () => {
    const s = await startServe(['--threads', '1', '--method', scoring]);
    const r = await fetch(`${s.url}/v1/similar?word=king&topn=3`);
    assert.equal(r.status, 200);
    assert.equal((await r.json()).results[0].word, 'prince');
    assert.equal((await (await fetch(`${s.url}/v1/info`)).json()).search.scoring, scoring);
    const inFlight = fetch(`${s.url}/v1/map?word=paris&topn=50`).then((x) => x.status);
    await new Promise((resolve) => setTimeout(resolve, 5)); // the request has reached the server
    s.child.kill(signal);
    assert.equal(await inFlight, 200);
    const { code, stderr } = await s.exited;
    assert.equal(code, 0, stderr);
    assert.match(stderr, new RegExp(`${signal}: finishing the requests in progress`));
  });
}

test('serve --dict without a model serves the dictionary only', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'simdict-serve-'));
  try {
    const built = await simdict(['dict', '--out', join(dir, 'd.jsonl'), '--topn', '5']);
    assert.equal(built.code, 0, built.stderr);
    const s = await startServe(['--dict', join(dir, 'd.jsonl')]);
    const info = await (await fetch(`${s.url}/v1/info`)).json();
    assert.equal(info.model, null);
    assert.equal((await (await fetch(`${s.url}/v1/dict/king`)).json()).neighbors.length, 5);
    s.child.kill('SIGTERM');
    const first = await s.exited;
    assert.equal(first.code, 0);
    assert.doesNotMatch(first.stderr, /warning/);
    // A dictionary of another model beside a model: served, with a warning.
    const other = join(ROOT, 'test', 'fixtures', 'models', 'glove1k-100d.txt');
    const mixed = await startServe([other, '--no-header', '--dict', join(dir, 'd.jsonl'), '--threads', '1']);
    mixed.child.kill('SIGTERM');
    const { code, stderr } = await mixed.exited;
    assert.equal(code, 0);
    assert.match(stderr, /warning: .*d\.jsonl was built from another model than .*glove1k-100d\.txt/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mistakes: a port in use, a missing model or dictionary, a bad --port: one line, exit 1 or 2', async () => {
  const blocker = createNetServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const busy = await simdict(['serve', '--port', String(port), '--threads', '1']);
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, new RegExp(`port ${port} on 127.0.0.1 is already in use: choose another with --port`));
  } finally {
    blocker.close();
  }
  const noModel = await simdict(['serve', 'no-such-model.bin']);
  assert.equal(noModel.code, 1);
  assert.match(noModel.stderr, /no model file no-such-model.bin/);
  const noDict = await simdict(['serve', '--dict', 'no-such.sqlite']);
  assert.equal(noDict.code, 1);
  assert.match(noDict.stderr, /no dictionary no-such.sqlite/);
  const badPort = await simdict(['serve', '--port', '70000']);
  assert.equal(badPort.code, 2);
  assert.match(badPort.stderr, /--port takes a port number from 0 to 65535/);
  for (const r of [noModel, noDict, badPort]) assert.doesNotMatch(r.stderr, /\n\s+at /); // no stack trace
});
