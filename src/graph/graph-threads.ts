/**
 * The approximate engine's threads: T shares (./graph-thread.ts) run as worker threads on the shared WorkerPool
 * (../workers/worker-pool.ts), or all in the main thread, one after the other (one thread, or the TypeScript scorer):
 * the same phases, the same results. `proposeAndApply` is the engine's one loop of rounds: every thread proposes
 * (until its buffer is full or its share done), then every thread applies every proposal to the rows it owns.
 */
import { TileWorkspace } from '../kernels/tile-workspace.js';
import type { KeyedVectors } from '../vectors/keyed-vectors.js';
import { startWorker } from '../workers/start-worker.js';
import { WorkerPool } from '../workers/worker-pool.js';
import { BlockScorer } from './block-scorer.js';
import { GatheredScorer } from './gathered-scorer.js';
import { graphViews, type GraphLayout } from './graph-memory.js';
import { runTask, type GraphAnswer, type GraphInit, type GraphTask } from './graph-tasks.js';
import { GraphThread, JOIN_NEXT, JOIN_STOP, type Proposed } from './graph-thread.js';

export class GraphThreads {
  private constructor(
    readonly size: number,
    private readonly local: GraphThread[] | null,
    private readonly pool: WorkerPool<GraphInit, GraphTask, GraphAnswer> | null,
    private readonly releaseLocal: () => void,
    /** The joins' shared control words (./graph-memory.ts). */
    private readonly control: Int32Array,
  ) {}

  /** `workers`: as worker threads (the gathered kernel only), else in the main thread. */
  static async start(model: KeyedVectors, layout: GraphLayout, kernel: 'wasm' | 'js', workers: boolean): Promise<GraphThreads> {
    const T = layout.threads;
    if (workers && kernel === 'wasm') {
      const pool = await WorkerPool.start<GraphInit, GraphTask, GraphAnswer>({
        name: 'approximate worker',
        count: T,
        start: () => startWorker(import.meta.url, 'graph-worker'),
        init: (t) => ({ layout, t }),
      });
      return new GraphThreads(T, null, pool, () => {}, graphViews(layout).control);
    }
    const scorers: BlockScorer[] = [];
    const threads: GraphThread[] = [];
    try {
      for (let t = 0; t < T; t++) {
        const p = layout.perThread[t];
        let scorer;
        if (kernel === 'wasm') scorer = new GatheredScorer(TileWorkspace.attach(layout.model, p.workspace), p.proposals);
        else {
          scorer = new BlockScorer(model, layout.blockRows, model.memory.buffer, p.proposals, layout.proposals);
          scorers.push(scorer);
        }
        threads.push(new GraphThread(layout, t, scorer, model, kernel));
      }
    } catch (e) {
      for (const s of scorers) s.release();
      throw e;
    }
    return new GraphThreads(T, threads, null, () => scorers.forEach((s) => s.release()), graphViews(layout).control);
  }

  /** Runs task(t) on each thread t that has one (null: none), all at once; their answers, null where none ran. */
  async each(task: (t: number) => GraphTask | null): Promise<(GraphAnswer | null)[]> {
    const tasks = Array.from({ length: this.size }, (_, t) => task(t));
    if (this.local) return tasks.map((x, t) => (x ? runTask(this.local![t], x) : null));
    return Promise.all(tasks.map((x, t) => (x ? this.pool!.run(t, x) : Promise.resolve(null))));
  }

  /** Makes every row unclaimed for the joins (GraphThread.join): before an iteration's rounds of joins. */
  unclaimJoins(): void {
    Atomics.store(this.control, JOIN_NEXT, 0);
  }

  /**
   * Rounds of propose (first(t), then next(t, its last answer) while a thread's share is not finished) and apply,
   * until every share is finished, then settle. Returns the heap changes (the entries in the heaps now that were not
   * before: the same for any number of threads) and the slot pairs scored; `onRound` sees each round's answers
   * (null: that thread had finished).
   */
  async proposeAndApply(first: (t: number) => GraphTask, next: (t: number, last: Proposed) => GraphTask, onRound?: (answers: (Proposed | null)[]) => void): Promise<{ updates: number; pairs: number }> {
    let tasks: (GraphTask | null)[] = Array.from({ length: this.size }, (_, t) => first(t));
    let updates = 0, pairs = 0;
    while (tasks.some((x) => x !== null)) {
      Atomics.store(this.control, JOIN_STOP, 0);
      const answers = (await this.each((t) => tasks[t])) as (Proposed | null)[];
      const counts = answers.map((a) => a?.written ?? 0);
      for (const a of answers) pairs += a?.pairs ?? 0;
      if (counts.some((c) => c > 0)) await this.each(() => ({ type: 'apply', counts }));
      tasks = answers.map((a, t) => (a && !a.finished ? next(t, a) : null));
      onRound?.(answers);
    }
    for (const u of await this.each(() => ({ type: 'settle' }))) updates += u as number;
    return { updates, pairs };
  }

  async close(): Promise<void> {
    this.releaseLocal();
    await this.pool?.close();
  }
}
