import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers/start-worker.js';
import type { SharedModel } from './shared-model.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

/**
 * A small pool of dictionary workers, each with its own region of the shared memory. Ours rather than a generic
 * pool library: every worker keeps state for the whole build (its heaps), and tasks go to a chosen worker.
 */
export class DictionaryWorkerPool {
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on('message', (m: FromWorker) => {
        if (m.type === 'done' || m.type === 'error') {
          const p = this.pending.get(m.id);
          this.pending.delete(m.id);
          if (m.type === 'done') p?.resolve();
          else p?.reject(Object.assign(new Error(`dictionary worker failed: ${m.message}`), { stack: m.stack }));
        }
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => code !== 0 && this.fail(new Error(`a dictionary worker exited with code ${code}`)));
    }
  }

  /** Starts `regions.length` workers over the shared model; resolves once each has attached its workspace. */
  static async start(model: SharedModel, regions: number[], k: number, blockRows: number, blockCols: number, int8?: number): Promise<DictionaryWorkerPool> {
    const workers = regions.map(() => startWorker(import.meta.url, 'dictionary-worker'));
    await Promise.all(
      workers.map(
        (w, i) =>
          new Promise<void>((resolve, reject) => {
            const onMessage = (m: FromWorker) => {
              if (m.type === 'ready') {
                w.off('message', onMessage);
                resolve();
              }
            };
            w.on('message', onMessage);
            w.once('error', reject);
            const init: ToWorker = { type: 'init', model, regionOffset: regions[i], k, blockRows, blockCols, int8 };
            w.postMessage(init);
          }),
      ),
    );
    return new DictionaryWorkerPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Runs a tiles task on worker `w`. */
  tiles(w: number, task: Omit<Extract<ToWorker, { type: 'tiles' }>, 'type' | 'id'>): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[w].postMessage({ type: 'tiles', id, ...task } satisfies ToWorker);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
