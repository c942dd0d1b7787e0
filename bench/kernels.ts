/**
 * Kernel benchmark: JS vs WebAssembly SIMD128 cosine scoring and top-k, on random models of 100k × 300 and
 * 100k × 100 float32 (the same memory for both kernels). Run: npm run build:wasm && npm run bench:kernels.
 *
 * Columns: ms per query for scores() (the full score array, copied out) and topK(k = 10) (fused scoring and
 * selection); GFLOP/s of scoring (2 · rows · dim flops per query); the selection alone (top-k over precomputed
 * scores) as % of the scoring time.
 */
import { ModelMemory } from '../src/vectors/model-memory.js';
import { jsKernel, wasmKernel, topKOfScores, type CosineKernel } from '../src/kernels/index.js';
import { kernelExports } from '../src/kernels/wasm-module.js';

const ROWS = 100_000;
const K = 10;
const BUDGET_MS = 700; // per measurement, after warm-up

/** Mean ms per call of fn over at least 3 calls and about BUDGET_MS, after 2 warm-up calls. */
function time(fn: (i: number) => void): number {
  fn(0);
  fn(1);
  let calls = 0;
  const t0 = performance.now();
  let t = t0;
  while (calls < 3 || t - t0 < BUDGET_MS) {
    fn(calls++);
    t = performance.now();
  }
  return (t - t0) / calls;
}

function model(rows: number, dim: number): ModelMemory {
  const memory = new ModelMemory(rows, dim);
  const V = memory.vectors(), norms = memory.norms();
  let seed = 12345;
  for (let i = 0; i < V.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    V[i] = seed / 2 ** 31 - 1;
  }
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let i = 0; i < dim; i++) s += V[r * dim + i] ** 2;
    norms[r] = Math.sqrt(s);
  }
  return memory;
}

function queries(memory: ModelMemory, count: number): Float32Array[] {
  const V = memory.vectors(), dim = memory.dim;
  return Array.from({ length: count }, (_, i) => V.slice(i * 997 * dim, (i * 997 + 1) * dim));
}

/** The selection alone, over a precomputed score array. */
function selectOnly(kernel: CosineKernel, memory: ModelMemory, scores: Float32Array): number {
  if (kernel === jsKernel) return time(() => topKOfScores(scores, K));
  const wasm = kernelExports(memory.wasm!);
  const at = memory.allocScratch(4 * scores.length), idx = memory.allocScratch(4 * K), val = memory.allocScratch(4 * K);
  new Float32Array(memory.buffer, at, scores.length).set(scores);
  const ms = time(() => wasm.topK(at, scores.length, K, idx, val));
  memory.resetScratch();
  return ms;
}

const rows: string[][] = [['model', 'kernel', 'scores ms', 'GFLOP/s', `topK(${K}) ms`, 'select-only ms', 'select % of scoring']];
const started = performance.now();
for (const dim of [300, 100]) {
  const memory = model(ROWS, dim);
  const qs = queries(memory, 8);
  const flops = 2 * ROWS * dim;
  const results = new Map<CosineKernel, number[]>();
  for (const kernel of [jsKernel, wasmKernel]) {
    const scoresMs = time((i) => kernel.scores(memory, qs[i % qs.length], 0, ROWS));
    const topMs = time((i) => kernel.topK(memory, qs[i % qs.length], 0, ROWS, K));
    const select = selectOnly(kernel, memory, kernel.scores(memory, qs[0], 0, ROWS));
    results.set(kernel, [scoresMs, topMs]);
    rows.push([`${ROWS / 1000}k × ${dim}`, kernel.name, scoresMs.toFixed(2), (flops / scoresMs / 1e6).toFixed(2),
      topMs.toFixed(2), select.toFixed(3), `${((100 * select) / scoresMs).toFixed(1)}%`]);
  }
  const [js, wasm] = [results.get(jsKernel)!, results.get(wasmKernel)!];
  rows.push([`${ROWS / 1000}k × ${dim}`, 'JS / WASM time', `${(js[0] / wasm[0]).toFixed(2)}×`, '', `${(js[1] / wasm[1]).toFixed(2)}×`, '', '']);
}

const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
const line = (r: string[]) => `| ${r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
console.log(line(rows[0]));
console.log(`|${widths.map((w, c) => (c < 2 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
for (const r of rows.slice(1)) console.log(line(r));
console.log(`\nNode ${process.version}, ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
