/**
 * Kernel benchmark: JS vs WebAssembly SIMD128 cosine scoring and top-k, on random models of 100k × 300 and
 * 100k × 100 float32 (the same memory for both kernels). Run: npm run build:wasm && npm run bench:kernels.
 *
 * Columns: ms per query for scores() (the full score array, copied out) and topK(k = 10) (fused scoring and
 * selection); GFLOP/s of scoring (2 · rows · dim flops per query); the selection alone (top-k over precomputed
 * scores) as % of the scoring time.
 *
 * Then the dictionary's score tiles (src/kernels/tile-workspace.ts), one core: a 256 × 20,000 tile of a random
 * 20,256 × 300 model (GFLOP/s = 2 · 256 · 20,000 · 300 / time; int8: GOP/s, the same count of integer operations),
 * best of several runs; and whole dictionaries (every row's top-10, symmetric tiling, blocks of 256 rows) of a
 * random 8,192 × 300 model and of the glove10k-100d fixture: time, scoring rate, the top-k heaps' overhead (the
 * same tiles with heaps vs scores only), and the quantised path end to end (tiles + exact rescoring + float32
 * passes for rows whose selection was not provably complete; its result is checked equal to the float32 one).
 *
 * Last, batch queries as the search pool's workers run them (src/kernels/tile-queries.ts), one core, on GloVe 6B
 * 100d (341,479 words; made once in bench/models from its npm package): blocks of 1 to 64 of the model's own unit
 * rows against every row, k = 11, on the float32 tiles and on the quantised panels with exact rescoring (checked
 * equal; `unproven`: queries that needed the float32 pass).
 */
import { ModelMemory } from '../src/vectors/model-memory.js';
import { jsKernel, wasmKernel, topKOfScores, type CosineKernel } from '../src/kernels/index.js';
import { kernelExports } from '../src/kernels/wasm-module.js';
import { TileWorkspace } from '../src/kernels/tile-workspace.js';
import { TileQuantized } from '../src/kernels/tile-int8.js';
import { TileRescorer } from '../src/kernels/tile-rescore.js';
import { loadModel } from '../src/formats/load-model.js';
import { OracleTiles } from '../test/kernels/tile-oracle.js';
import { TileQueries } from '../src/kernels/tile-queries.js';
import { sharedOf } from '../src/kernels/tile-workspace.js';
import { CACHE } from './lib/dict-models.js';
import { ensureGlove } from './lib/glove.js';

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

printTable(rows);

// ---- dictionary score tiles -------------------------------------------------------------------------------------

/**
 * Best CPU ms (this thread's user time: the machine may be shared) of each fn, run in turn `rounds` times after one
 * warm-up round.
 */
function best(fns: (() => void)[], rounds = 3): number[] {
  // CPU time of this thread (not wall time: the machine is shared), best of `rounds` after a warm-up round. The
  // clock ticks coarsely (milliseconds), so each measurement repeats the call until it has taken 30 ms or more and
  // divides: a 1 ms call measured once reads as 0 or as a whole tick.
  const low = fns.map(() => Infinity);
  for (let round = 0; round <= rounds; round++) {
    fns.forEach((fn, f) => {
      const t = process.cpuUsage().user;
      let calls = 0, spent = 0;
      do {
        fn();
        calls++;
        spent = (process.cpuUsage().user - t) / 1000;
      } while (spent < 30);
      if (round > 0) low[f] = Math.min(low[f], spent / calls);
    });
  }
  return low;
}

const tileRows: string[][] = [['tile (1 core)', 'kernel', 'ms', 'GFLOP/s or GOP/s']];
{
  const dim = 300, I = 256, J = 20_000;
  const memory = model(I + J, dim);
  const ops = 2 * I * J * dim;
  const row = (what: string, kernel: string, ms: number, count = ops) => tileRows.push([what, kernel, ms.toFixed(1), (count / ms / 1e6).toFixed(1)]);
  const { workspace } = TileWorkspace.reserve(memory, K, I);
  // repeated, the tile meets warm heaps: the rows' thresholds are final, so this is the prefilter's own cost (with
  // columns, a repeat would re-offer the columns' own entries: the dictionaries below measure that side)
  const [rowsOnly, scores] = best([() => workspace.tile(0, I, I, I + J), () => workspace.scoreOnlyTile(0, I, I, I + J)]);
  row(`${I} × ${J / 1000}k × ${dim}, rows, warm heaps`, 'f32 wasm-simd128', rowsOnly);
  row(`${I} × ${J / 1000}k × ${dim}, scores only`, 'f32 wasm-simd128', scores);
  tileRows.push(['  prefilter + heaps % of scoring', '', '', `${((100 * (rowsOnly - scores)) / scores).toFixed(1)}%`]);
  const js = new OracleTiles(TileWorkspace.reserve(memory, K, 32).workspace); // the tests' TypeScript oracle, for scale
  row(`32 × 2k × ${dim}, rows + columns`, 'f32 js', best([() => js.tile(0, 32, 32, 2032, true)], 2)[0], 2 * 32 * 2000 * dim);
  for (const bits of [8, 12]) {
    const { quantized } = TileQuantized.reserve(memory, bits);
    const w8 = TileWorkspace.reserve(memory, K + 10, I, { int8: quantized }).workspace;
    row(`${I} × ${J / 1000}k × ${dim}, rows, warm heaps`, `int${bits} (i16 dot) wasm`, best([() => w8.tileInt8(0, I, I, I + J)])[0]);
  }
}
printTable(tileRows);

/** Every row's top-k with one workspace: the symmetric tiling (diagonal tiles, then J after I with columns). */
function dictionary(ws: TileWorkspace, n: number, block: number, how: 'f32' | 'scores' | 'int8'): void {
  ws.resetHeaps();
  for (let i0 = 0; i0 < n; i0 += block) {
    const i1 = Math.min(n, i0 + block);
    if (how === 'f32') { ws.tile(i0, i1, i0, i1, false, true); ws.tile(i0, i1, i1, n, true); }
    else if (how === 'int8') { ws.tileInt8(i0, i1, i0, i1, false, true); ws.tileInt8(i0, i1, i1, n, true); }
    else { ws.scoreOnlyTile(i0, i1, i0, i1); ws.scoreOnlyTile(i0, i1, i1, n); }
  }
}

const dictRows: string[][] = [['dictionary top-10 (1 core)', 'path', 'ms', 'GFLOP/s', 'top-k % of scoring', 'rows recomputed']];
const glove = await loadModel(new URL('../test/fixtures/models/glove10k-100d.bin', import.meta.url).pathname, { binary: true });
for (const [name, memory] of [['random 8k × 300', model(8192, 300)], ['glove10k-100d', glove.memory]] as const) {
  const n = memory.rows, block = 256, flops = n * n * memory.dim; // n²/2 pairs, 2 flops per dimension
  const f32 = TileWorkspace.reserve(memory, K, block);
  const [scores, full] = best([() => dictionary(f32.workspace, n, block, 'scores'), () => dictionary(f32.workspace, n, block, 'f32')], 2);
  const want = f32.workspace.rowsResult(0, n); // (the last run was a full one)
  dictRows.push([name, 'f32', full.toFixed(0), (flops / full / 1e6).toFixed(1), `${((100 * (full - scores)) / scores).toFixed(1)}%`, '']);
  for (const [bits, m] of memory === glove.memory ? [[12, 10], [8, 30]] : [[12, 10]]) {
    const { quantized, release: releaseQ } = TileQuantized.reserve(memory, bits);
    const w8 = TileWorkspace.reserve(memory, K + m, block, { int8: quantized });
    const exact = TileRescorer.reserve(memory, K, K + m, block);
    let recomputed = 0;
    const got = { indices: new Int32Array(n * K), scores: new Float32Array(n * K) };
    const [ms] = best([() => {
      dictionary(w8.workspace, n, block, 'int8');
      recomputed = 0;
      for (let r0 = 0; r0 < n; r0 += block) {
        const rows = exact.rescorer.rows(w8.workspace, r0, Math.min(n, r0 + block));
        got.indices.set(rows.indices, r0 * K);
        got.scores.set(rows.scores, r0 * K);
        recomputed += rows.recomputed.length;
      }
    }], 2);
    const same = got.indices.every((x, e) => x === want.indices[e]) && got.scores.every((x, e) => Object.is(x, want.scores[e]));
    dictRows.push([name, `int${bits}, k + ${m}, rescored${same ? ' (== f32)' : ' (DIFFERS!)'}`, ms.toFixed(0), (flops / ms / 1e6).toFixed(1), '', `${recomputed} of ${n}`]);
    exact.release();
    w8.release();
    releaseQ();
  }
  f32.release();
}
printTable(dictRows);

// ---- batch queries (the search pool's worker) -------------------------------------------------------------------

const queryRows: string[][] = [['batch queries, GloVe 341k × 100, k = 11 (1 core)', 'path', 'ms per batch', 'queries/s', 'int8 speed-up', 'unproven']];
{
  const big = await loadModel((await ensureGlove(CACHE)).binary);
  const memory = big.memory, n = big.size, dim = big.dim, capacity = 64, k = 11;
  const { quantized, release: releaseQ } = await TileQuantized.reserveYielding(memory, TileQuantized.bitsFor(dim), memory, { panels: true });
  const regions = [undefined, quantized.regionOffset].map((int8) => {
    const region = memory.reserve(TileQueries.bytesNeeded(n, dim, capacity, k, int8 !== undefined));
    return { searcher: new TileQueries(sharedOf(memory), region.offset, capacity, k, int8), release: region.release };
  });
  const [f32, int8] = regions.map((r) => r.searcher);
  for (const count of [1, 4, 8, 16, 64]) {
    const blocks = Array.from({ length: 4 }, (_, b) => {
      const qs = new Float32Array(count * dim);
      for (let q = 0; q < count; q++) {
        const row = (b * 7919 + q * 104_729) % n;
        for (let p = 0; p < dim; p++) qs[q * dim + p] = big.vectors[row * dim + p] / big.norms[row];
      }
      return qs;
    });
    let unproven = 0, same = true;
    for (const qs of blocks) { // the check, untimed
      const got = int8.search(qs, count, k, 0, n), want = f32.search(qs, count, k, 0, n);
      unproven += got.unproven;
      same &&= got.indices.every((x, e) => x === want.indices[e]) && got.scores.every((x, e) => Object.is(x, want.scores[e]));
    }
    let block = 0;
    const [msF, ms8] = best([() => f32.search(blocks[block % 4], count, k, 0, n), () => int8.search(blocks[block++ % 4], count, k, 0, n)]);
    const rate = (ms: number) => Math.round((count * 1000) / ms).toLocaleString('en-US');
    queryRows.push([`blocks of ${count}`, 'f32 tiles', msF.toFixed(2), rate(msF), '', '']);
    queryRows.push([`blocks of ${count}`, `int12 panels, rescored${same ? ' (== f32)' : ' (DIFFERS!)'}`, ms8.toFixed(2), rate(ms8), `${(msF / ms8).toFixed(2)}×`, `${unproven} of ${4 * count}`]);
  }
  for (const r of regions.reverse()) r.release();
  releaseQ();
}
printTable(queryRows);
console.log(`\nNode ${process.version}, ${((performance.now() - started) / 1000).toFixed(1)} s in all`);

function printTable(table: string[][]): void {
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  console.log(`\n${line(table[0])}`);
  console.log(`|${widths.map((w, c) => (c < 2 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of table.slice(1)) console.log(line(r));
}
