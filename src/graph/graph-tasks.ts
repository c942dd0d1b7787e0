/**
 * The messages of the approximate engine's threads (./graph-threads.ts → ./graph-worker.ts) and the one function that
 * runs a task on a thread's share (./graph-thread.ts), in a worker or in the main thread.
 */
import type { GraphLayout } from './graph-memory.js';
import type { GraphThread, JoinCosts, Proposed } from './graph-thread.js';

export interface GraphInit {
  layout: GraphLayout;
  t: number;
}

export type GraphTask =
  | { type: 'forest'; seeds: number[]; leafSize: number }
  | { type: 'fill'; seed: number; cursor: number }
  | { type: 'degrees'; bounds: number[] }
  | { type: 'candidates'; seed: number }
  | { type: 'mark' }
  | { type: 'join'; bounds: number[] }
  | { type: 'apply'; counts: number[] }
  | { type: 'settle' }
  | { type: 'quantize' }
  | { type: 'rescore'; k: number };

/** forest, fill, join: what was proposed; apply: the pushes that changed a row; settle: the entries new since the last; mark: the joins' costs; degrees, candidates, quantize, rescore: null. */
export type GraphAnswer = Proposed | JoinCosts | number | null;

export function runTask(thread: GraphThread, task: GraphTask): GraphAnswer {
  switch (task.type) {
    case 'forest': return thread.forest(task.seeds, task.leafSize);
    case 'fill': return thread.fill(task.seed, task.cursor);
    case 'degrees': thread.own(task.bounds); thread.degrees(); return null;
    case 'candidates': thread.candidates(task.seed); return null;
    case 'mark': return thread.mark();
    case 'join': thread.own(task.bounds); return thread.join();
    case 'apply': return thread.apply(task.counts);
    case 'settle': return thread.settle();
    case 'quantize': thread.quantize(); return null;
    case 'rescore': thread.rescore(task.k); return null;
  }
}
