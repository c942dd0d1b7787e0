/**
 * A typed pool of worker threads that each hold state: N workers start with an init message each (their region of
 * a shared memory, say) and the pool resolves once all are ready; each task then goes to a chosen worker, by id, and
 * its answer comes back typed. The workers run ./serve-worker.ts's message loop.
 *
 * Ours rather than piscina or tinypool: those hand a task to whichever thread is free and treat threads as
 * interchangeable, while ours keep state for the pool's whole life (their heaps, their query workspace) and each task
 * must reach the worker whose state it is about.
 *
 * Failures:
 * - start: a worker whose init throws, that throws or exits before it is ready, fails the start; every worker
 *   already started is terminated before `start` rejects.
 * - a task that throws in its worker rejects with the worker's message (and stack); the worker caught it and goes
 *   on serving, so the pool stays usable (whether the worker's state is still meaningful is the caller's call).
 * - a worker that throws outside a task, exits (with any code) or sends a message that cannot be read fails the
 *   pool: every pending task and every later one rejects with that error. `close` still works.
 * - `close` terminates every worker; pending and later tasks reject with "the … pool is closed".
 */
import type { Transferable, Worker } from 'node:worker_threads';
import { wholeInRange } from '../checks/arguments.js';
import type { FromPoolWorker, ToPoolWorker } from './pool-messages.js';

type Pending<Answer> = { resolve: (a: Answer) => void; reject: (e: Error) => void };

export interface WorkerPoolStart<Init> {
  /** What the workers are, for error messages ("search worker"). */
  name: string;
  /** How many workers. */
  count: number;
  /** Starts worker i (usually `startWorker(import.meta.url, '…-worker')`, ./start-worker.ts). */
  start: (i: number) => Worker;
  /** Worker i's init message. */
  init: (i: number) => Init;
}

export class WorkerPool<Init, Task, Answer> {
  private readonly pending = new Map<number, Pending<Answer>>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  private constructor(
    private readonly name: string,
    private readonly workers: Worker[],
  ) {}

  /** Starts the workers and resolves once each has run its init; rejects (no worker left running) if any fails. */
  static async start<Init, Task, Answer>(options: WorkerPoolStart<Init>): Promise<WorkerPool<Init, Task, Answer>> {
    wholeInRange('count', options.count, 1, 1024);
    const pool = new WorkerPool<Init, Task, Answer>(options.name, []);
    try {
      const ready: Promise<void>[] = [];
      for (let i = 0; i < options.count; i++) {
        const w = options.start(i);
        pool.workers.push(w);
        ready.push(pool.watch(w, i));
        w.postMessage({ type: 'init', init: options.init(i) } satisfies ToPoolWorker<Init, Task>);
      }
      await Promise.all(ready);
      if (pool.failure) throw pool.failure; // one was ready, then failed while the others started
    } catch (e) {
      await pool.terminate();
      throw e;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Runs `task` on worker `w`; `transfer`: buffers of the task to move to the worker rather than copy. */
  async run(w: number, task: Task, transfer: Transferable[] = []): Promise<Answer> {
    if (this.failure) throw this.failure;
    wholeInRange('worker', w, 0, this.workers.length - 1);
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[w].postMessage({ type: 'task', id, task } satisfies ToPoolWorker<Init, Task>, transfer);
    });
  }

  /** Terminates every worker; pending and later tasks reject. */
  async close(): Promise<void> {
    await this.terminate();
    this.fail(new Error(`the ${this.name} pool is closed`));
  }

  /** Wires worker w's events to the pool; resolves when it is ready, rejects if it fails before. */
  private watch(w: Worker, i: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      const lost = (e: Error) => {
        if (this.closing) return;
        if (ready) this.fail(e);
        else reject(e);
      };
      w.on('message', (m: FromPoolWorker<Answer>) => {
        if (m.type === 'ready') {
          ready = true;
          resolve();
        } else if (m.type === 'start-failed') {
          reject(withStack(new Error(`${this.name} ${i} did not start: ${m.message}`), m.stack));
        } else {
          const p = this.pending.get(m.id);
          this.pending.delete(m.id);
          if (m.type === 'answer') p?.resolve(m.answer);
          else p?.reject(withStack(new Error(`${this.name} failed: ${m.message}`), m.stack));
        }
      });
      w.on('error', (e) => lost(withStack(new Error(`${this.name} ${i} threw: ${e.message}`), e.stack)));
      w.on('messageerror', (e) => lost(new Error(`${this.name} ${i} sent a message that cannot be read: ${e.message}`)));
      w.on('exit', (code) => lost(new Error(`${this.name} ${i} exited with code ${code}`)));
    });
  }

  private async terminate(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }
}

function withStack(e: Error, stack: string | undefined): Error {
  if (stack) e.stack = `${e.message}\n  in the worker: ${stack}`;
  return e;
}
