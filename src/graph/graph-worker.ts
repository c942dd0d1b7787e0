/**
 * A worker thread of the approximate engine: attaches its share (./graph-thread.ts) to the layout the main thread
 * reserved (./graph-memory.ts: the model's memory and the shared buffers are shared, not copied) and runs the tasks
 * it is sent. Always the gathered tile kernel (the TypeScript scorer runs in the main thread).
 */
import { bufferOf, TileWorkspace } from '../kernels/tile-workspace.js';
import { serveWorker } from '../workers/serve-worker.js';
import { GatheredScorer } from './gathered-scorer.js';
import { runTask, type GraphAnswer, type GraphInit, type GraphTask } from './graph-tasks.js';
import { GraphThread } from './graph-thread.js';

let thread: GraphThread | undefined;

serveWorker<GraphInit, GraphTask, GraphAnswer>({
  init({ layout, t }) {
    const m = layout.model, buffer = bufferOf(m.memory);
    const treeModel = { size: m.rows, dim: m.dim, vectors: new Float32Array(buffer, m.vectorsOffset, m.rows * m.dim), norms: new Float32Array(buffer, m.normsOffset, m.rows) };
    const scorer = new GatheredScorer(TileWorkspace.attach(m, layout.perThread[t].workspace), layout.perThread[t].proposals);
    thread = new GraphThread(layout, t, scorer, treeModel, 'wasm');
  },
  run: (task) => runTask(thread!, task),
});
