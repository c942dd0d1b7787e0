/**
 * The envelope of every message between a WorkerPool (./worker-pool.ts) and a worker serving it (./serve-worker.ts):
 * one init and many tasks in; one ready (or a failed start) and an answer or error per task out. Init, Task and
 * Answer are the pool's own types.
 */
export type ToPoolWorker<Init, Task> = { type: 'init'; init: Init } | { type: 'task'; id: number; task: Task };

export type FromPoolWorker<Answer> =
  | { type: 'ready' }
  | { type: 'start-failed'; message: string; stack?: string }
  | { type: 'answer'; id: number; answer: Answer }
  | { type: 'error'; id: number; message: string; stack?: string };
