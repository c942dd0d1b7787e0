/**
 * The dictionary and search pools run on the shared WorkerPool: its failures reach their callers in its words, and
 * a dictionary pool whose start fails leaves no worker running (it used to leak the workers already started). The
 * pools' own answers are held to the truth by test/dictionary and test/search.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/index.js';
import { SearchPool } from '../../src/search/search-pool.js';
import { fixture } from '../helpers/fixtures.js';

test('a dictionary pool whose start fails rejects, and its process ends by itself: no worker is left running', async () => {
  const script = fileURLToPath(new URL('./dictionary-start-fails.ts', import.meta.url));
  const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) => {
    // A leaked worker would keep the child alive: the timeout kills it, and execFile then reports an error.
    execFile(process.execPath, ['--import', 'tsx', script], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`the child did not end by itself (${error.message}); stderr: ${stderr}`));
      else resolve({ stdout });
    });
  });
  assert.match(stdout, /^start failed: dictionary worker 2 did not start: no tile workspace at offset \d+ \(magic 0\)$/m);
});

test('a search pool rejects searches with the pool error once a worker has died, and still closes', async () => {
  const model = await loadModel(fixture('models/glove10k-100d.bin'));
  const pool = await SearchPool.start(model, { threads: 2, capacity: 4, maxK: 10, method: 'f32' });
  const one = new Float32Array(model.dim).fill(0.1);
  assert.equal((await pool.search(one, 1, 5)).indices.length, 5);
  // Reaches the pool's threads through its private fields: nothing public may kill a worker, by design.
  const workers = (pool as unknown as { workers: { workers: { terminate(): Promise<number> }[] } }).workers.workers;
  await workers[1].terminate(); // as if the thread died
  await assert.rejects(pool.search(one, 1, 5), /^Error: search worker 1 exited with code 1$/);
  await pool.close();
});
