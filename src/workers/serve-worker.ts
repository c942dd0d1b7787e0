/**
 * The worker side of a WorkerPool (./worker-pool.ts): the one message loop every pool worker runs. `init` builds the
 * worker's state from the pool's init message (if it throws, the pool's start fails and terminates every worker);
 * `run` answers one task (if it throws, that task rejects with the message, and the worker goes on serving);
 * `transfer` names the buffers of an answer to move rather than copy.
 */
import { parentPort, type Transferable } from 'node:worker_threads';
import type { FromPoolWorker, ToPoolWorker } from './pool-messages.js';

export interface WorkerService<Init, Task, Answer> {
  init(init: Init): void | Promise<void>;
  run(task: Task): Answer | Promise<Answer>;
  transfer?(answer: Answer): Transferable[];
}

export function serveWorker<Init, Task, Answer>(service: WorkerService<Init, Task, Answer>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker runs in a worker thread');
  const send = (m: FromPoolWorker<Answer>, transfer: Transferable[] = []) => port.postMessage(m, transfer);
  port.on('message', async (m: ToPoolWorker<Init, Task>) => {
    if (m.type === 'init') {
      try {
        await service.init(m.init);
        send({ type: 'ready' });
      } catch (e) {
        send({ type: 'start-failed', message: messageOf(e), stack: (e as Error)?.stack });
      }
      return;
    }
    let answer: Answer;
    try {
      answer = await service.run(m.task);
    } catch (e) {
      return send({ type: 'error', id: m.id, message: messageOf(e), stack: (e as Error)?.stack });
    }
    send({ type: 'answer', id: m.id, answer }, service.transfer?.(answer));
  });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
