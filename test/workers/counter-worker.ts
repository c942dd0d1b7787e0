/**
 * A pool worker for the WorkerPool tests: its state is a running total (from its init), and its tasks add to it,
 * sum a transferred buffer, throw, never answer, exit, or crash outside any task. Init can be told to fail in one worker.
 */
import { serveWorker } from '../../src/workers/serve-worker.js';

export interface CounterInit {
  worker: number;
  start: number;
  /** This worker's init throws "init refused" (failInit === worker) or exits with code 7 (exitInInit === worker). */
  failInit?: number;
  exitInInit?: number;
}

export type CounterTask =
  | { op: 'add'; by: number }
  | { op: 'sum'; values: Float64Array }
  | { op: 'throw' }
  | { op: 'hang' }
  | { op: 'exit'; code: number }
  | { op: 'crash' };

export type CounterAnswer = { worker: number; total: number } | { sum: Float64Array };

let worker = -1;
let total = 0;

serveWorker<CounterInit, CounterTask, CounterAnswer>({
  init(init) {
    if (init.failInit === init.worker) throw new Error(`init refused in worker ${init.worker}`);
    if (init.exitInInit === init.worker) process.exit(7);
    worker = init.worker;
    total = init.start;
  },
  run(task) {
    switch (task.op) {
      case 'add':
        total += task.by;
        return { worker, total };
      case 'sum':
        return { sum: Float64Array.of(task.values.reduce((a, b) => a + b, 0)) };
      case 'throw':
        throw new Error(`task refused by worker ${worker}`);
      case 'hang':
        return new Promise<never>(() => {});
      case 'exit':
        process.exit(task.code);
      // falls through (process.exit does not return)
      case 'crash':
        setImmediate(() => {
          throw new Error(`worker ${worker} crashed`);
        });
        return new Promise<never>(() => {}); // never answers: the crash must reject it
    }
  },
  transfer: (answer) => ('sum' in answer ? [answer.sum.buffer as ArrayBuffer] : []),
});
