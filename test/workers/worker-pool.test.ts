/**
 * The shared worker pool (src/workers/worker-pool.ts) with a small test worker (./counter-worker.ts): tasks reach
 * the chosen worker and its state, buffers move, and every failure ends as documented: a task that throws rejects
 * alone (the pool stays usable); a worker that exits or crashes rejects pending and later tasks; a failed start
 * leaves no worker running (each thread's id is -1 once it has stopped, as Node sets it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../src/workers/start-worker.js';
import { WorkerPool } from '../../src/workers/worker-pool.js';
import type { CounterAnswer, CounterInit, CounterTask } from './counter-worker.js';

type Counters = WorkerPool<CounterInit, CounterTask, CounterAnswer>;

/** Starts `count` counter workers (worker i's total starts at 100·i); `started` collects the threads. */
function counters(count: number, init: Partial<CounterInit> = {}, started: Worker[] = []): Promise<Counters> {
  return WorkerPool.start<CounterInit, CounterTask, CounterAnswer>({
    name: 'counter worker',
    count,
    start: () => {
      const w = startWorker(import.meta.url, 'counter-worker');
      started.push(w);
      return w;
    },
    init: (i) => ({ worker: i, start: 100 * i, ...init }),
  });
}

const running = (workers: Worker[]) => workers.filter((w) => w.threadId !== -1).length;

test('each task reaches the chosen worker, whose state lasts between tasks; close stops every thread', async () => {
  const started: Worker[] = [];
  const pool = await counters(3, {}, started);
  assert.equal(pool.size, 3);
  assert.equal(running(started), 3);
  assert.deepEqual(await pool.run(2, { op: 'add', by: 5 }), { worker: 2, total: 205 });
  assert.deepEqual(await pool.run(0, { op: 'add', by: 1 }), { worker: 0, total: 1 });
  const both = await Promise.all([pool.run(2, { op: 'add', by: 1 }), pool.run(1, { op: 'add', by: 7 })]);
  assert.deepEqual(both, [{ worker: 2, total: 206 }, { worker: 1, total: 107 }]);
  await assert.rejects(pool.run(3, { op: 'add', by: 1 }), /worker must be a whole number from 0 to 2, got 3/);
  await pool.close();
  assert.equal(running(started), 0);
  await pool.close(); // twice is fine
});

test('buffers in the transfer list move to the worker; the answer comes back', async () => {
  const pool = await counters(1);
  try {
    const values = Float64Array.of(1.5, 2.5, 4);
    const answer = await pool.run(0, { op: 'sum', values }, [values.buffer]);
    assert.equal(values.byteLength, 0, 'moved, not copied');
    assert.deepEqual(answer, { sum: Float64Array.of(8) });
    const kept = Float64Array.of(1, 2);
    await pool.run(0, { op: 'sum', values: kept });
    assert.equal(kept.length, 2, 'copied without a transfer list');
  } finally {
    await pool.close();
  }
});

test("a task that throws rejects with the worker's message; the pool stays usable", async () => {
  const pool = await counters(2);
  try {
    await pool.run(1, { op: 'add', by: 1 });
    await assert.rejects(pool.run(1, { op: 'throw' }), (e: Error) => {
      assert.match(e.message, /^counter worker failed: task refused by worker 1$/);
      assert.match(e.stack!, /in the worker: Error: task refused by worker 1/);
      return true;
    });
    assert.deepEqual(await pool.run(1, { op: 'add', by: 1 }), { worker: 1, total: 102 }, 'same worker, same state');
  } finally {
    await pool.close();
  }
});

for (const code of [3, 0]) {
  test(`a worker that exits (code ${code}) rejects pending and later tasks, on every worker; close still works`, async () => {
    const started: Worker[] = [];
    const pool = await counters(2, {}, started);
    const lost = new RegExp(`^Error: counter worker 1 exited with code ${code}$`);
    const pending = pool.run(0, { op: 'hang' });
    await Promise.all([assert.rejects(pool.run(1, { op: 'exit', code }), lost), assert.rejects(pending, lost)]);
    await assert.rejects(pool.run(0, { op: 'add', by: 1 }), lost);
    await pool.close();
    assert.equal(running(started), 0);
    await assert.rejects(pool.run(0, { op: 'add', by: 1 }), lost, 'the first failure stays the reason');
  });
}

test('a worker that throws outside a task fails the pool: pending and later tasks reject', async () => {
  const started: Worker[] = [];
  const pool = await counters(2, {}, started);
  const crashed = /^Error: counter worker 0 threw: worker 0 crashed$/;
  const pending = pool.run(1, { op: 'hang' });
  await Promise.all([assert.rejects(pool.run(0, { op: 'crash' }), crashed), assert.rejects(pending, crashed)]);
  await assert.rejects(pool.run(1, { op: 'add', by: 1 }), crashed);
  await pool.close();
  assert.equal(running(started), 0);
});

test('close rejects the pending tasks and every later one', async () => {
  const pool = await counters(2);
  const pending = pool.run(1, { op: 'hang' });
  await pool.close();
  await assert.rejects(pending, /^Error: the counter worker pool is closed$/);
  await assert.rejects(pool.run(0, { op: 'add', by: 1 }), /the counter worker pool is closed/);
});

test('a start whose init throws in one worker rejects, and no worker is left running', async () => {
  const started: Worker[] = [];
  await assert.rejects(counters(4, { failInit: 2 }, started), /^Error: counter worker 2 did not start: init refused in worker 2$/);
  assert.equal(started.length, 4);
  assert.equal(running(started), 0);
});

test('a start where one worker exits during its init rejects, and no worker is left running', async () => {
  const started: Worker[] = [];
  await assert.rejects(counters(3, { exitInInit: 1 }, started), /counter worker 1 exited with code 7/);
  assert.equal(started.length, 3);
  assert.equal(running(started), 0);
});

test('a start where a thread cannot even be created terminates the ones already started', async () => {
  const started: Worker[] = [];
  const start = WorkerPool.start<CounterInit, CounterTask, CounterAnswer>({
    name: 'counter worker',
    count: 3,
    start: (i) => {
      if (i === 2) throw new Error('no more threads');
      const w = startWorker(import.meta.url, 'counter-worker');
      started.push(w);
      return w;
    },
    init: (i) => ({ worker: i, start: 0 }),
  });
  await assert.rejects(start, /^Error: no more threads$/);
  assert.equal(started.length, 2);
  assert.equal(running(started), 0);
});
